package web

import "net/http"

// apiODIRulesUpdate answers PUT /api/v1/odi/rules.
func (s *Server) apiODIRulesUpdate(w http.ResponseWriter, r *http.Request) error {
	var req rulesUpdateRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	rec, err := s.ODI.SaveRules(r.Context(), req.Version, req.Rules)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rec)
}
