package web

import "chuhai/internal/auth"

// directoryNav is the directory's part of the console navigation for a role.
func directoryNav(p *auth.Principal) []NavItem {
	var items []NavItem
	switch {
	case p.Staff():
		items = append(items, NavItem{Href: "/console/enterprises", Label: "nav.enterprises"},
			NavItem{Href: "/console/providers", Label: "nav.console_providers"}, NavItem{Href: "/console/import", Label: "nav.import"},
			NavItem{Href: "/console/district-changes", Label: "nav.district_changes"}, NavItem{Href: "/match", Label: "nav.match"})
	case p.Role == auth.EnterpriseMember || p.Role == auth.EnterpriseAdmin:
		items = append(items, NavItem{Href: "/console/enterprise", Label: "nav.my_enterprise"}, NavItem{Href: "/match", Label: "nav.match"})
	case p.Role == auth.ProviderMember || p.Role == auth.ProviderAdmin:
		items = append(items, NavItem{Href: "/console/provider", Label: "nav.my_provider"})
	}
	if p.Role == auth.EnterpriseAdmin || p.Role == auth.ProviderAdmin {
		items = append(items, NavItem{Href: "/console/team", Label: "nav.team"})
	}
	return items
}

// directorySections are the directory's blocks on the console landing page.
func directorySections(p *auth.Principal) []ConsoleSection {
	var out []ConsoleSection
	for _, item := range directoryNav(p) {
		out = append(out, ConsoleSection{Href: item.Href, Title: item.Label, Text: "console.section." + item.Label[len("nav."):]})
	}
	return out
}
