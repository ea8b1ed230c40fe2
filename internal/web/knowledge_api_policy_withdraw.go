package web

import "net/http"

// apiPolicyWithdraw takes a published policy back to draft.
func (s *Server) apiPolicyWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in versionBody
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.Knowledge.WithdrawPolicy(r.Context(), id, in.Version)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}
