package web

import "net/http"

// apiGuideReturn sends a guide under review back to its editors.
func (s *Server) apiGuideReturn(w http.ResponseWriter, r *http.Request) error {
	country, err := pathCountry(r)
	if err != nil {
		return err
	}
	var in guideReturn
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	g, err := s.Knowledge.ReturnGuide(r.Context(), country, in.Version, in.Note)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, g)
}
