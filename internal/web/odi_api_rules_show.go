package web

import "net/http"

// apiODIRulesShow answers GET /api/v1/odi/rules.
func (s *Server) apiODIRulesShow(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.ODI.CurrentRules(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rec)
}
