package demo

import (
	"context"
	"fmt"

	"chuhai/internal/app"
	"chuhai/internal/audit"
	"chuhai/internal/network"
)

// scaleBatch is how many rows one transaction inserts.
const scaleBatch = 500

// Scale adds n sample specialised service points (codes Z000001, Z000002, …, continuing after any
// added before) spread over Shanghai's districts and special areas, in batches of scaleBatch per
// transaction, so that benchmarks can page through a large network.
func Scale(ctx context.Context, a *app.App, n int) error {
	if n <= 0 {
		return nil
	}
	ctx = audit.WithMeta(ctx, audit.Meta{ActorLogin: Actor, RequestID: "demo-scale"})
	var regions []string
	for _, kind := range []string{network.RegionDistrict, network.RegionArea} {
		rs, err := a.Network.ListRegions(ctx, network.RegionFilter{Kind: kind})
		if err != nil {
			return err
		}
		for _, r := range rs {
			regions = append(regions, r.Code)
		}
	}
	_, existing, err := a.Network.ListPoints(ctx, network.PointFilter{Kind: network.SpecialisedPoint, Q: "Z0", IncludeInactive: true, Limit: 1})
	if err != nil {
		return err
	}
	topics := []string{"odi", "market_entry", "legal", "tax", "finance", "ip", "certification", "hr", "safety", "data_compliance", "subsidy", "other"}
	next := existing + 1
	for done := 0; done < n; {
		batch := make([]network.PointInput, 0, min(scaleBatch, n-done))
		for range cap(batch) {
			i := next
			next++
			code := fmt.Sprintf("Z%06d", i)
			if i > 999999 {
				return fmt.Errorf("scale: codes exhausted after Z999999")
			}
			batch = append(batch, network.PointInput{Code: code, Kind: network.SpecialisedPoint,
				NameZh: fmt.Sprintf("示例专业服务点 %06d", i), NameEn: fmt.Sprintf("Sample specialised point %06d", i),
				RegionCode: regions[i%len(regions)], AddressZh: fmt.Sprintf("示例路 %d 号", i), AddressEn: fmt.Sprintf("%d Sample Road", i),
				Capabilities: []string{topics[i%len(topics)], topics[(i/len(topics))%len(topics)]}})
		}
		if err := a.Network.ImportPoints(ctx, batch); err != nil {
			return fmt.Errorf("scale: %w", err)
		}
		done += len(batch)
	}
	return nil
}
