package auth

import "context"

// Role is what a user may do; every user has exactly one.
type Role string

const (
	EnterpriseMember Role = "enterprise_member"
	EnterpriseAdmin  Role = "enterprise_admin"
	ProviderMember   Role = "provider_member"
	ProviderAdmin    Role = "provider_admin"
	PointStaff       Role = "point_staff"
	PointLead        Role = "point_lead"
	CityCoordinator  Role = "city_coordinator"
	SystemAdmin      Role = "system_admin"
)

// Roles lists every role, for matrices and forms.
var Roles = []Role{EnterpriseMember, EnterpriseAdmin, ProviderMember, ProviderAdmin, PointStaff, PointLead, CityCoordinator, SystemAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Principal is the signed-in user as the rest of the system sees it.
type Principal struct {
	UserID       int64
	Login        string
	Name         string
	Role         Role
	PointID      int64 // staff: their service point
	EnterpriseID int64 // enterprise users: their enterprise
	ProviderID   int64 // provider users: their provider
	Lang         string
	SessionID    int64 // 0 for API tokens
}

// CityWide reports whether the principal acts across the whole city.
func (p *Principal) CityWide() bool {
	return p != nil && (p.Role == CityCoordinator || p.Role == SystemAdmin)
}

// Staff reports whether the principal works at a service point or for the city.
func (p *Principal) Staff() bool {
	return p != nil && (p.Role == PointStaff || p.Role == PointLead || p.CityWide())
}

type principalKey struct{}

// WithPrincipal stores p in ctx.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// From returns the principal in ctx, or nil for an anonymous visitor.
func From(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}
