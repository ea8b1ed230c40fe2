package web

import "net/http"

// apiAllianceShow returns one alliance.
func (s *Server) apiAllianceShow(w http.ResponseWriter, r *http.Request) error {
	a, err := s.Network.AllianceByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}
