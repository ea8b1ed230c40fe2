package web

import "net/http"

// apiApplicationShow returns an application.
func (s *Server) apiApplicationShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.Subsidy.Application(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.applicationView(r, a))
}
