package web

import (
	"net/http"

	"chuhai/internal/subsidy"
)

// apiApplicationTransition moves an application along its review. A payment's idempotency key may
// come in the body or in the Idempotency-Key header.
func (s *Server) apiApplicationTransition(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in subsidy.TransitionInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.IdempotencyKey == "" {
		in.IdempotencyKey = r.Header.Get("Idempotency-Key")
	}
	a, err := s.Subsidy.Transition(r.Context(), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.applicationView(r, a))
}
