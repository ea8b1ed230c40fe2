package web

import (
	"net/http"

	"chuhai/internal/knowledge"
	"chuhai/internal/network"
)

type alertListView struct {
	Filter    knowledge.AlertFilter
	Country   string
	Alerts    []alertRow
	Pager     pager
	CanEdit   bool
	Countries []network.Region
	Phases    []string
}

type alertRow struct {
	knowledge.Alert
	CountryName nameView
}

// alertList lists risk alerts by country and phase; a country's list, ended alerts included, is its
// history of alerts.
func (s *Server) alertList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	f := alertFilter(r)
	f.Limit, f.Offset = pg.PerPage, pg.Offset()
	as, total, err := s.Knowledge.ListAlerts(r.Context(), f)
	if err != nil {
		return err
	}
	ref, err := s.networkRef(r.Context())
	if err != nil {
		return err
	}
	v := alertListView{Filter: f, Pager: newPager(r, pg, total), CanEdit: mayEditKnowledge(r), Countries: ref.ofKind(network.RegionCountry),
		Phases: []string{knowledge.PhaseActive, knowledge.PhaseUpcoming, knowledge.PhaseEnded}}
	if len(f.Countries) == 1 {
		v.Country = f.Countries[0]
	}
	for _, a := range as {
		v.Alerts = append(v.Alerts, alertRow{Alert: a, CountryName: ref.region(a.Country)})
	}
	return s.render(w, r, "alerts", "knowledge.alerts.title", v)
}
