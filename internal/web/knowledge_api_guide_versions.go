package web

import "net/http"

// apiGuideVersions lists a guide's published versions; a guide never published has none (404).
func (s *Server) apiGuideVersions(w http.ResponseWriter, r *http.Request) error {
	country, err := pathCountry(r)
	if err != nil {
		return err
	}
	if _, err := s.Knowledge.Guide(r.Context(), country); err != nil {
		return err
	}
	vs, err := s.Knowledge.GuideVersions(r.Context(), country)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, vs)
}
