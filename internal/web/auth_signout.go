package web

import (
	"errors"
	"net/http"

	"chuhai/internal/apperr"
)

// signOut ends the browser's session and clears its cookie. Signing out twice is harmless.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	if p := info(r).principal; p != nil && p.SessionID != 0 {
		if err := s.Auth.EndSession(r.Context(), p.SessionID); err != nil && !errors.Is(err, apperr.ErrNotFound) {
			return err
		}
	}
	http.SetCookie(w, s.Auth.ClearCookie())
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
