package web

import "chuhai/internal/auth"

// odiNav is the console navigation to ODI: projects for staff and enterprises, and the rules and
// analytics for the city.
func odiNav(p *auth.Principal) []NavItem {
	var items []NavItem
	if p.Staff() || p.Role.Scope() == auth.ScopeEnterprise {
		items = append(items, NavItem{Href: "/odi/projects", Label: "odi.nav.projects"})
	}
	if p.CityWide() {
		items = append(items, NavItem{Href: "/odi/rules", Label: "odi.nav.rules"}, NavItem{Href: "/odi/analytics", Label: "odi.nav.analytics"})
	}
	return items
}

// odiSections are the ODI blocks of the console landing page.
func odiSections(p *auth.Principal) []ConsoleSection {
	var out []ConsoleSection
	if p.Staff() || p.Role.Scope() == auth.ScopeEnterprise {
		out = append(out, ConsoleSection{"/odi/projects", "odi.nav.projects", "odi.console.projects"})
	}
	if p.CityWide() {
		out = append(out, ConsoleSection{"/odi/analytics", "odi.nav.analytics", "odi.console.analytics"})
	}
	return out
}
