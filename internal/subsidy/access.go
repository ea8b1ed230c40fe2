package subsidy

import (
	"context"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
)

// Who may do what. The route table says which roles reach an action; these checks add the
// jurisdiction: a programme belongs to its owner region, and only staff of a service point in that
// region (or city coordinators and administrators) review for it. A context without a principal is a
// trusted caller inside the platform (a CLI command, a job, the demo loader).

// pointRegion returns the region of the principal's service point, or "" for none.
func (s *Service) pointRegion(ctx context.Context, p *auth.Principal) (string, error) {
	if p == nil || p.Role.Scope() != auth.ScopePoint || p.PointID == 0 || s.Points == nil {
		return "", nil
	}
	if region, ok := ctx.Value(regionKey{}).(string); ok {
		return region, nil
	}
	return s.Points.PointRegion(ctx, p.PointID)
}

// mayOwn: programme management — point leads of the owner region, coordinators, administrators.
func (s *Service) mayOwn(ctx context.Context, owner string) error {
	p := auth.From(ctx)
	if p == nil || p.CityWide() {
		return nil
	}
	if p.Role == auth.PointLead {
		region, err := s.pointRegion(ctx, p)
		if err != nil {
			return err
		}
		if region == owner {
			return nil
		}
	}
	return apperr.ErrForbidden
}

// mayReview: the first review stage — any staff of a point in the owner region.
func (s *Service) mayReview(ctx context.Context, owner string) error {
	p := auth.From(ctx)
	if p == nil || p.CityWide() {
		return nil
	}
	if p.Role == auth.PointStaff || p.Role == auth.PointLead {
		region, err := s.pointRegion(ctx, p)
		if err != nil {
			return err
		}
		if region == owner {
			return nil
		}
	}
	return apperr.ErrForbidden
}

// mayActForEnterprise: the enterprise's own users, coordinators and administrators.
func mayActForEnterprise(ctx context.Context, enterpriseID int64) error {
	p := auth.From(ctx)
	if p == nil || p.CanActForEnterprise(enterpriseID) {
		return nil
	}
	return apperr.ErrForbidden
}

// maySeeEnterprise: the enterprise's users and any staff (staff see applications to review them).
func maySeeEnterprise(ctx context.Context, enterpriseID int64) error {
	p := auth.From(ctx)
	if p == nil || p.Staff() || p.CanActForEnterprise(enterpriseID) {
		return nil
	}
	return apperr.ErrForbidden
}

func actorID(ctx context.Context) any {
	if p := auth.From(ctx); p != nil && p.UserID != 0 {
		return p.UserID
	}
	return nil
}

func actorName(ctx context.Context) string {
	if p := auth.From(ctx); p != nil {
		if p.Name != "" {
			return p.Name
		}
		return p.Login
	}
	return "system"
}
