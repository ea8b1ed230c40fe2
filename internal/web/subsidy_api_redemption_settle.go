package web

import "net/http"

// apiRedemptionSettle pays a provider for a redemption.
func (s *Server) apiRedemptionSettle(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in settleInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	red, err := s.Subsidy.Settle(r.Context(), id, in.Note)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, red)
}
