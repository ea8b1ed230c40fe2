package web

import "net/http"

// apiAlertWithdraw takes a published alert back to draft.
func (s *Server) apiAlertWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in versionBody
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.Knowledge.WithdrawAlert(r.Context(), id, in.Version)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a)
}
