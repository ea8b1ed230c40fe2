package directory

import (
	"context"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
)

// Who may do what with directory records. The route table admits roles; these rules decide about
// particular records. A context without a principal is a trusted caller (the command line, the demo
// loader, other packages acting on the system's behalf) and may do everything.

// staffReach says where a principal acts: everywhere (trusted callers, coordinators, admins, staff
// of points that serve the whole city) or within one district (staff of a district point).
type staffReach struct {
	all      bool
	district string
}

func (s *Store) reach(ctx context.Context, p *auth.Principal) (staffReach, error) {
	if p == nil || p.CityWide() {
		return staffReach{all: true}, nil
	}
	if !p.Staff() {
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
	p := auth.From(ctx)
	if p == nil || p.CityWide() || ofEnterprise(p, e.ID) {
		return nil
	}
	if p.Staff() {
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
	p := auth.From(ctx)
	switch {
	case p == nil || p.CityWide():
		return nil
	case p.Role == auth.EnterpriseAdmin && p.EnterpriseID == e.ID:
		return nil
	case p.Staff():
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
	p := auth.From(ctx)
	if p == nil || p.CityWide() {
		return nil
	}
	if !p.Staff() {
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
	p := auth.From(ctx)
	if p == nil || p.CityWide() {
		return nil
	}
	if p.Staff() {
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
func mayDecideDistrictChange(ctx context.Context) error {
	p := auth.From(ctx)
	if p == nil || p.Role == auth.CityCoordinator {
		return nil
	}
	return apperr.ErrForbidden
}

// mayEditProvider: the provider's admins, and staff.
func mayEditProvider(ctx context.Context, providerID int64) error {
	p := auth.From(ctx)
	if p == nil || p.Staff() || p.Role == auth.ProviderAdmin && p.ProviderID == providerID {
		return nil
	}
	return apperr.ErrForbidden
}

// mayViewProviderRecord says whether the caller sees a provider whatever its status: its own users
// and staff. Everyone else sees verified providers only.
func mayViewProviderRecord(ctx context.Context, providerID int64) bool {
	p := auth.From(ctx)
	return p == nil || p.Staff() || ofProvider(p, providerID)
}

// mayChangeProviderStatus: any staff may verify; suspending, delisting and reinstating are for
// point leads and coordinators.
func mayChangeProviderStatus(ctx context.Context, to string) error {
	p := auth.From(ctx)
	switch {
	case p == nil || p.CityWide():
		return nil
	case to == ProviderVerified && p.Staff():
		return nil
	case p.Role == auth.PointLead:
		return nil
	}
	return apperr.ErrForbidden
}

// ofEnterprise reports whether p is a user of enterprise id.
func ofEnterprise(p *auth.Principal, id int64) bool {
	return p != nil && id > 0 && (p.Role == auth.EnterpriseMember || p.Role == auth.EnterpriseAdmin) && p.EnterpriseID == id
}

// ofProvider reports whether p is a user of provider id.
func ofProvider(p *auth.Principal, id int64) bool {
	return p != nil && id > 0 && (p.Role == auth.ProviderMember || p.Role == auth.ProviderAdmin) && p.ProviderID == id
}
