package web

import (
	"net/http"

	"chuhai/internal/auth"
	"chuhai/internal/subsidy"
)

type subsidyApplicationData struct {
	A        applicationRow
	Lines    []string
	Accepted bool
	Done     string
	// What the viewer may do now.
	CanPointReview, CanOwnerDecide, CanRespond, CanWithdraw, CanPay bool
	PayKey                                                          string
}

// subsidyApplicationShow shows an application: the computation line by line, its history, and the
// actions open to the viewer at this stage.
func (s *Server) subsidyApplicationShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.Subsidy.Application(r.Context(), id)
	if err != nil {
		return err
	}
	for i := range a.Events {
		a.Events[i].At = a.Events[i].At.In(shanghai)
	}
	p := info(r).principal
	ctx := r.Context()
	d := subsidyApplicationData{A: applicationRow{Application: a, Lang: info(r).lang}, Lines: s.explain(r, a.Explanation),
		Accepted: r.URL.Query().Get("accepted") == "1", Done: r.URL.Query().Get("done")}
	if a.DueOn != nil {
		d.A.Due = a.DueOn.String()
	}
	ownEnterprise := p.Role.Scope() == auth.ScopeEnterprise && p.EnterpriseID == a.EnterpriseID
	switch a.State {
	case subsidy.StateSubmitted:
		d.CanPointReview = p.Staff() && s.Subsidy.MayReview(ctx, a.Owner)
		d.CanWithdraw = ownEnterprise
	case subsidy.StatePointApproved:
		d.CanOwnerDecide = s.Subsidy.MayOwn(ctx, a.Owner) && p.UserID != a.PointReviewer
		d.CanWithdraw = ownEnterprise
	case subsidy.StateInfoRequested:
		d.CanRespond, d.CanWithdraw = ownEnterprise, ownEnterprise
	case subsidy.StateAwaitingRound:
		d.CanOwnerDecide = false
	case subsidy.StateApproved:
		d.CanPay = s.Subsidy.MayOwn(ctx, a.Owner)
		d.PayKey = "pay-" + a.Ref + "-" + itoa(int64(a.PayAttempt))
	}
	return s.render(w, r, "subsidy_application", "subsidy.application.title", d)
}
