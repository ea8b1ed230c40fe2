package web

import "net/http"

// accountLanguage saves the language the account sees the platform in.
func (s *Server) accountLanguage(w http.ResponseWriter, r *http.Request) error {
	p := info(r).principal
	lang := r.PostFormValue("lang")
	if err := s.Auth.SetLanguage(r.Context(), p.UserID, lang); err != nil {
		return s.accountFailed(w, r, "language", err, "lang")
	}
	// The page after the redirect is already in the new language; the cookie keeps it after sign-out.
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.TLS, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/account?done=language", http.StatusSeeOther)
	return nil
}
