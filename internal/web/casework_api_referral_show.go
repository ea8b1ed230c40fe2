package web

import "net/http"

// apiReferralShow returns one referral.
func (s *Server) apiReferralShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.Casework.Referral(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, f)
}
