package web

import "net/http"

// apiSLAPolicyList lists the SLA policies.
func (s *Server) apiSLAPolicyList(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.Casework.Policies(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ps)
}
