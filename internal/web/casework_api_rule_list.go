package web

import "net/http"

// apiRuleList lists the routing rules.
func (s *Server) apiRuleList(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.Casework.Rules(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rs)
}
