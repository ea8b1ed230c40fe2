package web

import (
	"net/http"

	"chuhai/internal/casework"
)

// apiPolicySet creates or replaces one SLA policy.
func (s *Server) apiPolicySet(w http.ResponseWriter, r *http.Request) error {
	var in casework.Policy
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.Casework.SetPolicy(r.Context(), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}
