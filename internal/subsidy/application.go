package subsidy

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/money"
	"chuhai/internal/workday"
)

// Application states. The review has two stages — staff of a point in the owner region, then the
// programme owner — with a request-more-information loop that pauses either stage.
const (
	StateSubmitted      = "submitted"           // waiting for the point's review
	StateInfoRequested  = "info_requested"      // waiting for the enterprise
	StatePointApproved  = "point_approved"      // waiting for the owner
	StateAwaitingRound  = "awaiting_allocation" // pro-rata: approved, waiting for round close
	StateApproved       = "approved"            // committed in the ledger, waiting for payment
	StatePaid           = "paid"
	StateRejected       = "rejected"
	StateWithdrawn      = "withdrawn"
	originApplication   = "application"
	originOffer         = "offer"
	originAutomatic     = "automatic"
	maxNote             = 2000
	maxJustification    = 4000
	maxIdempotencyChars = maxKey
)

// States lists the states in workflow order (for filters).
var States = []string{StateSubmitted, StateInfoRequested, StatePointApproved, StateAwaitingRound, StateApproved, StatePaid, StateRejected, StateWithdrawn}

// live states hold an amount against caps and stacking ceilings.
const liveStates = `('submitted', 'info_requested', 'point_approved', 'awaiting_allocation', 'approved', 'paid')`

// Event is one step in an application's history.
type Event struct {
	Action    string    `json:"action"`
	State     string    `json:"state"`
	Note      string    `json:"note,omitempty"`
	ActorName string    `json:"actor"`
	At        time.Time `json:"at"`
}

// Application is a claim on a programme.
type Application struct {
	ID               int64         `json:"id"`
	Ref              string        `json:"ref"`
	ProgrammeID      int64         `json:"programme_id"`
	ProgrammeName    Name          `json:"programme_name"`
	Owner            string        `json:"owner_region"`
	RoundID          int64         `json:"round_id,omitempty"`
	EnterpriseID     int64         `json:"enterprise_id"`
	EnterpriseName   Name          `json:"enterprise_name"`
	InvoiceID        int64         `json:"invoice_id,omitempty"`
	EngagementID     int64         `json:"engagement_id,omitempty"`
	ProviderID       int64         `json:"provider_id,omitempty"`
	ProviderName     Name          `json:"provider_name"`
	InvoiceNumber    string        `json:"invoice_number,omitempty"`
	Category         string        `json:"category,omitempty"`
	InvoiceAmountFen money.Fen     `json:"invoice_amount_fen"`
	InvoiceDate      *workday.Date `json:"invoice_date,omitempty"`
	Year             int           `json:"year"`
	Origin           string        `json:"origin"`
	RequestedFen     money.Fen     `json:"requested_fen"`
	ApprovedFen      *money.Fen    `json:"approved_fen,omitempty"`
	State            string        `json:"state"`
	DueOn            *workday.Date `json:"due_on,omitempty"`
	SLA              string        `json:"sla,omitempty"` // green, amber, red while a clock runs
	InfoRequest      string        `json:"info_request,omitempty"`
	InfoResponse     string        `json:"info_response,omitempty"`
	RejectReason     string        `json:"reject_reason,omitempty"`
	Justification    string        `json:"justification,omitempty"`
	Documents        []string      `json:"documents"`
	Explanation      []Line        `json:"-"`
	PayAttempt       int           `json:"-"`
	PointReviewer    int64         `json:"-"`
	OwnerReviewer    int64         `json:"-"`
	SubmittedAt      time.Time     `json:"submitted_at"`
	DecidedAt        *time.Time    `json:"decided_at,omitempty"`
	PaidAt           *time.Time    `json:"paid_at,omitempty"`
	Version          int           `json:"version"`
	Events           []Event       `json:"events,omitempty"`
}

// ApplicationInput applies to a programme: with an invoice for rate programmes, or with a requested
// amount and a justification for review-based ones (an invoice is optional there).
type ApplicationInput struct {
	ProgrammeID   int64     `json:"programme_id"`
	InvoiceID     int64     `json:"invoice_id"`
	EnterpriseID  int64     `json:"enterprise_id"` // review-based without an invoice; defaults to the user's enterprise
	RequestedFen  money.Fen `json:"requested_fen"`
	Justification string    `json:"justification"`
	Documents     []string  `json:"documents"` // codes of the programme's documents supplied
}

func (s *Service) facts(ctx context.Context, inv *Invoice, enterpriseID int64) (Claim, error) {
	c := Claim{NoInvoice: inv == nil}
	if inv != nil {
		enterpriseID = inv.EnterpriseID
		c.Category, c.AmountFen, c.Date = inv.Category, inv.AmountFen, inv.Date
		pf, err := s.Directory.Provider(ctx, inv.ProviderID)
		if err != nil {
			return c, err
		}
		c.Provider = pf
	}
	ef, err := s.Directory.Enterprise(ctx, enterpriseID)
	if err != nil {
		return c, err
	}
	c.Enterprise = ef
	return c, nil
}

// lockInvoice serialises stacking decisions about one invoice across all programmes: the row is
// created once and locked on PostgreSQL; SQLite's single writer already serialises everything.
// Callers lock their programme first and the invoice second, always in that order.
func (s *Service) lockInvoice(ctx context.Context, tx *db.Tx, invoiceID int64) error {
	now := s.Now().UTC()
	if _, err := tx.Exec(ctx, `INSERT INTO subsidy_invoice (invoice_id, created_at, updated_at) VALUES ($1, $2, $2)
		ON CONFLICT (invoice_id) DO NOTHING`, invoiceID, now); err != nil {
		return err
	}
	if tx.Dialect() == db.Postgres {
		var id int64
		return tx.QueryRow(ctx, `SELECT invoice_id FROM subsidy_invoice WHERE invoice_id = $1 FOR UPDATE`, invoiceID).Scan(&id)
	}
	return nil
}

// usage reads what the ledger and live claims hold for an assessment of programme p. exceptApp
// leaves one application out (the one being decided).
func (s *Service) usage(ctx context.Context, q db.Querier, p Programme, enterpriseID, invoiceID int64, year int, exceptApp int64) (Usage, error) {
	var u Usage
	if err := q.QueryRow(ctx, `SELECT CAST(COALESCE(SUM(COALESCE(approved_fen, requested_fen)), 0) AS BIGINT) FROM subsidy_application
		WHERE programme_id = $1 AND enterprise_id = $2 AND year = $3 AND id <> $4 AND state IN `+liveStates,
		p.ID, enterpriseID, year, exceptApp).Scan(&u.EnterpriseYearFen); err != nil {
		return u, err
	}
	if invoiceID != 0 {
		sup, err := invoiceSupport(ctx, q, invoiceID, p.ID, exceptApp)
		if err != nil {
			return u, err
		}
		u.Invoice = sup
	}
	b, err := balances(ctx, q, p.ID)
	if err != nil {
		return u, err
	}
	u.BudgetRemainingFen = b.RemainingFen
	if r, _ := p.roundOn(s.today()); r != nil && r.BudgetFen > 0 {
		used, err := roundCommitted(ctx, q, r.ID)
		if err != nil {
			return u, err
		}
		u.BudgetRemainingFen = min(u.BudgetRemainingFen, r.BudgetFen-used)
	}
	return u, nil
}

// invoiceSupport is the public support on an invoice from every programme other than exceptProgramme
// (live applications and voucher redemptions), by programme.
func invoiceSupport(ctx context.Context, q db.Querier, invoiceID, exceptProgramme, exceptApp int64) ([]Support, error) {
	rows, err := q.Query(ctx, `SELECT p.id, p.name_zh, p.name_en, p.ceiling_bp, p.combinable, CAST(SUM(x.amount) AS BIGINT) FROM (
			SELECT programme_id, COALESCE(approved_fen, requested_fen) AS amount FROM subsidy_application
			WHERE invoice_id = $1 AND id <> $3 AND state IN `+liveStates+`
			UNION ALL
			SELECT v.programme_id, r.amount_fen FROM subsidy_redemption r JOIN subsidy_voucher v ON v.id = r.voucher_id
			WHERE r.invoice_id = $1
		) x JOIN subsidy_programme p ON p.id = x.programme_id
		WHERE p.id <> $2 GROUP BY p.id, p.name_zh, p.name_en, p.ceiling_bp, p.combinable ORDER BY p.id`, invoiceID, exceptProgramme, exceptApp)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Support
	for rows.Next() {
		var sp Support
		if err := rows.Scan(&sp.ProgrammeID, &sp.Name.Zh, &sp.Name.En, &sp.CeilingBP, &sp.Combinable, &sp.AmountFen); err != nil {
			return nil, err
		}
		out = append(out, sp)
	}
	return out, rows.Err()
}

// Apply creates an application from the enterprise's invoice (or, for review-based programmes, a
// requested amount). The amount is computed as in a quote and reserved against the caps and the
// invoice's stacking ceiling at once, so an invoice claimed up to its ceiling takes no more claims.
func (s *Service) Apply(ctx context.Context, in ApplicationInput) (Application, error) {
	var v apperr.Validator
	v.Check(in.ProgrammeID > 0, "programme_id", "error.required")
	in.Justification = strings.TrimSpace(in.Justification)
	v.Check(utf8.RuneCountInString(in.Justification) <= maxJustification, "justification", "error.too_long", "Max", maxJustification)
	amount(&v, "requested_fen", in.RequestedFen)
	v.Check(len(in.Documents) <= maxDocuments, "documents", "subsidy.list.too_long", "Max", maxDocuments)
	if err := v.Err(); err != nil {
		return Application{}, err
	}
	p, err := s.Programme(ctx, in.ProgrammeID)
	if errors.Is(err, apperr.ErrNotFound) {
		return Application{}, apperr.Invalid(apperr.F("programme_id", "subsidy.programme.unknown"))
	}
	if err != nil {
		return Application{}, err
	}
	if p.Kind == KindVoucher {
		return Application{}, apperr.Invalid(apperr.F("programme_id", "subsidy.programme.voucher"))
	}
	var inv *Invoice
	if in.InvoiceID != 0 || p.Kind == KindRate {
		if in.InvoiceID <= 0 {
			return Application{}, apperr.Invalid(apperr.F("invoice_id", "error.required"))
		}
		got, err := s.invoice(ctx, in.InvoiceID)
		if err != nil {
			return Application{}, err
		}
		inv = &got
		in.EnterpriseID = got.EnterpriseID
	} else {
		if in.EnterpriseID == 0 {
			if pr := auth.From(ctx); pr != nil {
				in.EnterpriseID = pr.EnterpriseID
			}
		}
		if in.EnterpriseID <= 0 {
			return Application{}, apperr.Invalid(apperr.F("enterprise_id", "error.required"))
		}
	}
	if err := mayActForEnterprise(ctx, in.EnterpriseID); err != nil {
		return Application{}, err
	}
	if p.Kind == KindReview {
		var v apperr.Validator
		v.Check(in.RequestedFen > 0, "requested_fen", "error.required")
		v.Check(in.Justification != "", "justification", "error.required")
		if err := v.Err(); err != nil {
			return Application{}, err
		}
	}
	for _, d := range p.Documents {
		if d.Required && !slices.Contains(in.Documents, d.Code) {
			return Application{}, apperr.Invalid(apperr.F("documents", "subsidy.document.missing", "Name", Name{d.NameZh, d.NameEn}))
		}
	}
	for _, code := range in.Documents {
		if !slices.ContainsFunc(p.Documents, func(d Document) bool { return d.Code == code }) {
			return Application{}, apperr.Invalid(apperr.F("documents", "subsidy.document.unknown", "Code", code))
		}
	}
	claim, err := s.facts(ctx, inv, in.EnterpriseID)
	if err != nil {
		return Application{}, err
	}
	names, err := s.names(ctx)
	if err != nil {
		return Application{}, err
	}
	if ctx, err = s.preload(ctx, in.EnterpriseID); err != nil {
		return Application{}, err
	}
	var id int64
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		id, err = s.create(ctx, tx, p.ID, claim, inv, names, originApplication, in)
		return err
	})
	if err != nil {
		return Application{}, err
	}
	return s.Application(ctx, id)
}

// invoice loads an invoice through casework.
func (s *Service) invoice(ctx context.Context, id int64) (Invoice, error) {
	if s.Engagements == nil {
		return Invoice{}, apperr.Invalid(apperr.F("invoice_id", "subsidy.invoice.unavailable"))
	}
	inv, err := s.Engagements.Invoice(ctx, id)
	if errors.Is(err, apperr.ErrNotFound) {
		return inv, apperr.Invalid(apperr.F("invoice_id", "subsidy.invoice.unknown"))
	}
	return inv, err
}

// create inserts an application in tx after assessing it under the programme and invoice locks.
func (s *Service) create(ctx context.Context, tx *db.Tx, programmeID int64, claim Claim, inv *Invoice, names Names, origin string, in ApplicationInput) (int64, error) {
	p, err := s.programme(ctx, tx, programmeID, true)
	if err != nil {
		return 0, err
	}
	var invoiceID int64
	year := s.today().Year()
	if inv != nil {
		invoiceID, year = inv.ID, inv.Date.Year()
		if err := s.lockInvoice(ctx, tx, inv.ID); err != nil {
			return 0, err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM subsidy_application WHERE programme_id = $1 AND invoice_id = $2 AND state IN `+liveStates,
			p.ID, inv.ID).Scan(&n); err != nil {
			return 0, err
		}
		if n > 0 {
			return 0, apperr.Invalid(apperr.F("invoice_id", "subsidy.invoice.already_applied"))
		}
	}
	u, err := s.usage(ctx, tx, p, claim.Enterprise.ID, invoiceID, year, 0)
	if err != nil {
		return 0, err
	}
	u.RequestedFen = in.RequestedFen
	q, err := Assess(p, claim, u, names, s.today())
	if err != nil {
		return 0, apperr.Invalid(apperr.F("invoice_id", "money.overflow"))
	}
	if !q.Eligible {
		return 0, notEligible(q, inv != nil)
	}
	round, _ := p.roundOn(s.today())
	var roundID int64
	if round != nil {
		roundID = round.ID
	}
	today := s.today()
	due, err := s.addWorkdays(ctx, today, p.ReviewDays)
	if err != nil {
		return 0, err
	}
	var seq int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM subsidy_application WHERE programme_id = $1`, p.ID).Scan(&seq); err != nil {
		return 0, err
	}
	ref := fmt.Sprintf("%s-%d-%06d", p.Code, year, seq+1)
	expl, _ := json.Marshal(q.Lines)
	docs, _ := json.Marshal(nonNil(in.Documents))
	now := s.Now().UTC()
	var inum, cat string
	var amountFen money.Fen
	var idate, eng, prov any
	if inv != nil {
		inum, cat, amountFen, idate, eng, prov = inv.Number, inv.Category, inv.AmountFen, inv.Date.String(), inv.EngagementID, inv.ProviderID
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO subsidy_application (ref, programme_id, round_id, enterprise_id, invoice_id, engagement_id,
		provider_id, enterprise_zh, enterprise_en, provider_zh, provider_en, invoice_number, category, invoice_amount_fen, invoice_date,
		year, origin, requested_fen, state, due_on, justification, documents, explanation, submitted_at, version, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,1,$24,$24) RETURNING id`,
		ref, p.ID, nullID(roundID), claim.Enterprise.ID, nullID(invoiceID), eng, prov, claim.Enterprise.NameZh, claim.Enterprise.NameEn,
		claim.Provider.NameZh, claim.Provider.NameEn, inum, cat, amountFen, idate, year, origin, q.AmountFen, StateSubmitted,
		due.String(), in.Justification, string(docs), string(expl), now).Scan(&id)
	if db.IsUniqueViolation(err) {
		return 0, apperr.Invalid(apperr.F("invoice_id", "subsidy.invoice.already_applied"))
	}
	if err != nil {
		return 0, err
	}
	if err := s.event(ctx, tx, id, "submit_"+origin, StateSubmitted, ""); err != nil {
		return 0, err
	}
	return id, s.audit(ctx, tx, "subsidy.application.create", "subsidy_application", id, map[string]any{"ref": ref,
		"programme": p.ID, "enterprise": claim.Enterprise.ID, "invoice": invoiceID, "requested_fen": int64(q.AmountFen), "origin": origin})
}

// notEligible explains a refused claim by its first failing line; an invoice whose stacking room is
// used up says so on the invoice field.
func notEligible(q Quote, invoice bool) error {
	field := "programme_id"
	if invoice {
		field = "invoice_id"
	}
	for _, l := range q.Lines {
		if l.Key == "subsidy.line.ceiling_applies" && q.AmountFen == 0 {
			return apperr.Invalid(apperr.F("invoice_id", "subsidy.invoice.claimed", "Max", l.Args["Max"], "Used", l.Args["Used"]))
		}
	}
	for _, l := range q.Lines {
		if l.Verdict == Fail {
			// The failing line itself is the message: it says which rule failed and why.
			return apperr.Invalid(apperr.Field{Name: field, Key: l.Key, Args: l.Args})
		}
	}
	return apperr.Invalid(apperr.F(field, "subsidy.not_eligible_plain"))
}

func (s *Service) addWorkdays(ctx context.Context, d workday.Date, n int) (workday.Date, error) {
	cal, err := s.calendar(ctx)
	if err != nil {
		return d, err
	}
	due, _ := cal.AddWorkdays(d, n)
	return due, nil
}

func (s *Service) event(ctx context.Context, tx *db.Tx, appID int64, action, state, note string) error {
	now := s.Now().UTC()
	_, err := tx.Exec(ctx, `INSERT INTO subsidy_application_event (application_id, action, state, note, actor_id, actor_name, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$7)`, appID, action, state, note, actorID(ctx), actorName(ctx), now)
	return err
}

const applicationColumns = `a.id, a.ref, a.programme_id, p.name_zh, p.name_en, p.owner_region, COALESCE(a.round_id, 0), a.enterprise_id,
	a.enterprise_zh, a.enterprise_en, COALESCE(a.invoice_id, 0), COALESCE(a.engagement_id, 0), COALESCE(a.provider_id, 0), a.provider_zh,
	a.provider_en, a.invoice_number, a.category, a.invoice_amount_fen, a.invoice_date, a.year, a.origin, a.requested_fen, a.approved_fen,
	a.state, a.due_on, a.info_request, a.info_response, a.reject_reason, a.justification, a.documents, a.explanation, a.pay_attempt,
	COALESCE(a.point_reviewer, 0), COALESCE(a.owner_reviewer, 0), a.submitted_at, a.decided_at, a.paid_at, a.version`

func scanApplication(row interface{ Scan(...any) error }) (Application, error) {
	var a Application
	var idate, due sql.NullString
	var approved sql.NullInt64
	var decided, paid sql.NullTime
	var docs, expl string
	err := row.Scan(&a.ID, &a.Ref, &a.ProgrammeID, &a.ProgrammeName.Zh, &a.ProgrammeName.En, &a.Owner, &a.RoundID, &a.EnterpriseID,
		&a.EnterpriseName.Zh, &a.EnterpriseName.En, &a.InvoiceID, &a.EngagementID, &a.ProviderID, &a.ProviderName.Zh, &a.ProviderName.En,
		&a.InvoiceNumber, &a.Category, &a.InvoiceAmountFen, &idate, &a.Year, &a.Origin, &a.RequestedFen, &approved, &a.State, &due,
		&a.InfoRequest, &a.InfoResponse, &a.RejectReason, &a.Justification, &docs, &expl, &a.PayAttempt, &a.PointReviewer,
		&a.OwnerReviewer, &a.SubmittedAt, &decided, &paid, &a.Version)
	if err != nil {
		return a, err
	}
	if idate.Valid {
		if d, err := workday.ParseDate(idate.String); err == nil {
			a.InvoiceDate = &d
		}
	}
	if due.Valid {
		if d, err := workday.ParseDate(due.String); err == nil {
			a.DueOn = &d
		}
	}
	if approved.Valid {
		f := money.Fen(approved.Int64)
		a.ApprovedFen = &f
	}
	if decided.Valid {
		a.DecidedAt = &decided.Time
	}
	if paid.Valid {
		a.PaidAt = &paid.Time
	}
	_ = json.Unmarshal([]byte(docs), &a.Documents)
	a.Explanation = decodeLines(expl)
	if a.Documents == nil {
		a.Documents = []string{}
	}
	return a, nil
}

func (s *Service) application(ctx context.Context, q db.Querier, id int64) (Application, error) {
	a, err := scanApplication(q.QueryRow(ctx, `SELECT `+applicationColumns+` FROM subsidy_application a
		JOIN subsidy_programme p ON p.id = a.programme_id WHERE a.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, apperr.NotFound(fmt.Sprintf("application %d", id))
	}
	return a, err
}

// Application returns an application with its history, to its enterprise and to staff.
func (s *Service) Application(ctx context.Context, id int64) (Application, error) {
	a, err := s.application(ctx, s.DB, id)
	if err != nil {
		return a, err
	}
	if err := maySeeEnterprise(ctx, a.EnterpriseID); err != nil {
		return Application{}, err
	}
	if err := s.withSLA(ctx, []*Application{&a}); err != nil {
		return a, err
	}
	rows, err := s.DB.Query(ctx, `SELECT action, state, note, actor_name, created_at FROM subsidy_application_event
		WHERE application_id = $1 ORDER BY id`, id)
	if err != nil {
		return a, err
	}
	defer rows.Close()
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.Action, &e.State, &e.Note, &e.ActorName, &e.At); err != nil {
			return a, err
		}
		a.Events = append(a.Events, e)
	}
	return a, rows.Err()
}

// SLA colours of a running clock.
const (
	SLAGreen = "green" // more than one working day left
	SLAAmber = "amber" // due today or on the next working day
	SLARed   = "red"   // overdue
)

// slaLimits returns today and the last date that is still amber.
func (s *Service) slaLimits(ctx context.Context) (today, amberUntil workday.Date, err error) {
	today = s.today()
	amberUntil, err = s.addWorkdays(ctx, today, 1)
	return today, amberUntil, err
}

func slaOf(due workday.Date, today, amberUntil workday.Date) string {
	switch {
	case due.Before(today):
		return SLARed
	case !due.After(amberUntil):
		return SLAAmber
	}
	return SLAGreen
}

func (s *Service) withSLA(ctx context.Context, as []*Application) error {
	today, amber, err := s.slaLimits(ctx)
	if err != nil {
		return err
	}
	for _, a := range as {
		if a.DueOn != nil && clocked(a.State) {
			a.SLA = slaOf(*a.DueOn, today, amber)
		}
	}
	return nil
}

// clocked states have a deadline running.
func clocked(state string) bool {
	return state == StateSubmitted || state == StateInfoRequested || state == StatePointApproved || state == StateApproved
}

// ApplicationFilter selects applications for a queue or an enterprise's list.
type ApplicationFilter struct {
	ProgrammeID   int64
	EnterpriseID  int64
	State         string
	SLA           string
	Query         string // reference or enterprise name
	Limit, Offset int
}

// ListApplications lists what the principal may see: an enterprise its own applications; point
// staff those of programmes owned by their point's region; coordinators everything. Queues sort by
// deadline, most urgent first.
func (s *Service) ListApplications(ctx context.Context, f ApplicationFilter) ([]Application, int, error) {
	var v apperr.Validator
	v.Check(f.State == "" || slices.Contains(States, f.State), "state", "error.bad_choice")
	v.Check(f.SLA == "" || f.SLA == SLAGreen || f.SLA == SLAAmber || f.SLA == SLARed, "sla", "error.bad_choice")
	v.Check(utf8.RuneCountInString(f.Query) <= 100, "q", "error.too_long", "Max", 100)
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	where, args := []string{"1=1"}, []any{}
	arg := func(x any) string { args = append(args, x); return fmt.Sprintf("$%d", len(args)) }
	p := auth.From(ctx)
	switch {
	case p == nil || p.CityWide():
	case p.Role.Scope() == auth.ScopeEnterprise:
		f.EnterpriseID = p.EnterpriseID
	case p.Staff():
		region, err := s.pointRegion(ctx, p)
		if err != nil {
			return nil, 0, err
		}
		where = append(where, "p.owner_region = "+arg(region))
	default:
		return nil, 0, apperr.ErrForbidden
	}
	if f.EnterpriseID != 0 {
		where = append(where, "a.enterprise_id = "+arg(f.EnterpriseID))
	}
	if f.ProgrammeID != 0 {
		where = append(where, "a.programme_id = "+arg(f.ProgrammeID))
	}
	if f.State != "" {
		where = append(where, "a.state = "+arg(f.State))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pat := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.ToLower(q)) + "%"
		x := arg(pat)
		where = append(where, "(LOWER(a.ref) LIKE "+x+" ESCAPE '\\' OR LOWER(a.enterprise_zh) LIKE "+x+" ESCAPE '\\' OR LOWER(a.enterprise_en) LIKE "+x+" ESCAPE '\\')")
	}
	if f.SLA != "" {
		today, amber, err := s.slaLimits(ctx)
		if err != nil {
			return nil, 0, err
		}
		where = append(where, "a.state IN ('submitted', 'info_requested', 'point_approved', 'approved') AND a.due_on IS NOT NULL")
		switch f.SLA {
		case SLARed:
			where = append(where, "a.due_on < "+arg(today.String()))
		case SLAAmber:
			where = append(where, "a.due_on >= "+arg(today.String())+" AND a.due_on <= "+arg(amber.String()))
		default:
			where = append(where, "a.due_on > "+arg(amber.String()))
		}
	}
	cond := strings.Join(where, " AND ")
	from := ` FROM subsidy_application a JOIN subsidy_programme p ON p.id = a.programme_id WHERE ` + cond
	var total int
	if err := s.DB.QueryRow(ctx, `SELECT COUNT(*)`+from, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	rows, err := s.DB.Query(ctx, `SELECT `+applicationColumns+from+`
		ORDER BY CASE WHEN a.state IN ('submitted', 'info_requested', 'point_approved', 'approved') THEN 0 ELSE 1 END,
		a.due_on, a.id DESC LIMIT `+arg(f.Limit)+` OFFSET `+arg(f.Offset), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Application{}
	for rows.Next() {
		a, err := scanApplication(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	ptrs := make([]*Application, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, total, s.withSLA(ctx, ptrs)
}
