package web

import (
	"net/http"
	"strings"

	"chuhai/internal/i18n"
	"chuhai/internal/network"
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
	sum, err := s.Network.Summarize(r.Context())
	if err != nil {
		return err
	}
	counts := []Count{
		{N: sum.Points[network.CityPlatform], Label: "network.count.city_platform"},
		{N: sum.Points[network.SubPlatform], Label: "network.count.sub_platform"},
		{N: sum.Points[network.DistrictPoint], Label: "network.count.district_point"},
		{N: sum.Points[network.SpecialisedPoint], Label: "network.count.specialised_point"},
		{N: sum.Points[network.OverseasPoint], Label: "network.count.overseas_point"},
		{N: sum.Alliances, Label: "network.count.alliances"},
		{N: sum.AllianceMembers, Label: "network.count.alliance_members"},
	}
	return s.render(w, r, "home", "", struct{ Counts []Count }{counts})
}

// switchLanguage keeps the visitor's choice in a cookie and, when signed in, on the account.
func (s *Server) switchLanguage(w http.ResponseWriter, r *http.Request) error {
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
