package app

import (
	"context"
	"sync"
	"time"

	"chuhai/internal/auth"
	"chuhai/internal/directory"
	"chuhai/internal/network"
)

// directoryCaller tells the directory who is calling, in its own terms, from the signed-in account.
// The directory cannot import accounts (their tests migrate the directory's schema), so the mapping
// from roles to what the directory's rules ask lives here, where both are known.
func directoryCaller(ctx context.Context) *directory.Caller {
	p := auth.From(ctx)
	if p == nil {
		return nil
	}
	c := &directory.Caller{UserID: p.UserID, Staff: p.Staff(), CityWide: p.CityWide(), Coordinator: p.Role == auth.CityCoordinator,
		PointLead: p.Role == auth.PointLead, Admin: p.Role == auth.EnterpriseAdmin || p.Role == auth.ProviderAdmin}
	switch p.Role.Scope() {
	case auth.ScopePoint:
		c.PointID = p.PointID
	case auth.ScopeEnterprise:
		c.EnterpriseID = p.EnterpriseID
	case auth.ScopeProvider:
		c.ProviderID = p.ProviderID
	}
	return c
}

// directoryNetwork answers the directory's questions about the service network through the network
// store's exported functions. Alliance memberships come from listing each alliance's members; with
// ttl > 0 that snapshot is reused for ttl, so that ranking (which asks on every call) does not list
// every alliance every time. Memberships change when an alliance admits a batch, so a few seconds
// of delay is invisible; with ttl 0 every question reads afresh.
type directoryNetwork struct {
	n   *network.Store
	ttl time.Duration
	now func() time.Time

	mu      sync.Mutex
	snap    *membershipSnapshot
	fetched time.Time
}

type membershipSnapshot struct {
	byProvider map[int64][]directory.Membership // memberships in active alliances
	members    map[string][]int64               // alliance code → active members
}

func (d *directoryNetwork) Regions(ctx context.Context) ([]directory.Region, error) {
	rs, err := d.n.ListRegions(ctx, network.RegionFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]directory.Region, len(rs))
	for i, r := range rs {
		out[i] = directory.Region{Code: r.Code, Kind: r.Kind, Parent: r.Parent, NameZh: r.NameZh, NameEn: r.NameEn}
	}
	return out, nil
}

func (d *directoryNetwork) Point(ctx context.Context, id int64) (directory.Point, error) {
	p, err := d.n.PointByID(ctx, id)
	if err != nil {
		return directory.Point{}, err
	}
	return directory.Point{ID: p.ID, Code: p.Code, Kind: p.Kind, Region: p.RegionCode}, nil
}

func (d *directoryNetwork) Memberships(ctx context.Context, ids []int64) (map[int64][]directory.Membership, error) {
	s, err := d.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64][]directory.Membership, len(ids))
	for _, id := range ids {
		if ms, ok := s.byProvider[id]; ok {
			out[id] = ms
		}
	}
	return out, nil
}

func (d *directoryNetwork) AllianceMembers(ctx context.Context, code string) ([]int64, error) {
	if _, err := d.n.AllianceByCode(ctx, code); err != nil {
		return nil, err
	}
	s, err := d.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	return s.members[code], nil
}

func (d *directoryNetwork) snapshot(ctx context.Context) (*membershipSnapshot, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.snap != nil && d.ttl > 0 && d.now().Sub(d.fetched) < d.ttl {
		return d.snap, nil
	}
	s := &membershipSnapshot{byProvider: map[int64][]directory.Membership{}, members: map[string][]int64{}}
	const page = 1000
	for off := 0; ; off += page {
		as, total, err := d.n.ListAlliances(ctx, network.AllianceFilter{IncludeInactive: true, Limit: page, Offset: off})
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			for moff := 0; ; moff += page {
				ms, mtotal, err := d.n.ListMembers(ctx, a.Code, network.MemberFilter{Limit: page, Offset: moff})
				if err != nil {
					return nil, err
				}
				for _, m := range ms {
					if m.Status == network.MemberActive {
						s.members[a.Code] = append(s.members[a.Code], m.ProviderID)
					}
					if a.Active {
						s.byProvider[m.ProviderID] = append(s.byProvider[m.ProviderID], directory.Membership{Alliance: a.Code,
							NameZh: a.NameZh, NameEn: a.NameEn, Scope: a.Scope, OwnerRegion: a.OwnerRegion, Batch: m.Batch,
							JoinedOn: m.JoinedOn, Status: m.Status})
					}
				}
				if moff+page >= mtotal {
					break
				}
			}
		}
		if off+page >= total {
			break
		}
	}
	d.snap, d.fetched = s, d.now()
	return s, nil
}
