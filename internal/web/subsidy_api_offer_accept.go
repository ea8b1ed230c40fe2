package web

import "net/http"

// apiOfferAccept is the enterprise's consent to an offer.
func (s *Server) apiOfferAccept(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.Subsidy.AcceptOffer(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/applications/"+itoa(a.ID))
	return writeJSON(w, http.StatusCreated, s.applicationView(r, a))
}
