package web

import (
	"net/http"

	"chuhai/internal/apperr"
)

// apiOfferList lists the enterprise's offers.
func (s *Server) apiOfferList(w http.ResponseWriter, r *http.Request) error {
	pg, err := paging(r)
	if err != nil {
		return err
	}
	ent, err := queryID(r, "enterprise")
	if err != nil {
		return err
	}
	p := info(r).principal
	if !p.CityWide() {
		ent = p.EnterpriseID
	}
	if ent == 0 {
		return apperr.Invalid(apperr.F("enterprise", "error.required"))
	}
	os, total, err := s.Subsidy.Offers(r.Context(), ent, pg.PerPage, pg.Offset())
	if err != nil {
		return err
	}
	out := List[offerView]{Items: make([]offerView, len(os)), Page: pg.Page, PerPage: pg.PerPage, Total: total}
	for i, o := range os {
		out.Items[i] = offerView{Offer: o, Explanation: s.explain(r, o.Explanation)}
	}
	return writeJSON(w, http.StatusOK, out)
}
