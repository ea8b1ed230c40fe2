package web

import (
	"net/http"

	"chuhai/internal/network"
)

type networkAllianceListData struct {
	Alliances []allianceView
	Pager     pager
	CanEdit   bool
}

// networkAllianceList lists the alliances with their member counts.
func (s *Server) networkAllianceList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	p := info(r).principal
	as, total, err := s.Network.ListAlliances(r.Context(), network.AllianceFilter{Scope: r.URL.Query().Get("scope"),
		IncludeInactive: p.CityWide(), Limit: pg.PerPage, Offset: pg.Offset()})
	if err != nil {
		return err
	}
	ref, err := s.networkRef(r.Context())
	if err != nil {
		return err
	}
	d := networkAllianceListData{Pager: newPager(r, pg, total), CanEdit: p.CityWide()}
	for _, a := range as {
		d.Alliances = append(d.Alliances, ref.alliance(a))
	}
	return s.render(w, r, "network_alliances", "network.alliances.title", d)
}
