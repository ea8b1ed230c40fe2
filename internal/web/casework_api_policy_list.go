package web

import "net/http"

// apiPolicyList lists the SLA policies.
func (s *Server) apiPolicyList(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.Casework.Policies(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ps)
}
