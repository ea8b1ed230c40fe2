package web

import (
	"net/http"
	"strings"

	"chuhai/internal/auth"
)

// signIn checks the form and, on success, sets the session cookie and redirects.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) error {
	login, next := strings.TrimSpace(r.PostFormValue("login")), r.PostFormValue("next")
	ri := info(r)
	token, p, err := s.Auth.SignIn(r.Context(), login, r.PostFormValue("password"), r.PostFormValue("totp"),
		ri.clientIP, r.UserAgent(), auth.SessionWeb)
	if err != nil {
		fe, status, ok := s.formErrors(w, r, err, "login", "password", "totp")
		if !ok {
			return err
		}
		s.renderStatus(w, r, status, "signin", signInPage{Login: login, Next: next, Errors: fe}, "auth.signin.title")
		return nil
	}
	// A new session replaces whatever session this browser had, so an old cookie planted before
	// sign-in is worth nothing afterwards.
	if old := ri.principal; old != nil && old.SessionID != 0 {
		if err := s.Auth.EndSession(r.Context(), old.SessionID); err != nil {
			s.Log.WarnContext(r.Context(), "end replaced session", "request_id", ri.id, "error", err.Error())
		}
	}
	http.SetCookie(w, s.Auth.Cookie(token))
	if p.MustEnrolTOTP {
		http.Redirect(w, r, "/account#totp", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, afterSignIn(next), http.StatusSeeOther)
	return nil
}
