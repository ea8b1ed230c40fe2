package subsidy_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
	"chuhai/internal/money"
	"chuhai/internal/subsidy"
)

// pointApproved creates n applications of 30% × 100,000 = 30,000 yuan each, through stage one.
func (f *fixture) pointApproved(p subsidy.Programme, n int) []int64 {
	f.t.Helper()
	ids := make([]int64, n)
	for i := range ids {
		inv := f.w.invoice(f.xuhui, f.xhLaw, "legal", yuan(100_000), "2026-06-01")
		a, err := f.s.Apply(f.ent(f.xuhui), subsidy.ApplicationInput{ProgrammeID: p.ID, InvoiceID: inv.ID})
		if err != nil {
			f.t.Fatal(err)
		}
		if _, err := f.s.Transition(f.xhStaff(), a.ID, subsidy.TransitionInput{Action: subsidy.ActPointApprove}); err != nil {
			f.t.Fatal(err)
		}
		ids[i] = a.ID
	}
	return ids
}

// TestConcurrentApprovalsNeverPassTheBudget: 64 goroutines approve 64 applications against a budget
// that covers exactly half of them, then race to pay each approved one twice with different keys.
func TestConcurrentApprovalsNeverPassTheBudget(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		const n = 64
		in := xuhuiInput()
		in.BudgetFen, in.CapEnterpriseYearFen = yuan(30_000*n/2), 0
		p := f.programme(in)
		ids := f.pointApproved(p, n)

		var wg sync.WaitGroup
		var mu sync.Mutex
		approved, exhausted := 0, 0
		for _, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := f.s.Transition(f.xhLead(), id, subsidy.TransitionInput{Action: subsidy.ActApprove})
				mu.Lock()
				defer mu.Unlock()
				if e, ok := apperr.As(err); ok && e.Key == "subsidy.budget.exhausted" {
					exhausted++
				} else if err != nil {
					t.Errorf("approve %d: %v", id, err)
				} else {
					approved++
				}
			}()
		}
		wg.Wait()
		if approved != n/2 || exhausted != n/2 {
			t.Errorf("approved %d, refused %d; want exactly %d each", approved, exhausted, n/2)
		}
		b, _ := f.s.Balances(context.Background(), p.ID)
		if b.CommittedFen != in.BudgetFen || b.RemainingFen != 0 {
			t.Errorf("ledger %+v, want everything committed and nothing past the budget", b)
		}
		if got := count(t, f.d, `SELECT COUNT(*) FROM subsidy_application WHERE state = 'approved'`); got != n/2 {
			t.Errorf("%d applications in state approved", got)
		}

		// Pay every approved application from two goroutines with different keys.
		paid := 0
		for _, id := range ids {
			for k := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := f.s.Transition(f.xhLead(), id, subsidy.TransitionInput{Action: subsidy.ActPay, IdempotencyKey: fmt.Sprintf("pay-%d-%d", id, k)})
					mu.Lock()
					defer mu.Unlock()
					if err == nil {
						paid++
					} else if !errors.Is(err, apperr.ErrConflict) && !isNotAllowed(err) {
						t.Errorf("pay %d: %v", id, err)
					}
				}()
			}
		}
		wg.Wait()
		if paid != n/2 {
			t.Errorf("%d payments succeeded, want %d", paid, n/2)
		}
		if dup := count(t, f.d, `SELECT COUNT(*) FROM (SELECT application_id FROM subsidy_ledger WHERE kind = 'pay'
			GROUP BY application_id HAVING COUNT(*) > 1) x`); dup != 0 {
			t.Errorf("%d applications paid twice", dup)
		}
		var sum money.Fen
		if err := f.d.QueryRow(context.Background(), `SELECT CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM subsidy_ledger WHERE kind = 'pay'`).Scan(&sum); err != nil {
			t.Fatal(err)
		}
		if sum != in.BudgetFen {
			t.Errorf("paid %v, want the whole budget %v and no more", sum, in.BudgetFen)
		}
	})
}

func isNotAllowed(err error) bool { return fieldKey(err, "action") == "subsidy.transition.not_allowed" }

// TestConcurrentClaimsOnOneInvoiceKeepTheStrictestCeiling: eight programmes of eight districts and
// the city claim the same invoice at once; total support never exceeds the strictest ceiling.
func TestConcurrentClaimsOnOneInvoiceKeepTheStrictestCeiling(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		var ps []subsidy.Programme
		for i, ceiling := range []int64{9000, 8000, 7000, 6000, 5000, 8000, 9000, 10000} {
			in := cityInput()
			in.Code, in.RateBP, in.CeilingBP, in.Rules = fmt.Sprintf("P%d", i), 2000, ceiling, subsidy.Rules{}
			ps = append(ps, f.programme(in))
		}
		inv := f.w.invoice(f.xuhui, f.xhLaw, "legal", yuan(1_000_000), "2026-06-01")
		var wg sync.WaitGroup
		for _, p := range ps {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := f.s.Apply(f.ent(f.xuhui), subsidy.ApplicationInput{ProgrammeID: p.ID, InvoiceID: inv.ID})
				if err != nil && fieldKey(err, "invoice_id") == "" {
					t.Errorf("programme %s: %v", p.Code, err)
				}
			}()
		}
		wg.Wait()
		var total money.Fen
		var ceiling int64 = 10000
		rows, err := f.d.Query(context.Background(), `SELECT a.requested_fen, p.ceiling_bp FROM subsidy_application a
			JOIN subsidy_programme p ON p.id = a.programme_id WHERE a.invoice_id = $1`, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var amt money.Fen
			var c int64
			if err := rows.Scan(&amt, &c); err != nil {
				t.Fatal(err)
			}
			total += amt
			ceiling = min(ceiling, c)
			n++
		}
		limit, _ := money.ApplyRate(yuan(1_000_000), ceiling)
		if total > limit {
			t.Errorf("%d claims total %v, above the strictest ceiling among them (%s → %v)", n, total, subsidy.Percent(ceiling), limit)
		}
		if n < 2 {
			t.Errorf("only %d claims succeeded", n)
		}
	})
}

// BenchmarkApprovals measures owner approvals per second — each a budget decision under the
// programme's lock, a ledger entry, two audit entries and a history entry — from 8 concurrent
// reviewers, on every engine: all on one programme (its approvals serialise on its lock, by design)
// and spread over 8 programmes (which decide in parallel). The same run's baseline is the cheapest
// write the platform makes — one transaction holding one audit entry — from 8 writers on the same
// engine, so an approval's cost reads as a ratio to it whatever else loads the machine.
func BenchmarkApprovals(b *testing.B) {
	for _, dialect := range dbtest.Dialects() {
		b.Run(fmt.Sprintf("%s/baseline=audited-write", dialect), func(b *testing.B) {
			d := dbtest.Open(b, dialect, modules...)
			f := newFixture(b, d)
			ctx := context.Background()
			work := make([]int64, b.N)
			for i := range work {
				work[i] = int64(i)
			}
			b.ResetTimer()
			eightWorkers(work, func(i int64) {
				err := d.InTx(ctx, func(tx *db.Tx) error {
					return f.s.Audit.Record(ctx, tx, audit.Entry{Action: "bench.write", ObjectType: "bench", ObjectID: fmt.Sprint(i)})
				})
				if err != nil {
					b.Error(err)
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "writes/s")
		})
		for _, spread := range []int{1, 8} {
			b.Run(fmt.Sprintf("%s/programmes=%d", dialect, spread), func(b *testing.B) {
				d := dbtest.Open(b, dialect, modules...)
				f := newFixture(b, d)
				var ids []int64
				for i := range spread {
					in := xuhuiInput()
					in.Code = fmt.Sprintf("XH-B%d", i)
					in.BudgetFen, in.CapEnterpriseYearFen = subsidy.MaxAmountFen, 0
					p := f.programme(in)
					ids = append(ids, f.pointApproved(p, (b.N+spread-1)/spread)...)
				}
				ids = ids[:b.N]
				lead := f.xhLead()
				// Interleave programmes so that concurrent reviewers work on different ones.
				per := (b.N + spread - 1) / spread
				order := make([]int64, 0, b.N)
				for k := range per {
					for p := range spread {
						if j := p*per + k; j < len(ids) {
							order = append(order, ids[j])
						}
					}
				}
				b.ResetTimer()
				eightWorkers(order, func(id int64) {
					if _, err := f.s.Transition(lead, id, subsidy.TransitionInput{Action: subsidy.ActApprove}); err != nil {
						b.Error(err)
					}
				})
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "approvals/s")
			})
		}
	}
}

// eightWorkers hands items, in order, to 8 concurrent workers and waits for them.
func eightWorkers(items []int64, work func(int64)) {
	var wg sync.WaitGroup
	next := make(chan int64)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range next {
				work(it)
			}
		}()
	}
	for _, it := range items {
		next <- it
	}
	close(next)
	wg.Wait()
}
