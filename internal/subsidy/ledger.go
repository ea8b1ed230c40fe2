package subsidy

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"chuhai/internal/apperr"
	"chuhai/internal/db"
	"chuhai/internal/money"
	"chuhai/internal/workday"
)

// Ledger entry kinds. Balances follow from sums by kind:
//
//	budget    = Σ budget
//	committed = Σ commit − Σ release − Σ pay   (approved, not yet paid)
//	paid      = Σ pay
//	remaining = budget − Σ commit + Σ release  (= budget − committed − paid)
//
// A correction is an entry of the same kind with the opposite amount that names the entry it
// reverses; entries are never updated or deleted.
const (
	EntryBudget  = "budget"
	EntryCommit  = "commit"
	EntryPay     = "pay"
	EntryRelease = "release"
)

// Entry is one ledger line.
type Entry struct {
	ID             int64        `json:"id"`
	ProgrammeID    int64        `json:"programme_id"`
	Kind           string       `json:"kind"`
	AmountFen      money.Fen    `json:"amount_fen"`
	ApplicationID  int64        `json:"application_id,omitempty"`
	ApplicationRef string       `json:"application_ref,omitempty"`
	VoucherID      int64        `json:"voucher_id,omitempty"`
	RedemptionID   int64        `json:"redemption_id,omitempty"`
	RoundID        int64        `json:"round_id,omitempty"`
	PayAttempt     int          `json:"pay_attempt,omitempty"`
	ReversesID     int64        `json:"reverses_id,omitempty"`
	IdempotencyKey string       `json:"idempotency_key,omitempty"`
	Note           string       `json:"note"`
	EntryOn        workday.Date `json:"entry_on"`
	CreatedAt      time.Time    `json:"created_at"`
}

// Balances are a programme's figures derived from its ledger.
type Balances struct {
	BudgetFen    money.Fen `json:"budget_fen"`
	CommittedFen money.Fen `json:"committed_fen"`
	PaidFen      money.Fen `json:"paid_fen"`
	RemainingFen money.Fen `json:"remaining_fen"`
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// appendEntry writes one ledger entry and its audit entry in tx.
func (s *Service) appendEntry(ctx context.Context, tx *db.Tx, e Entry) (int64, error) {
	now := s.Now().UTC()
	if e.EntryOn.IsZero() {
		e.EntryOn = s.today()
	}
	var attempt any
	if e.PayAttempt > 0 {
		attempt = e.PayAttempt
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO subsidy_ledger (programme_id, kind, amount_fen, application_id, voucher_id, redemption_id,
		round_id, pay_attempt, reverses_id, idempotency_key, note, actor_id, entry_on, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$14) RETURNING id`,
		e.ProgrammeID, e.Kind, e.AmountFen, nullID(e.ApplicationID), nullID(e.VoucherID), nullID(e.RedemptionID), nullID(e.RoundID),
		attempt, nullID(e.ReversesID), nullText(e.IdempotencyKey), e.Note, actorID(ctx), e.EntryOn.String(), now).Scan(&id)
	if err != nil {
		return 0, err
	}
	detail := map[string]any{"programme": e.ProgrammeID, "kind": e.Kind, "amount_fen": int64(e.AmountFen)}
	for k, v := range map[string]int64{"application": e.ApplicationID, "voucher": e.VoucherID, "redemption": e.RedemptionID,
		"round": e.RoundID, "reverses": e.ReversesID} {
		if v != 0 {
			detail[k] = v
		}
	}
	if e.IdempotencyKey != "" {
		detail["idempotency_key"] = e.IdempotencyKey
	}
	return id, s.audit(ctx, tx, "subsidy.ledger."+e.Kind, "ledger_entry", id, detail)
}

// balances sums a programme's ledger.
func balances(ctx context.Context, q db.Querier, programmeID int64) (Balances, error) {
	rows, err := q.Query(ctx, `SELECT kind, CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM subsidy_ledger
		WHERE programme_id = $1 GROUP BY kind`, programmeID)
	if err != nil {
		return Balances{}, err
	}
	defer rows.Close()
	sums := map[string]money.Fen{}
	for rows.Next() {
		var k string
		var v money.Fen
		if err := rows.Scan(&k, &v); err != nil {
			return Balances{}, err
		}
		sums[k] = v
	}
	if err := rows.Err(); err != nil {
		return Balances{}, err
	}
	b := Balances{BudgetFen: sums[EntryBudget], PaidFen: sums[EntryPay]}
	b.CommittedFen = sums[EntryCommit] - sums[EntryRelease] - sums[EntryPay]
	b.RemainingFen = b.BudgetFen - sums[EntryCommit] + sums[EntryRelease]
	return b, nil
}

// roundCommitted is what a round has committed net of releases.
func roundCommitted(ctx context.Context, q db.Querier, roundID int64) (money.Fen, error) {
	var v money.Fen
	err := q.QueryRow(ctx, `SELECT CAST(COALESCE(SUM(CASE WHEN kind = 'commit' THEN amount_fen WHEN kind = 'release' THEN -amount_fen ELSE 0 END), 0) AS BIGINT)
		FROM subsidy_ledger WHERE round_id = $1`, roundID).Scan(&v)
	return v, err
}

// Balances returns a programme's ledger figures.
func (s *Service) Balances(ctx context.Context, programmeID int64) (Balances, error) {
	if _, err := s.Programme(ctx, programmeID); err != nil {
		return Balances{}, err
	}
	return balances(ctx, s.DB, programmeID)
}

// Ledger lists a programme's entries, newest first.
func (s *Service) Ledger(ctx context.Context, programmeID int64, limit, offset int) ([]Entry, int, error) {
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return nil, 0, err
	}
	if err := s.mayReview(ctx, p.Owner); err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM subsidy_ledger WHERE programme_id = $1`, programmeID).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.Query(ctx, `SELECT l.id, l.programme_id, l.kind, l.amount_fen, COALESCE(l.application_id, 0), COALESCE(a.ref, ''),
		COALESCE(l.voucher_id, 0), COALESCE(l.redemption_id, 0), COALESCE(l.round_id, 0), COALESCE(l.pay_attempt, 0),
		COALESCE(l.reverses_id, 0), COALESCE(l.idempotency_key, ''), l.note, l.entry_on, l.created_at
		FROM subsidy_ledger l LEFT JOIN subsidy_application a ON a.id = l.application_id
		WHERE l.programme_id = $1 ORDER BY l.id DESC LIMIT $2 OFFSET $3`, programmeID, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Entry{}
	for rows.Next() {
		var e Entry
		var on string
		if err := rows.Scan(&e.ID, &e.ProgrammeID, &e.Kind, &e.AmountFen, &e.ApplicationID, &e.ApplicationRef, &e.VoucherID,
			&e.RedemptionID, &e.RoundID, &e.PayAttempt, &e.ReversesID, &e.IdempotencyKey, &e.Note, &on, &e.CreatedAt); err != nil {
			return nil, 0, err
		}
		e.EntryOn, _ = workday.ParseDate(on)
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// LedgerInput is an owner's own ledger entry: a budget change, or the reversal of an entry.
type LedgerInput struct {
	Kind           string    `json:"kind"`       // budget or reversal
	AmountFen      money.Fen `json:"amount_fen"` // budget: positive adds, negative cuts
	ReversesID     int64     `json:"reverses_id"`
	Note           string    `json:"note"`
	IdempotencyKey string    `json:"idempotency_key"`
}

const maxKey = 100

// Record books an owner's ledger entry. A budget cut or a reversal never leaves the remaining budget
// below zero; only budget entries and application payments can be reversed (commitments and releases
// follow from review decisions), each at most once.
func (s *Service) Record(ctx context.Context, programmeID int64, in LedgerInput) (Entry, error) {
	in.Note, in.IdempotencyKey = strings.TrimSpace(in.Note), strings.TrimSpace(in.IdempotencyKey)
	var v apperr.Validator
	v.Check(in.Kind == "budget" || in.Kind == "reversal", "kind", "error.bad_choice")
	v.Check(in.Note != "", "note", "error.required")
	v.Check(utf8.RuneCountInString(in.Note) <= 500, "note", "error.too_long", "Max", 500)
	v.Check(len(in.IdempotencyKey) <= maxKey, "idempotency_key", "error.too_long", "Max", maxKey)
	if in.Kind == "budget" {
		v.Check(in.AmountFen != 0, "amount_fen", "subsidy.amount.zero")
		v.Check(in.AmountFen >= -MaxAmountFen && in.AmountFen <= MaxAmountFen, "amount_fen", "subsidy.amount.too_large", "Max", MaxAmountFen.String())
	}
	if in.Kind == "reversal" {
		v.Check(in.ReversesID > 0, "reverses_id", "error.required")
	}
	if err := v.Err(); err != nil {
		return Entry{}, err
	}
	var out Entry
	ctx, err := s.preload(ctx, 0)
	if err != nil {
		return Entry{}, err
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		p, err := s.programme(ctx, tx, programmeID, true)
		if err != nil {
			return err
		}
		if err := s.mayOwn(ctx, p.Owner); err != nil {
			return err
		}
		if in.IdempotencyKey != "" {
			if e, found, err := entryByKey(ctx, tx, in.IdempotencyKey); err != nil || found {
				if found && e.ProgrammeID != programmeID {
					return apperr.Invalid(apperr.F("idempotency_key", "subsidy.key.reused"))
				}
				out = e
				return err
			}
		}
		b, err := balances(ctx, tx, programmeID)
		if err != nil {
			return err
		}
		e := Entry{ProgrammeID: programmeID, Note: in.Note, IdempotencyKey: in.IdempotencyKey}
		if in.Kind == "budget" {
			e.Kind, e.AmountFen = EntryBudget, in.AmountFen
			if _, err := money.Add(b.BudgetFen, in.AmountFen); err != nil {
				return apperr.Invalid(apperr.F("amount_fen", "money.overflow"))
			}
			if in.AmountFen < 0 && -in.AmountFen > b.RemainingFen {
				return apperr.Invalid(apperr.F("amount_fen", "subsidy.budget.cut_too_deep", "Remaining", b.RemainingFen.String()))
			}
		} else {
			orig, err := entryByID(ctx, tx, in.ReversesID)
			if err != nil || orig.ProgrammeID != programmeID {
				return apperr.Invalid(apperr.F("reverses_id", "subsidy.ledger.unknown_entry"))
			}
			if orig.ReversesID != 0 || (orig.Kind != EntryBudget && !(orig.Kind == EntryPay && orig.ApplicationID != 0)) {
				return apperr.Invalid(apperr.F("reverses_id", "subsidy.ledger.not_reversible"))
			}
			if orig.Kind == EntryBudget && orig.AmountFen > b.RemainingFen {
				return apperr.Invalid(apperr.F("reverses_id", "subsidy.budget.cut_too_deep", "Remaining", b.RemainingFen.String()))
			}
			e.Kind, e.AmountFen, e.ReversesID = orig.Kind, -orig.AmountFen, orig.ID
			e.ApplicationID, e.RoundID, e.PayAttempt = orig.ApplicationID, orig.RoundID, orig.PayAttempt
			if orig.Kind == EntryPay {
				// The payment did not happen: the commitment stands again and a new attempt may pay it.
				if _, err := tx.Exec(ctx, `UPDATE subsidy_application SET state = $1, paid_at = NULL, pay_attempt = pay_attempt + 1,
					version = version + 1, updated_at = $2 WHERE id = $3 AND state = $4`, StateApproved, s.Now().UTC(), orig.ApplicationID, StatePaid); err != nil {
					return err
				}
				if err := s.event(ctx, tx, orig.ApplicationID, "payment_reversed", StateApproved, in.Note); err != nil {
					return err
				}
			}
		}
		id, err := s.appendEntry(ctx, tx, e)
		if db.IsUniqueViolation(err) {
			return apperr.Invalid(apperr.F("reverses_id", "subsidy.ledger.already_reversed"))
		}
		if err != nil {
			return err
		}
		out, err = entryByID(ctx, tx, id)
		return err
	})
	return out, err
}

func entryByID(ctx context.Context, q db.Querier, id int64) (Entry, error) {
	return scanEntry(q.QueryRow(ctx, entrySelect+` WHERE id = $1`, id))
}

func entryByKey(ctx context.Context, q db.Querier, key string) (Entry, bool, error) {
	e, err := scanEntry(q.QueryRow(ctx, entrySelect+` WHERE idempotency_key = $1`, key))
	if errors.Is(err, apperr.ErrNotFound) {
		return e, false, nil
	}
	return e, err == nil, err
}

const entrySelect = `SELECT id, programme_id, kind, amount_fen, COALESCE(application_id, 0), COALESCE(voucher_id, 0),
	COALESCE(redemption_id, 0), COALESCE(round_id, 0), COALESCE(pay_attempt, 0), COALESCE(reverses_id, 0),
	COALESCE(idempotency_key, ''), note, entry_on, created_at FROM subsidy_ledger`

func scanEntry(row *sql.Row) (Entry, error) {
	var e Entry
	var on string
	err := row.Scan(&e.ID, &e.ProgrammeID, &e.Kind, &e.AmountFen, &e.ApplicationID, &e.VoucherID, &e.RedemptionID, &e.RoundID,
		&e.PayAttempt, &e.ReversesID, &e.IdempotencyKey, &e.Note, &on, &e.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return e, apperr.NotFound("ledger entry")
	}
	if err != nil {
		return e, fmt.Errorf("ledger entry: %w", err)
	}
	e.EntryOn, _ = workday.ParseDate(on)
	return e, nil
}
