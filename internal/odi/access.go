package odi

import (
	"context"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/auth"
)

// Who sees and acts on tracked projects. Route access (staff, enterprises) is declared on the
// routes; these checks narrow it to the rows: staff of the serving point and city coordinators
// manage a project, the enterprise's own users follow it and upload its documents. A caller with no
// principal is an operator at the command line or a background job.

func mayView(ctx context.Context, pointID, enterpriseID int64) bool {
	p := auth.From(ctx)
	switch {
	case p == nil, p.CityWide():
		return true
	case p.Role.Scope() == auth.ScopePoint:
		return p.PointID == pointID
	case p.Role.Scope() == auth.ScopeEnterprise:
		return p.EnterpriseID == enterpriseID
	}
	return false
}

func mayManage(ctx context.Context, pointID int64) bool {
	p := auth.From(ctx)
	return p == nil || p.CanActForPoint(pointID)
}

// checkView returns ErrForbidden unless the caller may see the project.
func checkView(ctx context.Context, pr *Tracked) error {
	if !mayView(ctx, pr.PointID, pr.Enterprise.ID) {
		return apperr.ErrForbidden
	}
	return nil
}

// checkManage returns ErrForbidden unless the caller may change the project.
func checkManage(ctx context.Context, pr *Tracked) error {
	if !mayManage(ctx, pr.PointID) {
		return apperr.ErrForbidden
	}
	return nil
}

// actor is the login recorded on overrides, uploads and the like: the audit actor of the request or
// command.
func actor(ctx context.Context) string {
	if login := audit.MetaFrom(ctx).ActorLogin; login != "" {
		return login
	}
	if p := auth.From(ctx); p != nil {
		return p.Login
	}
	return ""
}

// asSystem is ctx without the signed-in user, for looking up records another package guards (an
// enterprise in the directory) once odi has decided the caller may act: a district point serving an
// enterprise of another district still sees the enterprise of its project. The audit metadata, and
// with it who acted, stays.
func asSystem(ctx context.Context) context.Context { return auth.WithPrincipal(ctx, nil) }
