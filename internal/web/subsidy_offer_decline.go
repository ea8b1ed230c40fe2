package web

import "net/http"

// subsidyOfferDecline records that the enterprise does not want an offer.
func (s *Server) subsidyOfferDecline(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Subsidy.DeclineOffer(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/subsidy/offers", http.StatusSeeOther)
	return nil
}
