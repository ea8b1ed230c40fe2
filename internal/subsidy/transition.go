package subsidy

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/money"
)

// Transition actions.
const (
	ActPointApprove = "point_approve" // point staff: stage one passed
	ActRequestInfo  = "request_info"  // either stage: ask the enterprise for more
	ActRespond      = "respond"       // the enterprise answers
	ActApprove      = "approve"       // the owner: stage two passed; commits the budget
	ActReject       = "reject"        // either stage, with a reason
	ActWithdraw     = "withdraw"      // the enterprise, before approval
	ActPay          = "pay"           // the owner records the payment
)

// Actions lists every transition action.
var Actions = []string{ActPointApprove, ActRequestInfo, ActRespond, ActApprove, ActReject, ActWithdraw, ActPay}

// TransitionInput moves an application along its workflow.
type TransitionInput struct {
	Action         string     `json:"action"`
	Note           string     `json:"note"`                 // request_info: the question; respond: the answer; reject: the reason
	AmountFen      *money.Fen `json:"amount_fen,omitempty"` // approve: a lower amount than requested
	IdempotencyKey string     `json:"idempotency_key"`      // pay: required; a retried payment with the same key changes nothing
	Version        int        `json:"version"`              // optional: the version read (409 if it moved on)
}

// Transition applies an action. Budget decisions happen under the programme's lock (PostgreSQL row
// lock; SQLite's single writer), with the remaining budget recomputed from the ledger inside the
// transaction, so concurrent approvals never commit past the budget.
func (s *Service) Transition(ctx context.Context, id int64, in TransitionInput) (Application, error) {
	in.Action, in.Note, in.IdempotencyKey = strings.TrimSpace(in.Action), strings.TrimSpace(in.Note), strings.TrimSpace(in.IdempotencyKey)
	var v apperr.Validator
	v.Check(slices.Contains(Actions, in.Action), "action", "error.bad_choice")
	v.Check(utf8.RuneCountInString(in.Note) <= maxNote, "note", "error.too_long", "Max", maxNote)
	needNote := in.Action == ActRequestInfo || in.Action == ActRespond || in.Action == ActReject
	v.Check(!needNote || in.Note != "", "note", "subsidy.note.required_for_"+in.Action)
	if in.Action == ActPay {
		v.Check(in.IdempotencyKey != "", "idempotency_key", "error.required")
	}
	v.Check(len(in.IdempotencyKey) <= maxIdempotencyChars, "idempotency_key", "error.too_long", "Max", maxIdempotencyChars)
	if in.AmountFen != nil {
		v.Check(in.Action == ActApprove, "amount_fen", "subsidy.amount.only_on_approve")
		amount(&v, "amount_fen", *in.AmountFen)
		v.Check(*in.AmountFen != 0, "amount_fen", "subsidy.amount.zero")
	}
	if err := v.Err(); err != nil {
		return Application{}, err
	}
	first, err := s.application(ctx, s.DB, id)
	if err != nil {
		return Application{}, err
	}
	if err := maySeeEnterprise(ctx, first.EnterpriseID); err != nil {
		return Application{}, err
	}
	if ctx, err = s.preload(ctx, first.EnterpriseID); err != nil {
		return Application{}, err
	}
	var notify func(tx *db.Tx) error
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		p, err := s.programme(ctx, tx, first.ProgrammeID, true)
		if err != nil {
			return err
		}
		a, err := s.application(ctx, tx, id)
		if err != nil {
			return err
		}
		if in.Version != 0 && in.Version != a.Version {
			return apperr.ErrConflict
		}
		notify, err = s.apply(ctx, tx, p, a, in)
		if err != nil || notify == nil {
			return err
		}
		return notify(tx)
	})
	if err != nil {
		return Application{}, err
	}
	return s.Application(ctx, id)
}

func notAllowed(a Application, action string) error {
	return apperr.Invalid(apperr.F("action", "subsidy.transition.not_allowed", "Action", action, "State", a.State))
}

// apply performs one action inside tx; it returns what to tell the enterprise, if anything.
func (s *Service) apply(ctx context.Context, tx *db.Tx, p Programme, a Application, in TransitionInput) (func(*db.Tx) error, error) {
	now := s.Now().UTC()
	today := s.today()
	pr := auth.From(ctx)
	var uid int64
	if pr != nil {
		uid = pr.UserID
	}
	set := func(state string, dueDays int, extra string, args ...any) error {
		var due any
		if dueDays > 0 {
			d, err := s.addWorkdays(ctx, today, dueDays)
			if err != nil {
				return err
			}
			due = d.String()
		}
		all := append([]any{state, due, now, a.ID, a.Version}, args...)
		res, err := tx.Exec(ctx, `UPDATE subsidy_application SET state = $1, due_on = $2, updated_at = $3, version = version + 1`+extra+`
			WHERE id = $4 AND version = $5`, all...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.ErrConflict
		}
		if err := s.event(ctx, tx, a.ID, in.Action, state, in.Note); err != nil {
			return err
		}
		return s.audit(ctx, tx, "subsidy.application."+in.Action, "subsidy_application", a.ID, map[string]any{"ref": a.Ref,
			"from": a.State, "to": state, "note": in.Note})
	}
	tell := func(key string) func(*db.Tx) error {
		return func(tx *db.Tx) error {
			return s.notify(ctx, tx, a.EnterpriseID, "subsidy.notify.subject.application", key,
				map[string]any{"Ref": a.Ref, "Programme": a.ProgrammeName.Zh, "Note": in.Note}, "/subsidy/applications/"+itoa(a.ID))
		}
	}
	switch in.Action {
	case ActPointApprove:
		if a.State != StateSubmitted {
			return nil, notAllowed(a, in.Action)
		}
		if err := s.mayReview(ctx, p.Owner); err != nil {
			return nil, err
		}
		return nil, set(StatePointApproved, p.OwnerDays, `, point_reviewer = $6`, nullID(uid))

	case ActRequestInfo:
		switch a.State {
		case StateSubmitted:
			if err := s.mayReview(ctx, p.Owner); err != nil {
				return nil, err
			}
		case StatePointApproved:
			if err := s.mayOwn(ctx, p.Owner); err != nil {
				return nil, err
			}
		default:
			return nil, notAllowed(a, in.Action)
		}
		return tell("subsidy.notify.info_requested"), set(StateInfoRequested, p.InfoDays, `, paused_state = $6, info_request = $7`, a.State, in.Note)

	case ActRespond:
		if a.State != StateInfoRequested {
			return nil, notAllowed(a, in.Action)
		}
		if err := mayActForEnterprise(ctx, a.EnterpriseID); err != nil {
			return nil, err
		}
		var back string
		if err := tx.QueryRow(ctx, `SELECT paused_state FROM subsidy_application WHERE id = $1`, a.ID).Scan(&back); err != nil {
			return nil, err
		}
		days := p.ReviewDays
		if back == StatePointApproved {
			days = p.OwnerDays
		}
		return nil, set(back, days, `, paused_state = '', info_response = $6`, in.Note)

	case ActApprove:
		if a.State != StatePointApproved {
			return nil, notAllowed(a, in.Action)
		}
		if err := s.mayOwn(ctx, p.Owner); err != nil {
			return nil, err
		}
		if uid != 0 && uid == a.PointReviewer {
			return nil, apperr.Invalid(apperr.F("action", "subsidy.four_eyes"))
		}
		amt := a.RequestedFen
		if in.AmountFen != nil {
			if *in.AmountFen > a.RequestedFen {
				return nil, apperr.Invalid(apperr.F("amount_fen", "subsidy.amount.above_requested", "Requested", a.RequestedFen.String()))
			}
			amt = *in.AmountFen
		}
		if a.InvoiceID != 0 {
			if err := s.checkCeiling(ctx, tx, p, a, amt); err != nil {
				return nil, err
			}
		}
		// Pro-rata shares are decided at round close; an approval after its round has closed (or in a
		// programme without rounds) is committed at once from what remains.
		if p.Allocation == ProRata && a.RoundID != 0 && slices.ContainsFunc(p.Rounds, func(r Round) bool { return r.ID == a.RoundID && r.ClosedAt == nil }) {
			return tell("subsidy.notify.approved"), set(StateAwaitingRound, 0, `, approved_fen = $6, owner_reviewer = $7, decided_at = $3`, amt, nullID(uid))
		}
		if err := s.commit(ctx, tx, p, a, amt); err != nil {
			return nil, err
		}
		return tell("subsidy.notify.approved"), set(StateApproved, p.SettleDays, `, approved_fen = $6, owner_reviewer = $7, decided_at = $3`, amt, nullID(uid))

	case ActReject:
		stage := a.State
		if a.State == StateInfoRequested {
			if err := tx.QueryRow(ctx, `SELECT paused_state FROM subsidy_application WHERE id = $1`, a.ID).Scan(&stage); err != nil {
				return nil, err
			}
		}
		switch stage {
		case StateSubmitted:
			if err := s.mayReview(ctx, p.Owner); err != nil {
				return nil, err
			}
		case StatePointApproved, StateAwaitingRound:
			if err := s.mayOwn(ctx, p.Owner); err != nil {
				return nil, err
			}
		default:
			return nil, notAllowed(a, in.Action)
		}
		return tell("subsidy.notify.rejected"), set(StateRejected, 0, `, reject_reason = $6, decided_at = $3`, in.Note)

	case ActWithdraw:
		if a.State != StateSubmitted && a.State != StateInfoRequested && a.State != StatePointApproved {
			return nil, notAllowed(a, in.Action)
		}
		if err := mayActForEnterprise(ctx, a.EnterpriseID); err != nil {
			return nil, err
		}
		return nil, set(StateWithdrawn, 0, ``)

	case ActPay:
		if err := s.mayOwn(ctx, p.Owner); err != nil {
			return nil, err
		}
		if e, found, err := entryByKey(ctx, tx, in.IdempotencyKey); err != nil {
			return nil, err
		} else if found {
			if e.Kind == EntryPay && e.ApplicationID == a.ID {
				return nil, nil // the same payment again: already recorded
			}
			return nil, apperr.Invalid(apperr.F("idempotency_key", "subsidy.key.reused"))
		}
		if a.State == StatePaid {
			return nil, apperr.New(apperr.KindConflict, "subsidy.already_paid", "Ref", a.Ref)
		}
		if a.State != StateApproved || a.ApprovedFen == nil {
			return nil, notAllowed(a, in.Action)
		}
		_, err := s.appendEntry(ctx, tx, Entry{ProgrammeID: p.ID, Kind: EntryPay, AmountFen: *a.ApprovedFen, ApplicationID: a.ID,
			RoundID: a.RoundID, PayAttempt: a.PayAttempt, IdempotencyKey: in.IdempotencyKey, Note: in.Note})
		if db.IsUniqueViolation(err) {
			return nil, apperr.New(apperr.KindConflict, "subsidy.already_paid", "Ref", a.Ref)
		}
		if err != nil {
			return nil, err
		}
		return tell("subsidy.notify.paid"), set(StatePaid, 0, `, paid_at = $3`)
	}
	return nil, notAllowed(a, in.Action)
}

// commit books an approval in the ledger if the programme (and the round, when it has a budget) can
// afford it. It runs under the programme lock.
func (s *Service) commit(ctx context.Context, tx *db.Tx, p Programme, a Application, amt money.Fen) error {
	b, err := balances(ctx, tx, p.ID)
	if err != nil {
		return err
	}
	left := b.RemainingFen
	if a.RoundID != 0 {
		for _, r := range p.Rounds {
			if r.ID == a.RoundID && r.BudgetFen > 0 {
				used, err := roundCommitted(ctx, tx, r.ID)
				if err != nil {
					return err
				}
				left = min(left, r.BudgetFen-used)
			}
		}
	}
	if amt > left {
		return apperr.New(apperr.KindConflict, "subsidy.budget.exhausted", "Remaining", max(left, 0).String(), "Amount", amt.String())
	}
	_, err = s.appendEntry(ctx, tx, Entry{ProgrammeID: p.ID, Kind: EntryCommit, AmountFen: amt, ApplicationID: a.ID, RoundID: a.RoundID})
	if db.IsUniqueViolation(err) {
		return apperr.New(apperr.KindConflict, "subsidy.already_committed", "Ref", a.Ref)
	}
	return err
}

// checkCeiling re-verifies, under the invoice lock, that this approval keeps the invoice's total
// public support within the strictest stacking ceiling of every programme involved.
func (s *Service) checkCeiling(ctx context.Context, tx *db.Tx, p Programme, a Application, amt money.Fen) error {
	if err := s.lockInvoice(ctx, tx, a.InvoiceID); err != nil {
		return err
	}
	others, err := invoiceSupport(ctx, tx, a.InvoiceID, p.ID, a.ID)
	if err != nil {
		return err
	}
	ceiling, total := p.CeilingBP, amt
	for _, o := range others {
		ceiling = min(ceiling, o.CeilingBP)
		if total, err = money.Add(total, o.AmountFen); err != nil {
			return err
		}
	}
	maxFen, err := money.ApplyRate(a.InvoiceAmountFen, ceiling)
	if err != nil {
		return err
	}
	if total > maxFen {
		return apperr.Invalid(apperr.F("amount_fen", "subsidy.invoice.claimed", "Max", maxFen.String(), "Used", (total - amt).String()))
	}
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
