package web

import "net/http"

// apiGuideSubmit sends a guide's draft for review.
func (s *Server) apiGuideSubmit(w http.ResponseWriter, r *http.Request) error {
	country, err := pathCountry(r)
	if err != nil {
		return err
	}
	var in versionBody
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	g, err := s.Knowledge.SubmitGuide(r.Context(), country, in.Version)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, g)
}
