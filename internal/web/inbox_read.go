package web

import "net/http"

// inboxMarkRead marks one message read and returns to the inbox.
func (s *Server) inboxMarkRead(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Notify.MarkRead(r.Context(), info(r).principal.UserID, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/inbox", http.StatusSeeOther)
	return nil
}

// inboxMarkAllRead marks every message read.
func (s *Server) inboxMarkAllRead(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.Notify.MarkAllRead(r.Context(), info(r).principal.UserID); err != nil {
		return err
	}
	http.Redirect(w, r, "/inbox", http.StatusSeeOther)
	return nil
}
