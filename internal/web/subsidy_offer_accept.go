package web

import (
	"fmt"
	"net/http"
)

// subsidyOfferAccept is the one click that turns an offer into an application.
func (s *Server) subsidyOfferAccept(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.Subsidy.AcceptOffer(r.Context(), id)
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/subsidy/applications/%d?accepted=1", a.ID), http.StatusSeeOther)
	return nil
}
