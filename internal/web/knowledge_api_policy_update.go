package web

import "net/http"

// apiPolicyUpdate replaces a policy, refusing a stale version with 409.
func (s *Server) apiPolicyUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in policyUpdate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.Knowledge.UpdatePolicy(r.Context(), id, in.Version, in.PolicyInput)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}
