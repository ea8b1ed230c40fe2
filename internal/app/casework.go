package app

import (
	"context"
	"slices"
	"time"

	"chuhai/internal/auth"
	"chuhai/internal/casework"
	"chuhai/internal/db"
	"chuhai/internal/directory"
	"chuhai/internal/network"
)

// trusted is ctx without the signed-in user: casework has already decided who may act, and asks
// the directory for what it needs on its own authority.
func trusted(ctx context.Context) context.Context { return auth.WithPrincipal(ctx, nil) }

// caseworkNetwork answers casework's questions about the service network.
type caseworkNetwork struct{ n *network.Store }

func (c caseworkNetwork) Points(ctx context.Context) ([]casework.Point, error) {
	ps, _, err := c.n.ListPoints(ctx, network.PointFilter{IncludeInactive: true, Limit: 100_000})
	if err != nil {
		return nil, err
	}
	out := make([]casework.Point, len(ps))
	for i, p := range ps {
		out[i] = casework.Point{ID: p.ID, Code: p.Code, Kind: p.Kind, NameZh: p.NameZh, NameEn: p.NameEn, RegionCode: p.RegionCode,
			TimeZone: p.TimeZone, OpeningHours: p.OpeningHoursZh, Capabilities: p.Capabilities, Countries: p.Countries, Active: p.Active}
	}
	return out, nil
}

func (c caseworkNetwork) Topics(ctx context.Context) ([]casework.Topic, error) {
	ts, err := c.n.Topics(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]casework.Topic, len(ts))
	for i, t := range ts {
		out[i] = casework.Topic{Code: t.Code, NameZh: t.NameZh, NameEn: t.NameEn}
	}
	return out, nil
}

func (c caseworkNetwork) IsCountry(ctx context.Context, code string) (bool, error) {
	r, err := c.n.RegionByCode(ctx, code)
	if err != nil {
		if isNotFound(err) {
			return false, nil
		}
		return false, err
	}
	return r.Kind == network.RegionCountry, nil
}

// caseworkDirectory answers casework's questions about enterprises and providers, ranks providers
// for a request, and records finished engagements in providers' activity.
type caseworkDirectory struct{ d *directory.Store }

func (c caseworkDirectory) Enterprise(ctx context.Context, id int64) (casework.Enterprise, error) {
	e, err := c.d.EnterpriseByID(trusted(ctx), id)
	if err != nil {
		return casework.Enterprise{}, err
	}
	return casework.Enterprise{ID: e.ID, NameZh: e.NameZh, NameEn: e.NameEn, HomeDistrict: e.HomeDistrict}, nil
}

func (c caseworkDirectory) EnterpriseNames(ctx context.Context, ids []int64) (map[int64]casework.Enterprise, error) {
	out := make(map[int64]casework.Enterprise, len(ids))
	for _, id := range ids {
		if _, ok := out[id]; ok {
			continue
		}
		zh, en, err := c.d.EnterpriseName(ctx, id)
		if isNotFound(err) || isNoRows(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out[id] = casework.Enterprise{ID: id, NameZh: zh, NameEn: en}
	}
	return out, nil
}

func (c caseworkDirectory) Providers(ctx context.Context, ids []int64) (map[int64]casework.Provider, error) {
	ps, err := c.d.ProvidersByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]casework.Provider, len(ps))
	for id, p := range ps {
		out[id] = casework.Provider{ID: id, NameZh: p.NameZh, NameEn: p.NameEn, Referable: p.Status == directory.ProviderVerified}
	}
	return out, nil
}

func (c caseworkDirectory) Match(ctx context.Context, n casework.Need) ([]casework.Match, error) {
	res, err := c.d.Match(trusted(ctx), directory.Need{Categories: n.Categories, Countries: n.Countries, EnterpriseID: n.EnterpriseID,
		Exclude: n.Exclude, Limit: n.Limit})
	if err != nil {
		return nil, err
	}
	out := make([]casework.Match, 0, len(res.Matches))
	for _, m := range res.Matches {
		cm := casework.Match{ProviderID: m.Provider.ID, NameZh: m.Provider.NameZh, NameEn: m.Provider.NameEn, Rank: m.Rank, Score: m.Score}
		for _, r := range m.Reasons {
			cm.Reasons = append(cm.Reasons, r.Kind)
		}
		out = append(out, cm)
	}
	return out, nil
}

// RecordEngagement adds a finished engagement to the provider's directory record in casework's
// transaction, so the rating counts if and only if the rating (or the request's closure) commits.
func (c caseworkDirectory) RecordEngagement(ctx context.Context, tx *db.Tx, _, providerID int64, completedAt time.Time, rating int) error {
	return c.d.RecordEngagementIn(trusted(ctx), tx, providerID, directory.Engagement{CompletedAt: completedAt, RatingTenths: rating * 10})
}

// caseworkPeople finds whom casework tells, from the accounts.
type caseworkPeople struct{ auth *auth.Service }

// listAll pages through the active users matching f and keeps those keep accepts.
func (c caseworkPeople) listAll(ctx context.Context, f auth.UserFilter, keep func(auth.User) bool) ([]int64, error) {
	f.Status = "active"
	var out []int64
	for offset := 0; ; offset += 100 {
		us, total, err := c.auth.ListUsers(ctx, f, auth.Page{Limit: 100, Offset: offset})
		if err != nil {
			return nil, err
		}
		for _, u := range us {
			if keep(u) {
				out = append(out, u.ID)
			}
		}
		if offset+len(us) >= total || len(us) == 0 {
			return out, nil
		}
	}
}

func (c caseworkPeople) PointUsers(ctx context.Context, pointID int64, roles ...auth.Role) ([]int64, error) {
	return c.listAll(ctx, auth.UserFilter{PointID: pointID}, func(u auth.User) bool { return slices.Contains(roles, u.Role) })
}

func (c caseworkPeople) Coordinators(ctx context.Context) ([]int64, error) {
	return c.listAll(ctx, auth.UserFilter{Role: auth.CityCoordinator}, func(auth.User) bool { return true })
}

// ProviderUsers pages through the provider roles: the accounts service has no filter by provider.
func (c caseworkPeople) ProviderUsers(ctx context.Context, providerID int64) ([]int64, error) {
	var out []int64
	for _, r := range []auth.Role{auth.ProviderAdmin, auth.ProviderMember} {
		ids, err := c.listAll(ctx, auth.UserFilter{Role: r}, func(u auth.User) bool { return u.ProviderID == providerID })
		if err != nil {
			return nil, err
		}
		out = append(out, ids...)
	}
	return out, nil
}
