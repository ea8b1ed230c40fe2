package web

import (
	"strings"

	"chuhai/internal/auth"
)

// nav is the console navigation for a role; the public portal's links are in the layout.
func (s *Server) nav(current string, p *auth.Principal) []NavItem {
	if p == nil {
		return nil
	}
	if p.MustEnrolTOTP {
		// Until the second factor is enrolled, the account page is the only place to go.
		return []NavItem{{Href: "/account", Label: "nav.account", Current: current == "/account"}}
	}
	items := []NavItem{{Href: "/console", Label: "nav.console"}, {Href: "/inbox", Label: "notify.nav.inbox"}}
	switch {
	case p.Staff():
		items = append(items, NavItem{Href: "/console/casework", Label: "nav.casework"})
	case p.Role.Scope() == auth.ScopeEnterprise:
		items = append(items, NavItem{Href: "/requests", Label: "nav.my_requests"})
	case p.Role.Scope() == auth.ScopeProvider:
		items = append(items, NavItem{Href: "/console/referrals", Label: "nav.referrals"})
	}
	if p.Staff() {
		items = append(items, NavItem{Href: "/network", Label: "nav.network"})
	}
	items = append(items, directoryNav(p)...)
	if p.CityWide() {
		items = append(items, NavItem{Href: "/console/audit", Label: "nav.audit"})
	}
	if p.Role == auth.SystemAdmin {
		items = append(items, NavItem{Href: "/console/users", Label: "nav.users"})
	}
	items = append(items, NavItem{Href: "/account", Label: "nav.account"})
	for i := range items {
		items[i].Current = current == items[i].Href || items[i].Href != "/console" && strings.HasPrefix(current, items[i].Href+"/")
	}
	return items
}
