package subsidy

import (
	"context"
	"math/big"

	"chuhai/internal/apperr"
	"chuhai/internal/db"
	"chuhai/internal/money"
	"chuhai/internal/workday"
)

// PacingPoint is the state of the budget at the end of one day.
type PacingPoint struct {
	Date         workday.Date `json:"date"`
	BudgetFen    money.Fen    `json:"budget_fen"`
	CommittedFen money.Fen    `json:"committed_fen"`
	PaidFen      money.Fen    `json:"paid_fen"`
	RemainingFen money.Fen    `json:"remaining_fen"`
}

// Pacing is a programme's budget over time: the burn-down and when the budget runs out at the
// current rate.
type Pacing struct {
	Programme Programme     `json:"programme"`
	Balances  Balances      `json:"balances"`
	Series    []PacingPoint `json:"series"` // one point per day with ledger activity, oldest first
	// RatePerDayFen is the average net commitment per calendar day over the forecast window (the
	// last ForecastWindow days, or since the first commitment if later).
	RatePerDayFen money.Fen `json:"rate_per_day_fen"`
	// RunOutOn is the forecast date the remaining budget reaches zero at that rate; nil while
	// nothing is being spent.
	RunOutOn   *workday.Date    `json:"run_out_on,omitempty"`
	Settlement SettlementReport `json:"settlement"`
}

// ForecastWindow is how many calendar days of spending the run-out forecast averages.
const ForecastWindow = 30

// Pacing computes a programme's budget pacing from its ledger.
func (s *Service) Pacing(ctx context.Context, programmeID int64) (Pacing, error) {
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return Pacing{}, err
	}
	if err := s.mayReview(ctx, p.Owner); err != nil {
		return Pacing{}, err
	}
	out := Pacing{Programme: p, Series: []PacingPoint{}}
	rows, err := s.DB.Query(ctx, `SELECT entry_on, kind, CAST(SUM(amount_fen) AS BIGINT) FROM subsidy_ledger WHERE programme_id = $1
		GROUP BY entry_on, kind ORDER BY entry_on`, programmeID)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	var cur PacingPoint
	var commits, releases money.Fen
	var spend []spendDay
	for rows.Next() {
		var on, kind string
		var amt money.Fen
		if err := rows.Scan(&on, &kind, &amt); err != nil {
			return out, err
		}
		d, _ := workday.ParseDate(on)
		if d != cur.Date && !cur.Date.IsZero() {
			out.Series = append(out.Series, cur)
		}
		cur.Date = d
		switch kind {
		case EntryBudget:
			cur.BudgetFen += amt
		case EntryCommit:
			commits += amt
			spend = append(spend, spendDay{d, amt})
		case EntryRelease:
			releases += amt
			spend = append(spend, spendDay{d, -amt})
		case EntryPay:
			cur.PaidFen += amt
		}
		cur.CommittedFen = commits - releases - cur.PaidFen
		cur.RemainingFen = cur.BudgetFen - commits + releases
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	if !cur.Date.IsZero() {
		out.Series = append(out.Series, cur)
		// The burn-down runs up to today: the last figures still stand.
		if today := s.today(); cur.Date.Before(today) {
			cur.Date = today
			out.Series = append(out.Series, cur)
		}
	}
	if out.Balances, err = balances(ctx, s.DB, programmeID); err != nil {
		return out, err
	}
	out.RatePerDayFen, out.RunOutOn = forecast(spend, s.today(), out.Balances.RemainingFen)
	out.Settlement, err = s.Settlement(ctx, programmeID)
	return out, err
}

// spendDay is the net commitment (commitments less releases) booked on one day.
type spendDay struct {
	date workday.Date
	net  money.Fen
}

// forecast averages net commitments per calendar day over the window and projects the run-out date:
// today plus remaining ÷ rate days, rounded up (the budget is gone on that day, not before).
func forecast(spend []spendDay, today workday.Date, remaining money.Fen) (money.Fen, *workday.Date) {
	start := today.AddDays(-(ForecastWindow - 1))
	first := workday.Date{}
	var total money.Fen
	for _, d := range spend {
		if d.date.Before(start) || d.date.After(today) {
			continue
		}
		if first.IsZero() || d.date.Before(first) {
			first = d.date
		}
		total += d.net
	}
	if first.IsZero() || total <= 0 {
		return 0, nil
	}
	days := int64(1)
	for d := first; d.Before(today); d = d.AddDays(1) {
		days++
	}
	rate := total / money.Fen(days)
	if rate <= 0 {
		rate = 1
	}
	if remaining <= 0 {
		t := today
		return rate, &t
	}
	need := (int64(remaining) + int64(rate) - 1) / int64(rate)
	if need > 365*100 {
		return rate, nil
	}
	on := today.AddDays(int(need))
	return rate, &on
}

// Allocation is one application's share at round close.
type Allocation struct {
	ApplicationID int64     `json:"application_id"`
	Ref           string    `json:"ref"`
	EntitledFen   money.Fen `json:"entitled_fen"`
	AllocatedFen  money.Fen `json:"allocated_fen"`
}

// RoundClose is the outcome of closing a round.
type RoundClose struct {
	Round       Round        `json:"round"`
	PoolFen     money.Fen    `json:"pool_fen"`
	EntitledFen money.Fen    `json:"entitled_fen"`
	Allocations []Allocation `json:"allocations"`
}

// ProRataShares divides pool among entitlements: everyone in full when the pool covers them all;
// otherwise each gets entitlement × pool ÷ total, rounded DOWN to the fen, so the shares never add up
// to more than the pool (the few fen of rounding stay in the budget).
func ProRataShares(entitled []money.Fen, pool money.Fen) []money.Fen {
	out := make([]money.Fen, len(entitled))
	total := new(big.Int)
	for _, e := range entitled {
		total.Add(total, big.NewInt(int64(e)))
	}
	if total.Sign() == 0 || total.Cmp(big.NewInt(int64(pool))) <= 0 {
		copy(out, entitled)
		return out
	}
	for i, e := range entitled {
		share := new(big.Int).Mul(big.NewInt(int64(e)), big.NewInt(int64(max(pool, 0))))
		out[i] = money.Fen(share.Quo(share, total).Int64())
	}
	return out
}

// CloseRound closes a round after its closing date. For a pro-rata programme it allocates the round's
// pool (its budget, or what remains of the programme's, whichever is less) among the applications
// the owner approved in the round, commits each share and moves them to approved; a share of zero is
// a rejection for want of budget.
func (s *Service) CloseRound(ctx context.Context, programmeID, roundID int64) (RoundClose, error) {
	var out RoundClose
	ctx, err := s.preload(ctx, 0)
	if err != nil {
		return out, err
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		p, err := s.programme(ctx, tx, programmeID, true)
		if err != nil {
			return err
		}
		if err := s.mayOwn(ctx, p.Owner); err != nil {
			return err
		}
		var r *Round
		for i := range p.Rounds {
			if p.Rounds[i].ID == roundID {
				r = &p.Rounds[i]
			}
		}
		if r == nil {
			return apperr.NotFound("round")
		}
		if r.ClosedAt != nil {
			return apperr.New(apperr.KindConflict, "subsidy.round.closed")
		}
		today := s.today()
		if !today.After(r.ClosesOn) {
			return apperr.Invalid(apperr.F("round", "subsidy.round.still_open", "Until", r.ClosesOn.String()))
		}
		out.Round = *r
		now := s.Now().UTC()
		if _, err := tx.Exec(ctx, `UPDATE subsidy_round SET closed_at = $1, updated_at = $1 WHERE id = $2`, now, roundID); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, "subsidy.round.close", "programme", programmeID, map[string]any{"round": roundID}); err != nil {
			return err
		}
		if p.Allocation != ProRata {
			return nil
		}
		rows, err := tx.Query(ctx, `SELECT id, ref, approved_fen, version FROM subsidy_application WHERE round_id = $1 AND state = $2 ORDER BY id`,
			roundID, StateAwaitingRound)
		if err != nil {
			return err
		}
		type pending struct {
			id      int64
			ref     string
			amt     money.Fen
			version int
		}
		var ps []pending
		for rows.Next() {
			var x pending
			if err := rows.Scan(&x.id, &x.ref, &x.amt, &x.version); err != nil {
				rows.Close()
				return err
			}
			ps = append(ps, x)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		b, err := balances(ctx, tx, programmeID)
		if err != nil {
			return err
		}
		used, err := roundCommitted(ctx, tx, roundID)
		if err != nil {
			return err
		}
		out.PoolFen = max(min(b.RemainingFen, r.BudgetFen-used), 0)
		entitled := make([]money.Fen, len(ps))
		for i, x := range ps {
			entitled[i] = x.amt
			out.EntitledFen += x.amt
		}
		shares := ProRataShares(entitled, out.PoolFen)
		due, err := s.addWorkdays(ctx, today, p.SettleDays)
		if err != nil {
			return err
		}
		for i, x := range ps {
			out.Allocations = append(out.Allocations, Allocation{ApplicationID: x.id, Ref: x.ref, EntitledFen: x.amt, AllocatedFen: shares[i]})
			a := Application{ID: x.id, Ref: x.ref, RoundID: roundID}
			if shares[i] == 0 {
				if _, err := tx.Exec(ctx, `UPDATE subsidy_application SET state = $1, reject_reason = $2, version = version + 1, updated_at = $3
					WHERE id = $4`, StateRejected, "budget exhausted at round close", now, x.id); err != nil {
					return err
				}
				if err := s.event(ctx, tx, x.id, "round_close", StateRejected, ""); err != nil {
					return err
				}
				continue
			}
			if err := s.commit(ctx, tx, p, a, shares[i]); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE subsidy_application SET state = $1, approved_fen = $2, due_on = $3, version = version + 1,
				updated_at = $4 WHERE id = $5`, StateApproved, shares[i], due.String(), now, x.id); err != nil {
				return err
			}
			if err := s.event(ctx, tx, x.id, "round_close", StateApproved, shares[i].String()); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}
