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
	items = append(items, odiNav(p)...)
	items = append(items, subsidyNav(p)...)
	if p.CityWide() {
		items = append(items, NavItem{Href: "/console/audit", Label: "nav.audit"})
	}
	if p.Role == auth.SystemAdmin {
		items = append(items, NavItem{Href: "/console/users", Label: "nav.users"}, NavItem{Href: "/console/calendar", Label: "nav.calendar"})
	}
	items = append(items, NavItem{Href: "/account", Label: "nav.account"})
	// The current item is the one whose link is the longest prefix of the path, so that /subsidy and
	// /subsidy/applications are not both current on the queue.
	best := -1
	for i := range items {
		if current == items[i].Href || items[i].Href != "/console" && strings.HasPrefix(current, items[i].Href+"/") {
			if best < 0 || len(items[i].Href) > len(items[best].Href) {
				best = i
			}
		}
	}
	if best >= 0 {
		items[best].Current = true
	}
	return items
}
