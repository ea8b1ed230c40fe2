// Package demo loads realistic Shanghai demo data — the real "1+(3+15)+X" service network with its
// alliances, sample enterprises and providers, and accounts for every role — and generates extra
// rows at scale for benchmarks. Loading is idempotent: what exists is left alone, so running it twice
// changes nothing.
package demo

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"chuhai/internal/app"
	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/directory"
	"chuhai/internal/network"
)

// Actor is the audit login recorded for demo data.
const Actor = "demo-loader"

// Load adds whatever part of the demo data is missing.
func Load(ctx context.Context, a *app.App) error {
	ctx = audit.WithMeta(ctx, audit.Meta{ActorLogin: Actor, RequestID: "demo"})
	if err := loadNetwork(ctx, a.Network); err != nil {
		return err
	}
	providerIDs, enterpriseIDs, err := loadDirectory(ctx, a)
	if err != nil {
		return err
	}
	if err := loadMembers(ctx, a.Network, providerIDs); err != nil {
		return err
	}
	if err := loadDirectoryProfiles(ctx, a, providerIDs); err != nil {
		return err
	}
	return loadAccounts(ctx, a, enterpriseIDs, providerIDs)
}

func loadNetwork(ctx context.Context, n *network.Store) error {
	for _, p := range points() {
		if _, err := n.PointByCode(ctx, p.Code); err == nil {
			continue
		} else if !errors.Is(err, apperr.ErrNotFound) {
			return err
		}
		if _, err := n.CreatePoint(ctx, p); err != nil {
			return fmt.Errorf("demo point %s: %w", p.Code, err)
		}
	}
	for _, al := range alliances() {
		if _, err := n.AllianceByCode(ctx, al.Code); err == nil {
			continue
		} else if !errors.Is(err, apperr.ErrNotFound) {
			return err
		}
		if _, err := n.CreateAlliance(ctx, al); err != nil {
			return fmt.Errorf("demo alliance %s: %w", al.Code, err)
		}
	}
	return nil
}

// loadDirectory adds the sample providers and enterprises and returns their ids in the order of
// providers and enterpriseTrades.
func loadDirectory(ctx context.Context, a *app.App) (providerIDs, enterpriseIDs []int64, err error) {
	ids := make([]int64, len(providers))
	for i, p := range providers {
		kind := "91"
		if p.lawFirm {
			kind = "31"
		}
		uscc := usccFor(kind, p.district, i+1)
		got, err := a.Directory.ProviderByUSCC(ctx, uscc)
		if errors.Is(err, apperr.ErrNotFound) {
			got, err = a.Directory.CreateProvider(ctx, directory.ProviderInput{USCC: uscc, NameZh: p.zh, NameEn: p.en})
		}
		if err != nil {
			return nil, nil, fmt.Errorf("demo provider %s: %w", p.en, err)
		}
		ids[i] = got.ID
	}
	districts, err := a.Network.ListRegions(ctx, network.RegionFilter{Kind: network.RegionDistrict})
	if err != nil {
		return nil, nil, err
	}
	codes := make([]string, len(districts))
	for i, d := range districts {
		codes[i] = d.Code
	}
	for _, e := range enterprises(codes) {
		got, err := a.Directory.EnterpriseByUSCC(ctx, e.uscc)
		if errors.Is(err, apperr.ErrNotFound) {
			got, err = a.Directory.CreateEnterprise(ctx, directory.EnterpriseInput{USCC: e.uscc, NameZh: e.zh, NameEn: e.en, HomeDistrict: e.district})
		}
		if err != nil {
			return nil, nil, fmt.Errorf("demo enterprise %s: %w", e.en, err)
		}
		enterpriseIDs = append(enterpriseIDs, got.ID)
	}
	return ids, enterpriseIDs, nil
}

// loadMembers admits the sample providers to their alliances, in a first batch.
func loadMembers(ctx context.Context, n *network.Store, ids []int64) error {
	joined := map[string]string{}
	for _, al := range alliances() {
		joined[al.Code] = al.FoundedOn
	}
	for i, p := range providers {
		for _, code := range p.joins {
			ms, _, err := n.ListMembers(ctx, code, network.MemberFilter{Limit: 100})
			if err != nil {
				return err
			}
			if slices.ContainsFunc(ms, func(m network.Member) bool { return m.ProviderID == ids[i] }) {
				continue
			}
			if _, err := n.AddMember(ctx, code, network.MemberInput{ProviderID: ids[i], Batch: 1, JoinedOn: joined[code]}); err != nil {
				return fmt.Errorf("demo member %s of %s: %w", p.en, code, err)
			}
		}
	}
	return nil
}
