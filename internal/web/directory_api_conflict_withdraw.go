package web

import "net/http"

// apiConflictWithdraw removes a declared conflict.
func (s *Server) apiConflictWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ent, err := pathID(r, "enterprise_id")
	if err != nil {
		return err
	}
	if err := s.Directory.WithdrawConflict(dirCtx(r), id, ent); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
