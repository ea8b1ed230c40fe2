package web

import (
	"net/http"

	"chuhai/internal/apperr"
)

type subsidyOffersData struct {
	Offers   []offerView
	Pager    pager
	Accepted string
}

// subsidyOfferList shows the enterprise what programmes would pay for its recorded invoices
// (免申即享), each accepted with one click.
func (s *Server) subsidyOfferList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	p := info(r).principal
	ent := p.EnterpriseID
	if p.CityWide() {
		if ent, err = queryID(r, "enterprise"); err != nil {
			return err
		}
	}
	if ent == 0 {
		return apperr.Invalid(apperr.F("enterprise", "error.required"))
	}
	os, total, err := s.Subsidy.Offers(r.Context(), ent, pg.PerPage, pg.Offset())
	if err != nil {
		return err
	}
	d := subsidyOffersData{Pager: newPager(r, pg, total), Accepted: r.URL.Query().Get("accepted")}
	for _, o := range os {
		d.Offers = append(d.Offers, offerView{Offer: o, Explanation: s.explain(r, o.Explanation)})
	}
	return s.render(w, r, "subsidy_offers", "subsidy.offers.title", d)
}
