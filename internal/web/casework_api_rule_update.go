package web

import (
	"net/http"

	"chuhai/internal/casework"
)

// RuleUpdate replaces a routing rule.
type RuleUpdate struct {
	casework.RuleInput
	Version int `json:"version"`
}

// apiRuleUpdate replaces a routing rule.
func (s *Server) apiRuleUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in RuleUpdate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	rule, err := s.Casework.UpdateRule(r.Context(), id, in.Version, in.RuleInput)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rule)
}
