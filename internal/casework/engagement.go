package casework

import (
	"context"
	"fmt"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/money"
	"chuhai/internal/workday"
)

// Engagement statuses.
const (
	EngagementActive    = "active"
	EngagementCompleted = "completed"
	EngagementCancelled = "cancelled"
)

// maxAmount bounds an engagement's amount: 1,000,000,000 yuan.
const maxAmount money.Fen = 100_000_000_000

// Engagement is the work a provider does for an enterprise after accepting a referral: what, for
// how much, when; the invoices as it is delivered; its completion; the enterprise's rating. Subsidy
// programmes pay against engagements.
type Engagement struct {
	ID          int64       `json:"id"`
	Ref         string      `json:"ref"` // the request
	ReferralID  int64       `json:"referral_id"`
	Provider    Provider    `json:"provider"`
	Enterprise  Enterprise  `json:"enterprise"`
	Point       PointRef    `json:"point"` // the point serving the request when the engagement was agreed
	Scope       string      `json:"scope"`
	AmountFen   money.Fen   `json:"amount_fen"`
	InvoicedFen money.Fen   `json:"invoiced_fen"`
	StartOn     string      `json:"start_on"`
	EndOn       string      `json:"end_on"`
	Status      string      `json:"status"`
	CompletedOn string      `json:"completed_on,omitempty"`
	CompletedAt *time.Time  `json:"completed_at,omitempty"`
	Rating      int         `json:"rating,omitempty"`
	Comment     string      `json:"comment,omitempty"`
	RatedAt     *time.Time  `json:"rated_at,omitempty"`
	Invoices    []Invoice   `json:"invoices"`
	Amendments  []Amendment `json:"amendments"`
	Version     int         `json:"version"`
	CreatedAt   time.Time   `json:"created_at"`

	requestID, requestPointID int64
	activityRecorded          bool
}

// Invoice is one invoice of an engagement.
type Invoice struct {
	ID        int64     `json:"id"`
	Number    string    `json:"number"`
	AmountFen money.Fen `json:"amount_fen"`
	IssuedOn  string    `json:"issued_on"`
	CreatedAt time.Time `json:"created_at"`
}

// Amendment is a change of an engagement's agreed amount.
type Amendment struct {
	PreviousFen money.Fen `json:"previous_fen"`
	AmountFen   money.Fen `json:"amount_fen"`
	Reason      string    `json:"reason"`
	At          time.Time `json:"at"`
}

// NewEngagement records the engagement that follows an accepted referral.
type NewEngagement struct {
	ReferralID int64     `json:"referral_id"`
	Scope      string    `json:"scope"`
	AmountFen  money.Fen `json:"amount_fen"`
	StartOn    string    `json:"start_on"`
	EndOn      string    `json:"end_on"`
}

const engagementColumns = `e.id, r.ref, e.request_id, r.point_id, e.referral_id, e.provider_id, e.enterprise_id, e.point_id, e.scope,
	e.amount_fen, e.invoiced_fen, e.start_on, e.end_on, e.status, e.completed_on, e.completed_at, e.rating, e.comment, e.rated_at,
	e.activity_recorded_at, e.version, e.created_at`

func scanEngagement(row interface{ Scan(...any) error }) (Engagement, error) {
	var e Engagement
	var completedOn *string
	var rating *int64
	var recorded *time.Time
	err := row.Scan(&e.ID, &e.Ref, &e.requestID, &e.requestPointID, &e.ReferralID, &e.Provider.ID, &e.Enterprise.ID, &e.Point.ID,
		&e.Scope, &e.AmountFen, &e.InvoicedFen, &e.StartOn, &e.EndOn, &e.Status, &completedOn, &e.CompletedAt, &rating, &e.Comment,
		&e.RatedAt, &recorded, &e.Version, &e.CreatedAt)
	if completedOn != nil {
		e.CompletedOn = *completedOn
	}
	if rating != nil {
		e.Rating = int(*rating)
	}
	e.activityRecorded = recorded != nil
	e.CreatedAt = e.CreatedAt.UTC()
	for _, t := range []*time.Time{e.CompletedAt, e.RatedAt} {
		if t != nil {
			*t = t.UTC()
		}
	}
	e.Invoices, e.Amendments = []Invoice{}, []Amendment{}
	return e, err
}

// mayViewEngagement: its provider, its enterprise, staff of the point that agreed it or serves the
// request now, coordinators.
func mayViewEngagement(p *auth.Principal, e Engagement) bool {
	switch {
	case p == nil:
		return false
	case p.CityWide():
		return true
	case p.Role.Scope() == auth.ScopePoint:
		return p.PointID == e.Point.ID || p.PointID == e.requestPointID
	}
	return p.CanActForProvider(e.Provider.ID) || p.CanActForEnterprise(e.Enterprise.ID)
}

// mayRecordEngagement: the parties and the serving point record an engagement's terms and progress.
func mayRecordEngagement(p *auth.Principal, e Engagement) bool {
	if p == nil {
		return false
	}
	if p.Staff() {
		return p.CanActForPoint(e.requestPointID)
	}
	return p.CanActForProvider(e.Provider.ID) || p.CanActForEnterprise(e.Enterprise.ID)
}

func (s *Store) engagementTx(ctx context.Context, q db.Querier, id int64) (Engagement, error) {
	e, err := scanEngagement(q.QueryRow(ctx, `SELECT `+engagementColumns+` FROM casework_engagement e
		JOIN casework_request r ON r.id = e.request_id WHERE e.id = $1`, id))
	if isNoRows(err) {
		return e, apperr.NotFound(fmt.Sprintf("engagement %d", id))
	}
	if err != nil {
		return e, err
	}
	if !mayViewEngagement(auth.From(ctx), e) {
		return e, apperr.ErrForbidden
	}
	return e, nil
}

// checkTerms validates an engagement's scope, amount and dates.
func (s *Store) checkTerms(v *apperr.Validator, scope *string, amount money.Fen, startOn, endOn string) (workday.Date, workday.Date) {
	checkText(v, "scope", scope, maxScope, true)
	v.Check(amount > 0 && amount <= maxAmount, "amount_fen", "casework.amount.range", "Max", maxAmount/100)
	start := parseDay(v, "start_on", startOn)
	end := parseDay(v, "end_on", endOn)
	v.Check(startOn != "", "start_on", "error.required")
	v.Check(endOn != "", "end_on", "error.required")
	t := today(s.now())
	if !start.IsZero() {
		v.Check(!start.Before(t.AddDays(-366)), "start_on", "casework.date.too_old")
		v.Check(!start.After(t.AddDays(2*366)), "start_on", "casework.date.too_far", "Years", 2)
	}
	if !start.IsZero() && !end.IsZero() {
		v.Check(!end.Before(start), "end_on", "casework.date.end_before_start")
		v.Check(!end.After(start.AddDays(5*366)), "end_on", "casework.date.too_far", "Years", 5)
	}
	return start, end
}

// CreateEngagement records the engagement of an accepted referral (one per referral): staff of the
// serving point, the enterprise or the provider may.
func (s *Store) CreateEngagement(ctx context.Context, in NewEngagement) (Engagement, error) {
	p := auth.From(ctx)
	var v apperr.Validator
	v.Check(in.ReferralID > 0, "referral_id", "error.required")
	start, end := s.checkTerms(&v, &in.Scope, in.AmountFen, in.StartOn, in.EndOn)
	if err := v.Err(); err != nil {
		return Engagement{}, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		f, err := scanReferral(tx.QueryRow(ctx, `SELECT `+referralColumns+` FROM casework_referral f JOIN casework_request r ON r.id = f.request_id
			WHERE f.id = $1`, in.ReferralID))
		if isNoRows(err) {
			return apperr.Invalid(apperr.F("referral_id", "casework.referral.unknown"))
		}
		if err != nil {
			return err
		}
		r, err := requestWhere(ctx, tx, `r.id = $1`, f.requestID)
		if err != nil {
			return err
		}
		probe := Engagement{Provider: Provider{ID: f.Provider.ID}, Enterprise: Enterprise{ID: r.enterpriseID}, requestPointID: r.pointID}
		if !mayRecordEngagement(p, probe) {
			return apperr.ErrForbidden
		}
		switch {
		case f.Status != ReferralAccepted:
			return apperr.New(apperr.KindConflict, "casework.engagement.not_accepted")
		case f.EngagementID != 0:
			return apperr.New(apperr.KindConflict, "casework.engagement.exists")
		case r.mergedIntoID != 0 || r.State == StateClosed:
			return apperr.New(apperr.KindConflict, "casework.referral.closed")
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		err = tx.QueryRow(ctx, `INSERT INTO casework_engagement (request_id, referral_id, provider_id, enterprise_id, point_id, scope,
			amount_fen, invoiced_fen, start_on, end_on, status, created_by, version, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,0,$8,$9,$10,$11,1,$12,$12) RETURNING id`,
			r.ID, f.ID, f.Provider.ID, r.enterpriseID, r.pointID, in.Scope, int64(in.AmountFen), start.String(), end.String(),
			EngagementActive, p.UserID, now).Scan(&id)
		if db.IsUniqueViolation(err) {
			return apperr.New(apperr.KindConflict, "casework.engagement.exists")
		}
		if err != nil {
			return err
		}
		if err := s.addEvent(ctx, tx, r.ID, event{kind: "engagement", pointID: r.pointID, public: true, body: in.Scope,
			detail: map[string]any{"engagement_id": id, "amount_fen": int64(in.AmountFen), "start_on": start.String(), "end_on": end.String()}}, now); err != nil {
			return err
		}
		return s.record(ctx, tx, "casework.engagement.create", "casework_engagement", fmt.Sprint(id), map[string]any{
			"ref": r.Ref, "referral_id": f.ID, "provider_id": f.Provider.ID, "amount_fen": int64(in.AmountFen), "start_on": start.String(), "end_on": end.String()})
	})
	if err != nil {
		return Engagement{}, err
	}
	return s.Engagement(ctx, id)
}

// Engagement returns an engagement with its invoices and amendments.
func (s *Store) Engagement(ctx context.Context, id int64) (Engagement, error) {
	e, err := s.engagementTx(ctx, s.db, id)
	if err != nil {
		return Engagement{}, err
	}
	es := []Engagement{e}
	if err := s.fillEngagements(ctx, es, true); err != nil {
		return Engagement{}, err
	}
	return es[0], nil
}

// fillEngagements names providers, enterprises and points, and with details loads invoices and
// amendments.
func (s *Store) fillEngagements(ctx context.Context, es []Engagement, details bool) error {
	if len(es) == 0 {
		return nil
	}
	ix, err := s.pointIndex(ctx)
	if err != nil {
		return err
	}
	var pids, eids []int64
	for _, e := range es {
		pids, eids = append(pids, e.Provider.ID), append(eids, e.Enterprise.ID)
	}
	providers, err := s.directory.Providers(ctx, pids)
	if err != nil {
		return err
	}
	ents, err := s.directory.EnterpriseNames(ctx, eids)
	if err != nil {
		return err
	}
	for i := range es {
		e := &es[i]
		if pr, ok := providers[e.Provider.ID]; ok {
			e.Provider = pr
		}
		if en, ok := ents[e.Enterprise.ID]; ok {
			e.Enterprise = en
		}
		e.Point = ix.ref(e.Point.ID)
		if !details {
			continue
		}
		rows, err := s.db.Query(ctx, `SELECT id, number, amount_fen, issued_on, created_at FROM casework_invoice WHERE engagement_id = $1 ORDER BY issued_on, id`, e.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var inv Invoice
			if err := rows.Scan(&inv.ID, &inv.Number, &inv.AmountFen, &inv.IssuedOn, &inv.CreatedAt); err != nil {
				rows.Close()
				return err
			}
			inv.CreatedAt = inv.CreatedAt.UTC()
			e.Invoices = append(e.Invoices, inv)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = s.db.Query(ctx, `SELECT previous_fen, amount_fen, reason, created_at FROM casework_amendment WHERE engagement_id = $1 ORDER BY id`, e.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var a Amendment
			if err := rows.Scan(&a.PreviousFen, &a.AmountFen, &a.Reason, &a.At); err != nil {
				rows.Close()
				return err
			}
			a.At = a.At.UTC()
			e.Amendments = append(e.Amendments, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// EngagementFilter narrows Engagements.
type EngagementFilter struct {
	Ref           string // one request's engagements
	Status        string
	ProviderID    int64
	EnterpriseID  int64
	Limit, Offset int
}

// Engagements lists engagements, newest first: a provider's or an enterprise's own, a point's
// (those it agreed or whose request it serves), or any for coordinators; subsidy programmes read
// completed engagements from here.
func (s *Store) Engagements(ctx context.Context, f EngagementFilter) ([]Engagement, int, error) {
	p := auth.From(ctx)
	if p == nil {
		return nil, 0, apperr.ErrForbidden
	}
	var where []string
	var args []any
	arg := func(a any) string { args = append(args, a); return fmt.Sprintf("$%d", len(args)) }
	switch {
	case p.CityWide():
	case p.Role.Scope() == auth.ScopePoint:
		n := arg(p.PointID)
		where = append(where, "(e.point_id = "+n+" OR r.point_id = "+n+")")
	case p.Role.Scope() == auth.ScopeProvider:
		where = append(where, "e.provider_id = "+arg(p.ProviderID))
	case p.Role.Scope() == auth.ScopeEnterprise:
		where = append(where, "e.enterprise_id = "+arg(p.EnterpriseID))
	default:
		return nil, 0, apperr.ErrForbidden
	}
	var v apperr.Validator
	if f.Ref != "" {
		ref := strings.ToUpper(strings.TrimSpace(f.Ref))
		v.Check(ValidRef(ref), "ref", "casework.ref.format")
		where = append(where, "r.ref = "+arg(ref))
	}
	if f.Status != "" {
		v.Check(f.Status == EngagementActive || f.Status == EngagementCompleted || f.Status == EngagementCancelled, "status", "error.bad_choice")
		where = append(where, "e.status = "+arg(f.Status))
	}
	if f.ProviderID != 0 {
		where = append(where, "e.provider_id = "+arg(f.ProviderID))
	}
	if f.EnterpriseID != 0 {
		where = append(where, "e.enterprise_id = "+arg(f.EnterpriseID))
	}
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	cond := "1 = 1"
	if len(where) > 0 {
		cond = strings.Join(where, " AND ")
	}
	from := ` FROM casework_engagement e JOIN casework_request r ON r.id = e.request_id WHERE ` + cond
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*)`+from, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	rows, err := s.db.Query(ctx, `SELECT `+engagementColumns+from+` ORDER BY e.id DESC LIMIT `+arg(f.Limit)+` OFFSET `+arg(max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, err
	}
	out := []Engagement{}
	for rows.Next() {
		e, err := scanEngagement(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return out, total, s.fillEngagements(ctx, out, true)
}

// NewInvoice is an invoice as submitted.
type NewInvoice struct {
	Number    string    `json:"number"`
	AmountFen money.Fen `json:"amount_fen"`
	IssuedOn  string    `json:"issued_on"`
}

// AddInvoice records an invoice against an engagement (its provider, its enterprise, or staff of
// the serving point). The invoices may never add up to more than the agreed amount: a larger total
// needs an amendment of the amount first.
func (s *Store) AddInvoice(ctx context.Context, id int64, in NewInvoice) (Engagement, error) {
	p := auth.From(ctx)
	var v apperr.Validator
	in.Number = strings.TrimSpace(in.Number)
	checkText(&v, "number", &in.Number, maxInvoiceNo, true)
	v.Check(in.AmountFen > 0 && in.AmountFen <= maxAmount, "amount_fen", "casework.amount.range", "Max", maxAmount/100)
	issued := parseDay(&v, "issued_on", in.IssuedOn)
	v.Check(in.IssuedOn != "", "issued_on", "error.required")
	if !issued.IsZero() {
		v.Check(!issued.After(today(s.now())), "issued_on", "casework.date.future")
	}
	if err := v.Err(); err != nil {
		return Engagement{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		e, err := s.engagementTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if !mayRecordEngagement(p, e) {
			return apperr.ErrForbidden
		}
		if e.Status == EngagementCancelled {
			return apperr.New(apperr.KindConflict, "casework.engagement.cancelled")
		}
		if start, _ := workday.ParseDate(e.StartOn); issued.Before(start.AddDays(-90)) {
			return apperr.Invalid(apperr.F("issued_on", "casework.invoice.before_start", "Start", e.StartOn))
		}
		total, err := money.Add(e.InvoicedFen, in.AmountFen)
		if err != nil || total > e.AmountFen {
			return apperr.Invalid(apperr.F("amount_fen", "casework.invoice.over_amount",
				"Amount", e.AmountFen.String(), "Invoiced", e.InvoicedFen.String(), "Left", (e.AmountFen - e.InvoicedFen).String()))
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		// The guard is repeated in the statement, so two invoices saved at once cannot both pass.
		res, err := tx.Exec(ctx, `UPDATE casework_engagement SET invoiced_fen = invoiced_fen + $1, version = version + 1, updated_at = $2
			WHERE id = $3 AND invoiced_fen + $1 <= amount_fen`, int64(in.AmountFen), now, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return apperr.ErrConflict
		}
		var invoiceID int64
		err = tx.QueryRow(ctx, `INSERT INTO casework_invoice (engagement_id, number, amount_fen, issued_on, created_by, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$6) RETURNING id`, id, in.Number, int64(in.AmountFen), issued.String(), p.UserID, now).Scan(&invoiceID)
		if db.IsUniqueViolation(err) {
			return apperr.Invalid(apperr.F("number", "casework.invoice.duplicate"))
		}
		if err != nil {
			return err
		}
		if s.invoices != nil {
			inv, err := recordedInvoice(ctx, tx, invoiceID)
			if err != nil {
				return err
			}
			if err := s.invoices.OnInvoiceRecorded(ctx, tx, inv); err != nil {
				return fmt.Errorf("invoice hook: %w", err)
			}
		}
		if err := s.addEvent(ctx, tx, e.requestID, event{kind: "invoice", public: true,
			detail: map[string]any{"engagement_id": id, "number": in.Number, "amount_fen": int64(in.AmountFen)}}, now); err != nil {
			return err
		}
		return s.record(ctx, tx, "casework.engagement.invoice", "casework_engagement", fmt.Sprint(id), map[string]any{
			"number": in.Number, "amount_fen": int64(in.AmountFen), "issued_on": issued.String(), "invoiced_fen": int64(total)})
	})
	if err != nil {
		return Engagement{}, err
	}
	return s.Engagement(ctx, id)
}

// Amend changes an engagement's agreed amount, with a reason, provided the caller saw version. The
// enterprise and staff of the serving point may; never below what has been invoiced.
func (s *Store) Amend(ctx context.Context, id int64, version int, amount money.Fen, reason string) (Engagement, error) {
	p := auth.From(ctx)
	var v apperr.Validator
	v.Check(amount > 0 && amount <= maxAmount, "amount_fen", "casework.amount.range", "Max", maxAmount/100)
	checkText(&v, "reason", &reason, maxReason, true)
	v.Check(version > 0, "version", "casework.version.required")
	if err := v.Err(); err != nil {
		return Engagement{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		e, err := s.engagementTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if !mayRecordEngagement(p, e) || p.Role.Scope() == auth.ScopeProvider {
			return apperr.ErrForbidden
		}
		switch {
		case e.Status == EngagementCancelled:
			return apperr.New(apperr.KindConflict, "casework.engagement.cancelled")
		case e.Version != version:
			return apperr.ErrConflict
		case amount < e.InvoicedFen:
			return apperr.Invalid(apperr.F("amount_fen", "casework.amend.below_invoiced", "Invoiced", e.InvoicedFen.String()))
		case amount == e.AmountFen:
			return apperr.Invalid(apperr.F("amount_fen", "casework.amend.same"))
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		if err := bumpEngagement(ctx, tx, id, version, `amount_fen = $1, updated_at = $2`, int64(amount), now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO casework_amendment (engagement_id, previous_fen, amount_fen, reason, created_by, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$6)`, id, int64(e.AmountFen), int64(amount), reason, p.UserID, now); err != nil {
			return err
		}
		if err := s.addEvent(ctx, tx, e.requestID, event{kind: "engagement_amended", public: true, body: reason,
			detail: map[string]any{"engagement_id": id, "previous_fen": int64(e.AmountFen), "amount_fen": int64(amount)}}, now); err != nil {
			return err
		}
		return s.record(ctx, tx, "casework.engagement.amend", "casework_engagement", fmt.Sprint(id), map[string]any{
			"previous_fen": int64(e.AmountFen), "amount_fen": int64(amount), "reason": reason})
	})
	if err != nil {
		return Engagement{}, err
	}
	return s.Engagement(ctx, id)
}

func bumpEngagement(ctx context.Context, tx *db.Tx, id int64, version int, set string, args ...any) error {
	n := len(args)
	res, err := tx.Exec(ctx, `UPDATE casework_engagement SET `+set+fmt.Sprintf(`, version = version + 1 WHERE id = $%d AND version = $%d`, n+1, n+2),
		append(args, id, version)...)
	if err != nil {
		return err
	}
	if k, err := res.RowsAffected(); err != nil {
		return err
	} else if k == 0 {
		return apperr.ErrConflict
	}
	return nil
}

// Complete marks an engagement's work done on completedOn, provided the caller saw version.
func (s *Store) Complete(ctx context.Context, id int64, version int, completedOn string) (Engagement, error) {
	p := auth.From(ctx)
	var v apperr.Validator
	day := parseDay(&v, "completed_on", completedOn)
	v.Check(completedOn != "", "completed_on", "error.required")
	v.Check(version > 0, "version", "casework.version.required")
	if !day.IsZero() {
		v.Check(!day.After(today(s.now())), "completed_on", "casework.date.future")
	}
	if err := v.Err(); err != nil {
		return Engagement{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		e, err := s.engagementTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if !mayRecordEngagement(p, e) {
			return apperr.ErrForbidden
		}
		if e.Status != EngagementActive {
			return apperr.New(apperr.KindConflict, "casework.engagement.not_active", "Status", e.Status)
		}
		if e.Version != version {
			return apperr.ErrConflict
		}
		if start, _ := workday.ParseDate(e.StartOn); day.Before(start) {
			return apperr.Invalid(apperr.F("completed_on", "casework.date.before_start", "Start", e.StartOn))
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		if err := bumpEngagement(ctx, tx, id, version, `status = $1, completed_on = $2, completed_at = $3, updated_at = $3`,
			EngagementCompleted, day.String(), now); err != nil {
			return err
		}
		if err := s.addEvent(ctx, tx, e.requestID, event{kind: "engagement_completed", public: true,
			detail: map[string]any{"engagement_id": id, "completed_on": day.String()}}, now); err != nil {
			return err
		}
		return s.record(ctx, tx, "casework.engagement.complete", "casework_engagement", fmt.Sprint(id), map[string]any{"completed_on": day.String()})
	})
	if err != nil {
		return Engagement{}, err
	}
	return s.Engagement(ctx, id)
}

// Feedback is the enterprise's rating (1 to 5) and comment on a completed engagement, given once; it
// updates the provider's activity and rating in the directory in the same transaction.
func (s *Store) Feedback(ctx context.Context, id int64, rating int, comment string) (Engagement, error) {
	p := auth.From(ctx)
	var v apperr.Validator
	v.Check(rating >= 1 && rating <= 5, "rating", "casework.rating.range")
	checkText(&v, "comment", &comment, maxComment, false)
	if err := v.Err(); err != nil {
		return Engagement{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		e, err := s.engagementTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.Role.Scope() != auth.ScopeEnterprise || !p.CanActForEnterprise(e.Enterprise.ID) {
			return apperr.ErrForbidden
		}
		switch {
		case e.Status != EngagementCompleted:
			return apperr.New(apperr.KindConflict, "casework.feedback.not_completed")
		case e.RatedAt != nil:
			return apperr.New(apperr.KindConflict, "casework.feedback.done")
		case e.activityRecorded:
			return apperr.New(apperr.KindConflict, "casework.feedback.closed")
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		res, err := tx.Exec(ctx, `UPDATE casework_engagement SET rating = $1, comment = $2, rated_at = $3, activity_recorded_at = $3,
			version = version + 1, updated_at = $3 WHERE id = $4 AND rated_at IS NULL AND activity_recorded_at IS NULL`, rating, comment, now, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return apperr.New(apperr.KindConflict, "casework.feedback.done")
		}
		if s.activity != nil {
			if err := s.activity.RecordEngagement(ctx, tx, e.ID, e.Provider.ID, *e.CompletedAt, rating); err != nil {
				return fmt.Errorf("provider activity: %w", err)
			}
		}
		if err := s.addEvent(ctx, tx, e.requestID, event{kind: "engagement_rated", public: true, body: comment,
			detail: map[string]any{"engagement_id": id, "rating": rating}}, now); err != nil {
			return err
		}
		return s.record(ctx, tx, "casework.engagement.feedback", "casework_engagement", fmt.Sprint(id), map[string]any{"rating": rating})
	})
	if err != nil {
		return Engagement{}, err
	}
	return s.Engagement(ctx, id)
}

// finaliseEngagements records in the directory the completed engagements of a closing request that
// were never rated, so that every engagement counts once in its provider's activity.
func (s *Store) finaliseEngagements(ctx context.Context, tx *db.Tx, requestID int64, now time.Time) error {
	rows, err := tx.Query(ctx, `SELECT id, provider_id, completed_at FROM casework_engagement
		WHERE request_id = $1 AND status = $2 AND activity_recorded_at IS NULL ORDER BY id`, requestID, EngagementCompleted)
	if err != nil {
		return err
	}
	type done struct {
		id, provider int64
		at           time.Time
	}
	var ds []done
	for rows.Next() {
		var d done
		if err := rows.Scan(&d.id, &d.provider, &d.at); err != nil {
			rows.Close()
			return err
		}
		ds = append(ds, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, d := range ds {
		// Guarded, so that a rating committed since the select above is not counted twice.
		res, err := tx.Exec(ctx, `UPDATE casework_engagement SET activity_recorded_at = $1, updated_at = $1
			WHERE id = $2 AND activity_recorded_at IS NULL`, now, d.id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			continue
		}
		if s.activity != nil {
			if err := s.activity.RecordEngagement(ctx, tx, d.id, d.provider, d.at, 0); err != nil {
				return fmt.Errorf("provider activity: %w", err)
			}
		}
	}
	return nil
}
