package web

import "net/http"

// apiODIRulesReset answers POST /api/v1/odi/rules/reset.
func (s *Server) apiODIRulesReset(w http.ResponseWriter, r *http.Request) error {
	var req versionRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	rec, err := s.ODI.ResetRules(r.Context(), req.Version)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rec)
}
