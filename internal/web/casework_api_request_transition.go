package web

import (
	"net/http"

	"chuhai/internal/casework"
)

// apiRequestTransition moves a request through the workflow.
func (s *Server) apiRequestTransition(w http.ResponseWriter, r *http.Request) error {
	var t casework.Transition
	if err := decodeJSON(r, &t); err != nil {
		return err
	}
	req, err := s.Casework.Transition(r.Context(), r.PathValue("ref"), t)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, req)
}
