package web

import "net/http"

// apiReferralList lists a request's referrals.
func (s *Server) apiReferralList(w http.ResponseWriter, r *http.Request) error {
	fs, err := s.Casework.Referrals(r.Context(), r.PathValue("ref"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, fs)
}
