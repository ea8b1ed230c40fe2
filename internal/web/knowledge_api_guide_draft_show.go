package web

import "net/http"

// apiGuideDraftShow returns the working copy of a guide.
func (s *Server) apiGuideDraftShow(w http.ResponseWriter, r *http.Request) error {
	country, err := pathCountry(r)
	if err != nil {
		return err
	}
	g, err := s.Knowledge.WorkingCopy(r.Context(), country)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, g)
}
