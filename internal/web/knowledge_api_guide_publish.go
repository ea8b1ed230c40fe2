package web

import "net/http"

// apiGuidePublish publishes a guide under review as its next version.
func (s *Server) apiGuidePublish(w http.ResponseWriter, r *http.Request) error {
	country, err := pathCountry(r)
	if err != nil {
		return err
	}
	var in versionBody
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	g, err := s.Knowledge.PublishGuide(r.Context(), country, in.Version)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, g)
}
