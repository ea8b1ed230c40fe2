package web

import (
	"net/http"

	"chuhai/internal/network"
)

// districtCell is one square of the overview's district grid.
type districtCell struct {
	Region      nameView
	Points      []pointView // its district point or sub-platform
	Specialised int         // other active points in it
}

// kindGroup is a run of points of one kind in the list.
type kindGroup struct {
	Kind   string
	Points []pointView
}

type networkOverviewData struct {
	City      []pointView
	Districts []districtCell
	Areas     []districtCell
	Overseas  []pointView
	Groups    []kindGroup
	Pager     pager
	Filter    network.PointFilter
	Kinds     []string
	Topics    []network.Topic
	Regions   []network.Region // for the region filter
	CanEdit   bool
}

// networkOverview shows the network: the city platform, a grid of the 16 districts with their points
// and the sub-platforms' special areas, the overseas points, and a filtered, paginated list of all
// points grouped by kind.
func (s *Server) networkOverview(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pg, err := paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p := info(r).principal
	f := network.PointFilter{Kind: q.Get("kind"), Region: q.Get("region"), Capability: q.Get("capability"), Q: q.Get("q"),
		IncludeInactive: p.CityWide(), Limit: pg.PerPage, Offset: pg.Offset()}
	points, total, err := s.Network.ListPoints(ctx, f)
	if err != nil {
		return err
	}
	ref, err := s.networkRef(ctx)
	if err != nil {
		return err
	}
	d := networkOverviewData{Pager: newPager(r, pg, total), Filter: f, Kinds: network.PointKinds, Topics: ref.topics,
		Regions: ref.ofKind(network.RegionMunicipality, network.RegionDistrict, network.RegionArea), CanEdit: p.CityWide()}

	// The grid: every district and special area with its anchor points. There are at most a few dozen
	// such points, so one bounded query per kind is enough.
	anchors := map[string][]pointView{}
	for _, kind := range []string{network.CityPlatform, network.SubPlatform, network.DistrictPoint, network.OverseasPoint} {
		ps, _, err := s.Network.ListPoints(ctx, network.PointFilter{Kind: kind, Limit: 100})
		if err != nil {
			return err
		}
		for _, p := range ref.points(ps) {
			switch kind {
			case network.CityPlatform:
				d.City = append(d.City, p)
			case network.OverseasPoint:
				d.Overseas = append(d.Overseas, p)
			default:
				anchors[p.RegionCode] = append(anchors[p.RegionCode], p)
			}
		}
	}
	others, err := s.Network.CountPointsByRegion(ctx, network.SpecialisedPoint)
	if err != nil {
		return err
	}
	for _, r := range ref.ofKind(network.RegionDistrict) {
		d.Districts = append(d.Districts, districtCell{Region: ref.region(r.Code), Points: anchors[r.Code], Specialised: others[r.Code]})
	}
	for _, r := range ref.ofKind(network.RegionArea) {
		d.Areas = append(d.Areas, districtCell{Region: ref.region(r.Code), Points: anchors[r.Code], Specialised: others[r.Code]})
	}
	for _, p := range ref.points(points) {
		if n := len(d.Groups); n == 0 || d.Groups[n-1].Kind != p.Kind {
			d.Groups = append(d.Groups, kindGroup{Kind: p.Kind})
		}
		d.Groups[len(d.Groups)-1].Points = append(d.Groups[len(d.Groups)-1].Points, p)
	}
	return s.render(w, r, "network", "network.title", d)
}
