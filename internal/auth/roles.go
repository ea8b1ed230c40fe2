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
	SessionID    int64 // the session signed in with; 0 for API tokens
	TokenID      int64 // the API token used; 0 for sessions
	TOTPEnabled  bool
	// MustEnrolTOTP is set for a system admin who signed in without a second factor: until they
	// enrol one, the web layer lets them reach only the enrolment page.
	MustEnrolTOTP bool
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

// Scope is what a role belongs to.
type Scope string

const (
	ScopeNone       Scope = ""
	ScopePoint      Scope = "point"
	ScopeEnterprise Scope = "enterprise"
	ScopeProvider   Scope = "provider"
)

// Scope says whether users with role r belong to a service point, an enterprise, a provider, or
// (coordinators and admins) to the whole city.
func (r Role) Scope() Scope {
	switch r {
	case PointStaff, PointLead:
		return ScopePoint
	case EnterpriseMember, EnterpriseAdmin:
		return ScopeEnterprise
	case ProviderMember, ProviderAdmin:
		return ScopeProvider
	}
	return ScopeNone
}

// IsStaff reports whether r works at a service point or for the city.
func (r Role) IsStaff() bool {
	return r == PointStaff || r == PointLead || r == CityCoordinator || r == SystemAdmin
}

// CanActForPoint reports whether p may act for a service point: point staff for their own point,
// coordinators and admins for any.
func (p *Principal) CanActForPoint(pointID int64) bool {
	if p == nil || pointID <= 0 {
		return false
	}
	return p.CityWide() || p.Role.Scope() == ScopePoint && p.PointID == pointID
}

// CanActForEnterprise reports whether p may act for an enterprise: its own users, and coordinators
// and admins. Point staff act for enterprises through the cases routed to their point, which the
// domain that owns the case decides.
func (p *Principal) CanActForEnterprise(enterpriseID int64) bool {
	if p == nil || enterpriseID <= 0 {
		return false
	}
	return p.CityWide() || p.Role.Scope() == ScopeEnterprise && p.EnterpriseID == enterpriseID
}

// CanActForProvider reports whether p may act for a service provider: its own users, and
// coordinators and admins.
func (p *Principal) CanActForProvider(providerID int64) bool {
	if p == nil || providerID <= 0 {
		return false
	}
	return p.CityWide() || p.Role.Scope() == ScopeProvider && p.ProviderID == providerID
}
