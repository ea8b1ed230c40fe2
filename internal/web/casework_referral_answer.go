package web

import "net/http"

// caseworkReferralAnswer is a provider's answer to a referral from its referrals page.
func (s *Server) caseworkReferralAnswer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	version, err := formVersion(f)
	if err == nil {
		_, err = s.Casework.RespondReferral(r.Context(), id, version, f.Get("answer") == "accept", f.Get("reason"))
	}
	if err != nil {
		fail, status, ok := s.pageFailure(w, r, "answer-"+itoa(id), err, "reason", "version")
		if !ok {
			return err
		}
		return s.renderProviderReferrals(w, r, status, fail)
	}
	done := "answer_decline"
	if f.Get("answer") == "accept" {
		done = "answer_accept"
	}
	http.Redirect(w, r, "/console/referrals?done="+done+"#referral-"+itoa(id), http.StatusSeeOther)
	return nil
}
