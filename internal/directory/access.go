package directory

import (
	"context"

	"chuhai/internal/apperr"
)

// Who may do what with directory records. The route table admits roles; these rules decide about
// particular records. A context without a caller is a trusted caller (the command line, the demo
// loader, other packages acting on the system's behalf) and may do everything.

// Caller is who is calling, in the terms of the directory's rules. App derives it from the signed-in
// account (the directory does not import accounts, whose tests use the directory's schema).
type Caller struct {
	UserID       int64
	Staff        bool  // works at a service point or for the city
	CityWide     bool  // city coordinators and system administrators
	Coordinator  bool  // city coordinators: they approve home-district changes
	PointLead    bool  // leads of a service point: they suspend, reinstate and delist providers
	PointID      int64 // the staff member's service point
	EnterpriseID int64 // users of an enterprise
	ProviderID   int64 // users of a provider
	Admin        bool  // the enterprise's or the provider's administrator
}

type visitorKey struct{}

// Visitor marks ctx as an anonymous visitor's: someone with no rights at all, as opposed to a
// context with no caller, which is trusted. Public pages and the sign-up forms use it.
func Visitor(ctx context.Context) context.Context { return context.WithValue(ctx, visitorKey{}, true) }

func (s *Store) caller(ctx context.Context) *Caller {
	if s.callers != nil {
		if c := s.callers(ctx); c != nil {
			return c
		}
	}
	if ctx.Value(visitorKey{}) != nil {
		return &Caller{}
	}
	return nil
}

// staffReach says where a principal acts: everywhere (trusted callers, coordinators, admins, staff
// of points that serve the whole city) or within one district (staff of a district point).
type staffReach struct {
	all      bool
	district string
}

func (s *Store) reach(ctx context.Context, p *Caller) (staffReach, error) {
	if p == nil || p.CityWide {
		return staffReach{all: true}, nil
	}
	if !p.Staff {
		return staffReach{}, nil
	}
	if s.network == nil {
		return staffReach{}, errNoNetwork
	}
	pt, err := s.network.Point(ctx, p.PointID)
	if err != nil {
		return staffReach{}, err
	}
	if pt.Kind == DistrictPoint {
		return staffReach{district: pt.Region}, nil
	}
	return staffReach{all: true}, nil
}

func (r staffReach) covers(district string) bool {
	return r.all || r.district != "" && r.district == district
}

// mayViewEnterprise: the enterprise's own users; staff whose reach covers its home district (a
// district point sees its own enterprises; the city platform, sub-platforms and specialised points
// serve every district); coordinators.
func (s *Store) mayViewEnterprise(ctx context.Context, e Enterprise) error {
	p := s.caller(ctx)
	if p == nil || p.CityWide || ofEnterprise(p, e.ID) {
		return nil
	}
	if p.Staff {
		r, err := s.reach(ctx, p)
		if err != nil {
			return err
		}
		if r.covers(e.HomeDistrict) {
			return nil
		}
	}
	return apperr.ErrForbidden
}

// mayEditEnterprise: the enterprise's admins; staff of its home district's point; coordinators.
// Staff of points that serve the whole city help enterprises through cases, not by editing their
// profile, so that one district's record stays one district's responsibility.
func (s *Store) mayEditEnterprise(ctx context.Context, e Enterprise) error {
	p := s.caller(ctx)
	switch {
	case p == nil || p.CityWide:
		return nil
	case p.Admin && p.EnterpriseID == e.ID:
		return nil
	case p.Staff:
		r, err := s.reach(ctx, p)
		if err != nil {
			return err
		}
		if r.district != "" && r.district == e.HomeDistrict {
			return nil
		}
	}
	return apperr.ErrForbidden
}

// mayRegisterFor says whether the caller may register (at a window, or by import) an enterprise
// homed in district: a district point registers its own district's enterprises; other staff any.
func (s *Store) mayRegisterFor(ctx context.Context, district string) error {
	p := s.caller(ctx)
	if p == nil || p.CityWide {
		return nil
	}
	if !p.Staff {
		return apperr.ErrForbidden
	}
	r, err := s.reach(ctx, p)
	if err != nil {
		return err
	}
	if r.covers(district) {
		return nil
	}
	return apperr.Invalid(apperr.F("home_district", "directory.enterprise.other_district"))
}

// mayVerifyEnterprise: staff of the home district's point, and coordinators.
func (s *Store) mayVerifyEnterprise(ctx context.Context, e Enterprise) error {
	p := s.caller(ctx)
	if p == nil || p.CityWide {
		return nil
	}
	if p.Staff {
		r, err := s.reach(ctx, p)
		if err != nil {
			return err
		}
		if r.district != "" && r.district == e.HomeDistrict {
			return nil
		}
	}
	return apperr.ErrForbidden
}

// mayDecideDistrictChange: city coordinators only; the rule exists so that no district can move an
// enterprise to itself.
func (s *Store) mayDecideDistrictChange(ctx context.Context) error {
	p := s.caller(ctx)
	if p == nil || p.Coordinator {
		return nil
	}
	return apperr.ErrForbidden
}

// MayEditProvider says whether the caller may edit a provider's profile (for pages that offer it).
func (s *Store) MayEditProvider(ctx context.Context, providerID int64) error {
	return s.mayEditProvider(ctx, providerID)
}

// MayEditEnterprise says whether the caller may edit an enterprise's profile.
func (s *Store) MayEditEnterprise(ctx context.Context, e Enterprise) error {
	return s.mayEditEnterprise(ctx, e)
}

// MayVerifyEnterprise says whether the caller may decide an enterprise's self-registration.
func (s *Store) MayVerifyEnterprise(ctx context.Context, e Enterprise) error {
	return s.mayVerifyEnterprise(ctx, e)
}

// mayEditProvider: the provider's admins, and staff.
func (s *Store) mayEditProvider(ctx context.Context, providerID int64) error {
	p := s.caller(ctx)
	if p == nil || p.Staff || p.Admin && p.ProviderID == providerID {
		return nil
	}
	return apperr.ErrForbidden
}

// mayViewProviderRecord says whether the caller sees a provider whatever its status: its own users
// and staff. Everyone else sees verified providers only.
func (s *Store) mayViewProviderRecord(ctx context.Context, providerID int64) bool {
	p := s.caller(ctx)
	return p == nil || p.Staff || ofProvider(p, providerID)
}

// mayChangeProviderStatus: any staff may verify; suspending, delisting and reinstating are for
// point leads and coordinators.
func (s *Store) mayChangeProviderStatus(ctx context.Context, to string) error {
	p := s.caller(ctx)
	switch {
	case p == nil || p.CityWide:
		return nil
	case to == ProviderVerified && p.Staff:
		return nil
	case p.PointLead:
		return nil
	}
	return apperr.ErrForbidden
}

// ofEnterprise reports whether c is a user of enterprise id.
func ofEnterprise(c *Caller, id int64) bool { return c != nil && id > 0 && c.EnterpriseID == id }

// ofProvider reports whether c is a user of provider id.
func ofProvider(c *Caller, id int64) bool { return c != nil && id > 0 && c.ProviderID == id }
