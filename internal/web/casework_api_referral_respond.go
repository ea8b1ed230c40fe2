package web

import "net/http"

// ReferralAnswer is a provider's answer to a referral.
type ReferralAnswer struct {
	Accept  bool   `json:"accept"`
	Version int    `json:"version"`
	Reason  string `json:"reason,omitempty"` // required when declining
}

// apiReferralRespond records the provider's answer.
func (s *Server) apiReferralRespond(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in ReferralAnswer
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	f, err := s.Casework.RespondReferral(r.Context(), id, in.Version, in.Accept, in.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, f)
}
