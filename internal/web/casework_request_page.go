package web

import (
	"net/http"
	"slices"
	"time"

	"chuhai/internal/auth"
	"chuhai/internal/casework"
)

// requestPage is a request's page for staff and for the enterprise.
type requestPage struct {
	RequestView
	TopicName     string
	Submitted     string
	ResponseDue   string
	ResolutionDue string
	Responded     string
	Resolved      string
	Timeline      []eventRow
	Engagements   []engagementRow
	Referrals     []referralRow
	Serving       bool     // the caller works at the serving point (or is a coordinator)
	Actions       []string // the workflow steps the caller may take now
	Staff         []auth.User
	Points        []pointOption
	Invitation    *casework.Invitation // pending for the caller's point
	Accepted      []referralRow        // referrals an engagement may be recorded for
	Suggestions   []casework.Match     // providers directory matching proposes
	Done          string
	Fail          pageFail
	Today         string
	Accept        string
	Scores        []int
	Steps         []step // the workflow, for the enterprise's status timeline
}

// step is one state of the workflow as the enterprise follows it.
type step struct {
	State         string
	Done, Current bool
}

// eventRow is one line of the timeline.
type eventRow struct {
	casework.Event
	At   string
	Text string // what happened, in the reader's language
}

// referralRow is a referral as listed.
type referralRow struct {
	casework.Referral
	RespondBy string
}

// engagementRow is an engagement as shown.
type engagementRow struct {
	casework.Engagement
	Amount, Invoiced, Left string
	Invoices               []invoiceRow
	Stars                  string
	CanRecord, CanRate     bool
	CanAmend               bool
}

type invoiceRow struct {
	casework.Invoice
	Amount string
}

// caseworkRequestPage is a request's page for staff.
func (s *Server) caseworkRequestPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRequestPage(w, r, r.PathValue("ref"), http.StatusOK, pageFail{})
}

func (s *Server) renderRequestPage(w http.ResponseWriter, r *http.Request, ref string, status int, fail pageFail) error {
	pg, err := s.buildRequestPage(r, ref, fail)
	if err != nil {
		return err
	}
	p := info(r).principal
	pg.Serving = p.CanActForPoint(pg.Point.ID)
	if pg.Serving {
		for _, a := range casework.AllowedActions(pg.State, pg.Assignee != nil) {
			switch {
			case a == casework.ActionWithdraw, a == casework.ActionReopen && pg.SLA.ResolvedAt == nil,
				a == casework.ActionDismissDuplicate && pg.DuplicateOf == "":
				continue
			}
			pg.Actions = append(pg.Actions, a)
		}
		if pg.Staff, err = s.staffOf(r.Context(), pg.Point.ID); err != nil {
			return err
		}
		if pg.Points, err = s.pointOptions(r.Context()); err != nil {
			return err
		}
		pg.Points = slices.DeleteFunc(pg.Points, func(o pointOption) bool { return o.Code == pg.Point.Code })
		// Matching is advice: when the directory cannot answer, the page still works and staff
		// name providers by number.
		if ms, err := s.Casework.Suggest(r.Context(), pg.Ref); err == nil {
			pg.Suggestions = ms
		} else {
			s.Log.WarnContext(r.Context(), "provider suggestions", "request_id", info(r).id, "error", err.Error())
		}
	}
	for _, inv := range pg.Invitations {
		if inv.Status == casework.InvitationPending && p.Role.Scope() == auth.ScopePoint && inv.To.ID == p.PointID {
			pg.Invitation = &inv
		}
	}
	s.renderStatus(w, r, status, "casework_request", pg, "casework.request.title")
	return nil
}

// buildRequestPage gathers what both the staff's and the enterprise's pages show.
func (s *Server) buildRequestPage(r *http.Request, ref string, fail pageFail) (requestPage, error) {
	ctx := r.Context()
	lang := info(r).lang
	v, err := s.requestView(ctx, ref)
	if err != nil {
		return requestPage{}, err
	}
	names, _, err := s.topicNames(ctx)
	if err != nil {
		return requestPage{}, err
	}
	pg := requestPage{RequestView: v, TopicName: names.Name(lang, v.Topic), Submitted: when(&v.SubmittedAt),
		ResponseDue: when(&v.SLA.ResponseDueAt), ResolutionDue: when(&v.SLA.ResolutionDueAt), Responded: when(v.SLA.RespondedAt),
		Resolved: when(v.SLA.ResolvedAt), Done: s.doneNotice(r), Fail: fail,
		Today: time.Now().In(shanghai).Format("2006-01-02"), Accept: casework.AcceptedTypes, Scores: []int{5, 4, 3, 2, 1}}
	at := slices.Index(casework.States, v.State)
	for i, st := range casework.States {
		pg.Steps = append(pg.Steps, step{State: st, Done: i < at, Current: i == at})
	}
	for _, e := range v.Timeline {
		pg.Timeline = append(pg.Timeline, eventRow{Event: e, At: when(&e.At), Text: s.eventText(lang, e)})
	}
	for _, f := range v.Referrals {
		row := referralRow{Referral: f, RespondBy: when(&f.RespondBy)}
		pg.Referrals = append(pg.Referrals, row)
		if f.Status == casework.ReferralAccepted && f.EngagementID == 0 {
			pg.Accepted = append(pg.Accepted, row)
		}
	}
	p := info(r).principal
	for _, e := range v.Engagements {
		pg.Engagements = append(pg.Engagements, engagementView(p, v.Request, e))
	}
	return pg, nil
}

func engagementView(p *auth.Principal, req casework.Request, e casework.Engagement) engagementRow {
	row := engagementRow{Engagement: e, Amount: yuan(e.AmountFen), Invoiced: yuan(e.InvoicedFen), Left: yuan(e.AmountFen - e.InvoicedFen),
		Stars: stars(e.Rating)}
	for _, inv := range e.Invoices {
		row.Invoices = append(row.Invoices, invoiceRow{Invoice: inv, Amount: yuan(inv.AmountFen)})
	}
	row.CanRecord = e.Status != casework.EngagementCancelled && (p.Staff() && p.CanActForPoint(req.Point.ID) ||
		p.CanActForProvider(e.Provider.ID) || p.Role.Scope() == auth.ScopeEnterprise && p.CanActForEnterprise(e.Enterprise.ID))
	row.CanAmend = row.CanRecord && p.Role.Scope() != auth.ScopeProvider
	row.CanRate = e.Status == casework.EngagementCompleted && e.RatedAt == nil && p.Role.Scope() == auth.ScopeEnterprise
	return row
}
