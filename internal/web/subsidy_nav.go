package web

import "chuhai/internal/auth"

// subsidyNav is the console navigation to subsidies: an enterprise's offers, quotes, applications and
// vouchers; a provider's vouchers; staff's review queue and the programmes.
func subsidyNav(p *auth.Principal) []NavItem {
	switch {
	case p.Role.Scope() == auth.ScopeEnterprise:
		return []NavItem{{Href: "/subsidy/offers", Label: "subsidy.nav.offers"}, {Href: "/subsidy/quote", Label: "subsidy.nav.quote"},
			{Href: "/subsidy/applications", Label: "subsidy.nav.applications"}, {Href: "/subsidy/vouchers", Label: "subsidy.nav.vouchers"}}
	case p.Role.Scope() == auth.ScopeProvider:
		return []NavItem{{Href: "/subsidy/vouchers", Label: "subsidy.nav.vouchers"}}
	case p.Staff():
		return []NavItem{{Href: "/subsidy/applications", Label: "subsidy.nav.queue"}, {Href: "/subsidy", Label: "subsidy.nav.programmes"}}
	}
	return nil
}
