package web

import (
	"net/http"

	"chuhai/internal/subsidy"
)

// apiApplicationCreate applies to a programme.
func (s *Server) apiApplicationCreate(w http.ResponseWriter, r *http.Request) error {
	var in subsidy.ApplicationInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.Subsidy.Apply(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/applications/"+itoa(a.ID))
	return writeJSON(w, http.StatusCreated, s.applicationView(r, a))
}
