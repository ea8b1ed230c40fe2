package web

import "net/http"

// apiInboxMarkRead marks one of the caller's messages read; another user's is not found.
func (s *Server) apiInboxMarkRead(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Notify.MarkRead(r.Context(), info(r).principal.UserID, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
