package web

import (
	"net/http"
	"strings"

	"chuhai/internal/i18n"
)

func (s *Server) portalRoutes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/{$}", Access: Anyone, Handle: s.home},
		{Method: "POST", Pattern: "/lang", Access: Anyone, Handle: s.switchLanguage},
	}
}

// Count is one figure on the home page.
type Count struct {
	N     int
	Label string // catalogue id
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "home", "", struct{ Counts []Count }{})
}

// switchLanguage keeps the visitor's choice in a cookie and, when signed in, on the account.
func (s *Server) switchLanguage(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	lang := i18n.Normalize(r.PostFormValue("lang"))
	if lang == "" {
		lang = i18n.Chinese
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.TLS, SameSite: http.SameSiteLaxMode})
	if p := info(r).principal; p != nil {
		if err := s.Auth.SetLanguage(r.Context(), p.UserID, lang); err != nil {
			return err
		}
	}
	http.Redirect(w, r, localPath(r.PostFormValue("back")), http.StatusSeeOther)
	return nil
}

// localPath returns p when it is a path on this site, "/" otherwise (no open redirects). Browsers
// drop tabs and newlines from URLs and read a backslash as a slash, so "/\t/evil.example" or
// "/\\evil.example" would lead off-site: any control character or backslash disqualifies a path.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsRune(p, '\\') ||
		strings.ContainsFunc(p, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "/"
	}
	return p
}
