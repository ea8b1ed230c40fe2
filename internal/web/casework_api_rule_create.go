package web

import (
	"net/http"

	"chuhai/internal/casework"
)

// apiRuleCreate adds a routing rule.
func (s *Server) apiRuleCreate(w http.ResponseWriter, r *http.Request) error {
	var in casework.RuleInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	rule, err := s.Casework.CreateRule(r.Context(), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, rule)
}
