package web

import "net/http"

// apiProgrammeShow returns a programme.
func (s *Server) apiProgrammeShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Subsidy.Programme(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}
