package web

import (
	"net/http"

	"chuhai/internal/subsidy"
)

// apiProgrammeCreate creates a programme.
func (s *Server) apiProgrammeCreate(w http.ResponseWriter, r *http.Request) error {
	var in subsidy.ProgrammeInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.Subsidy.CreateProgramme(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/programmes/"+itoa(p.ID))
	return writeJSON(w, http.StatusCreated, p)
}
