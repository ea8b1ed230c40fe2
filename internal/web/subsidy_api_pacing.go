package web

import "net/http"

// apiPacing returns a programme's budget pacing.
func (s *Server) apiPacing(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Subsidy.Pacing(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}
