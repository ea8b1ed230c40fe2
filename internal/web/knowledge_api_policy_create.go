package web

import (
	"net/http"
	"strconv"

	"chuhai/internal/knowledge"
)

// apiPolicyCreate adds a policy as a draft.
func (s *Server) apiPolicyCreate(w http.ResponseWriter, r *http.Request) error {
	var in knowledge.PolicyInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.Knowledge.CreatePolicy(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/policies/"+strconv.FormatInt(p.ID, 10))
	return writeJSON(w, http.StatusCreated, p)
}
