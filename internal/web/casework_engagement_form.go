package web

import (
	"net/http"

	"chuhai/internal/casework"
)

// caseworkEngagementForm records the engagement of an accepted referral from the request's page.
func (s *Server) caseworkEngagementForm(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	ref := r.PathValue("ref")
	in := casework.NewEngagement{Scope: f.Get("scope"), StartOn: trimmed(f, "start_on"), EndOn: trimmed(f, "end_on")}
	in.ReferralID, err = formInt(f, "referral_id")
	if err == nil {
		in.AmountFen, err = formYuan(f, "amount")
	}
	if err == nil {
		_, err = s.Casework.CreateEngagement(r.Context(), in)
	}
	if err != nil {
		return s.reshow(w, r, ref, "engage", err, "referral_id", "scope", "amount", "amount_fen=amount", "start_on", "end_on")
	}
	afterForm(w, r, ref, "engage", "engagements")
	return nil
}
