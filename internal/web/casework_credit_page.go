package web

import (
	"net/http"

	"chuhai/internal/casework"
	"chuhai/internal/network"
)

type creditPage struct {
	casework.Credit
	Regions      map[string]network.Region
	FilterErrors FormErrors
}

// caseworkCreditPage shows collaboration credit: each point's and district's share of the requests.
func (s *Server) caseworkCreditPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pg := creditPage{Regions: map[string]network.Region{}}
	status := http.StatusOK
	from, to, err := creditPeriod(r)
	if err == nil {
		pg.Credit, err = s.Casework.Credit(ctx, from, to)
	}
	if err != nil {
		fe, st, ok := s.formErrors(w, r, err, "from", "to")
		if !ok {
			return err
		}
		pg.FilterErrors, status = fe, st
		pg.From, pg.To = r.URL.Query().Get("from"), r.URL.Query().Get("to")
	}
	regions, err := s.Network.ListRegions(ctx, network.RegionFilter{})
	if err != nil {
		return err
	}
	for _, rg := range regions {
		pg.Regions[rg.Code] = rg
	}
	s.renderStatus(w, r, status, "casework_credit", pg, "casework.credit.title")
	return nil
}
