package web

import (
	"net/http"

	"chuhai/internal/auth"
)

// ConsoleSection is one block of the console landing page: a place the role works in.
type ConsoleSection struct {
	Href, Title, Text string // Title and Text are catalogue ids
}

type consolePage struct {
	User        auth.User
	RoleKey     string
	Affiliation *Affiliation
	LastLogin   string
	Sections    []ConsoleSection
	Market      *marketAlerts // enterprise users: alerts for their markets, and what applies to them
}

// consoleSections lists, per role, where the console leads; it follows the navigation in nav.go.
func consoleSections(p *auth.Principal) []ConsoleSection {
	var out []ConsoleSection
	switch {
	case p.Staff():
		out = append(out, ConsoleSection{"/console/casework", "nav.casework", "console.section.casework"})
	case p.Role.Scope() == auth.ScopeEnterprise:
		out = append(out, ConsoleSection{"/requests", "nav.my_requests", "console.section.my_requests"})
	case p.Role.Scope() == auth.ScopeProvider:
		out = append(out, ConsoleSection{"/console/referrals", "nav.referrals", "console.section.referrals"})
	}
	if p.Staff() {
		out = append(out, ConsoleSection{"/network", "nav.network", "console.section.network"})
	}
	out = append(out, directorySections(p)...)
	out = append(out, odiSections(p)...)
	if p.CityWide() {
		out = append(out, ConsoleSection{"/console/audit", "nav.audit", "console.section.audit"})
	}
	if p.Role == auth.SystemAdmin {
		out = append(out, ConsoleSection{"/console/users", "nav.users", "console.section.users"},
			ConsoleSection{"/console/calendar", "nav.calendar", "console.section.calendar"})
	}
	return append(out, ConsoleSection{"/account", "nav.account", "console.section.account"})
}

// consoleHome is the signed-in landing page: who you are, where you belong, where to go.
func (s *Server) consoleHome(w http.ResponseWriter, r *http.Request) error {
	p := info(r).principal
	u, err := s.Auth.UserByID(r.Context(), p.UserID)
	if err != nil {
		return err
	}
	af, err := s.affiliations(r.Context()).of(u.Role, u.PointID, u.EnterpriseID, u.ProviderID)
	if err != nil {
		return err
	}
	market, err := s.enterpriseDashboard(r, p)
	if err != nil {
		return err
	}
	return s.render(w, r, "console", "console.title", consolePage{User: u, RoleKey: "role." + string(u.Role),
		Affiliation: af, LastLogin: when(u.LastLoginAt), Sections: consoleSections(p), Market: market})
}
