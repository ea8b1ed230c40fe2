package web

import (
	"context"
	"errors"
	"strconv"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
)

// Affiliation is the service point, enterprise or provider an account belongs to, as people see it.
type Affiliation struct {
	Kind   string // catalogue id: what it is
	Code   string // the point's code, or the provider's number
	NameZh string
	NameEn string
}

// affiliations looks up and remembers names for one request (a page of users shares a few points).
type affiliations struct {
	s     *Server
	ctx   context.Context
	cache map[string]Affiliation
}

func (s *Server) affiliations(ctx context.Context) *affiliations {
	return &affiliations{s: s, ctx: ctx, cache: map[string]Affiliation{}}
}

// of returns the affiliation of an account of role, or nil for coordinators and admins. A point or
// provider that cannot be found (the foreign keys make that a race with a deletion) shows its number.
func (a *affiliations) of(role auth.Role, pointID, enterpriseID, providerID int64) (*Affiliation, error) {
	var key string
	switch role.Scope() {
	case auth.ScopePoint:
		key = "p" + strconv.FormatInt(pointID, 10)
	case auth.ScopeEnterprise:
		key = "e" + strconv.FormatInt(enterpriseID, 10)
	case auth.ScopeProvider:
		key = "v" + strconv.FormatInt(providerID, 10)
	default:
		return nil, nil
	}
	if got, ok := a.cache[key]; ok {
		return &got, nil
	}
	var af Affiliation
	var err error
	switch role.Scope() {
	case auth.ScopePoint:
		af.Kind, af.Code = "auth.affiliation.point", "#"+strconv.FormatInt(pointID, 10)
		p, e := a.s.Network.PointByID(a.ctx, pointID)
		err = e
		if e == nil {
			af.Code, af.NameZh, af.NameEn = p.Code, p.NameZh, p.NameEn
		}
	case auth.ScopeEnterprise:
		// The directory offers no lookup by id yet; the number identifies the enterprise.
		af.Kind, af.Code = "auth.affiliation.enterprise", "#"+strconv.FormatInt(enterpriseID, 10)
	case auth.ScopeProvider:
		af.Kind, af.Code = "auth.affiliation.provider", "#"+strconv.FormatInt(providerID, 10)
		p, e := a.s.Directory.ProviderByID(a.ctx, providerID)
		err = e
		if e == nil {
			af.NameZh, af.NameEn = p.NameZh, p.NameEn
		}
	}
	if err != nil && !errors.Is(err, apperr.ErrNotFound) {
		return nil, err
	}
	a.cache[key] = af
	return &af, nil
}
