package web

import "net/http"

// apiRequestMatches lists the providers the directory proposes for a request.
func (s *Server) apiRequestMatches(w http.ResponseWriter, r *http.Request) error {
	ms, err := s.Casework.Suggest(r.Context(), r.PathValue("ref"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ms)
}
