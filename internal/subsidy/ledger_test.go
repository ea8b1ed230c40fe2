package subsidy_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/subsidy"
)

// approved takes an invoice application through both review stages.
func (f *fixture) approved(p subsidy.Programme, amount int64) subsidy.Application {
	f.t.Helper()
	inv := f.w.invoice(f.xuhui, f.xhLaw, "legal", yuan(amount), "2026-06-01")
	a, err := f.s.Apply(f.ent(f.xuhui), subsidy.ApplicationInput{ProgrammeID: p.ID, InvoiceID: inv.ID})
	if err != nil {
		f.t.Fatal(err)
	}
	if a, err = f.s.Transition(f.xhStaff(), a.ID, subsidy.TransitionInput{Action: subsidy.ActPointApprove}); err != nil {
		f.t.Fatal(err)
	}
	if a, err = f.s.Transition(f.xhLead(), a.ID, subsidy.TransitionInput{Action: subsidy.ActApprove}); err != nil {
		f.t.Fatal(err)
	}
	return a
}

func TestLedgerCorrectionsAreReversingEntries(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		in := xuhuiInput()
		in.CapEnterpriseYearFen = 0
		p := f.programme(in)
		a := f.approved(p, 100_000) // 30,000 committed
		owner := f.xhLead()
		a, err := f.s.Transition(owner, a.ID, subsidy.TransitionInput{Action: subsidy.ActPay, IdempotencyKey: "p1"})
		if err != nil {
			t.Fatal(err)
		}
		entries, total, err := f.s.Ledger(owner, p.ID, 50, 0)
		if err != nil || total != 3 {
			t.Fatalf("ledger %d %v", total, err)
		}
		pay, budget := entries[0], entries[2]
		if pay.Kind != subsidy.EntryPay || pay.ApplicationRef != a.Ref || budget.Kind != subsidy.EntryBudget {
			t.Fatalf("entries %+v", entries)
		}
		// The payment bounced: reverse it; the commitment stands again and a new payment may follow.
		if _, err := f.s.Record(owner, p.ID, subsidy.LedgerInput{Kind: "reversal", ReversesID: pay.ID, Note: "银行退票"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Record(owner, p.ID, subsidy.LedgerInput{Kind: "reversal", ReversesID: pay.ID, Note: "again"}); fieldKey(err, "reverses_id") != "subsidy.ledger.already_reversed" {
			t.Errorf("reversing twice: %v", err)
		}
		b, _ := f.s.Balances(context.Background(), p.ID)
		if b.PaidFen != 0 || b.CommittedFen != yuan(30_000) {
			t.Errorf("after reversal %+v", b)
		}
		if a, err = f.s.Transition(owner, a.ID, subsidy.TransitionInput{Action: subsidy.ActPay, IdempotencyKey: "p2"}); err != nil || a.State != subsidy.StatePaid {
			t.Fatalf("second attempt: %v %s", err, a.State)
		}
		// Commitments follow review decisions: they are not reversed by hand.
		commit := entries[1]
		if _, err := f.s.Record(owner, p.ID, subsidy.LedgerInput{Kind: "reversal", ReversesID: commit.ID, Note: "x"}); fieldKey(err, "reverses_id") != "subsidy.ledger.not_reversible" {
			t.Errorf("reversing a commitment: %v", err)
		}
		// The budget can be cut only down to what is spent: 5,000,000 − 30,000 remains.
		if _, err := f.s.Record(owner, p.ID, subsidy.LedgerInput{Kind: "budget", AmountFen: -yuan(4_970_001), Note: "压减"}); fieldKey(err, "amount_fen") != "subsidy.budget.cut_too_deep" {
			t.Errorf("cutting too deep: %v", err)
		}
		top, err := f.s.Record(owner, p.ID, subsidy.LedgerInput{Kind: "budget", AmountFen: yuan(1_000_000), Note: "追加预算", IdempotencyKey: "top-1"})
		if err != nil {
			t.Fatal(err)
		}
		if again, err := f.s.Record(owner, p.ID, subsidy.LedgerInput{Kind: "budget", AmountFen: yuan(1_000_000), Note: "追加预算", IdempotencyKey: "top-1"}); err != nil || again.ID != top.ID {
			t.Errorf("retried top-up: %v", err)
		}
		if _, err := f.s.Record(f.jaLead(), p.ID, subsidy.LedgerInput{Kind: "budget", AmountFen: 1, Note: "x"}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("another district's lead: %v", err)
		}
		b, _ = f.s.Balances(context.Background(), p.ID)
		if b.BudgetFen != yuan(6_000_000) || b.PaidFen != yuan(30_000) || b.RemainingFen != yuan(5_970_000) {
			t.Errorf("final %+v", b)
		}
		// Entries are never updated: the bounced payment is still there, and so is its reversal.
		if n := count(t, f.d, `SELECT COUNT(*) FROM subsidy_ledger WHERE kind = 'pay'`); n != 3 {
			t.Errorf("%d pay entries, want 3 (payment, reversal, second payment)", n)
		}
	})
}

func TestProRataAllocationAtRoundClose(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		in := xuhuiInput()
		in.Allocation, in.CapEnterpriseYearFen, in.CapApplicationFen = subsidy.ProRata, 0, 0
		p := f.programme(in)
		round, err := f.s.AddRound(f.xhLead(), p.ID, subsidy.RoundInput{Name: "2026 第二批", OpensOn: "2026-06-01", ClosesOn: "2026-06-30", BudgetFen: yuan(60_000)})
		if err != nil {
			t.Fatal(err)
		}
		// Three claims of 30,000, 30,000 and 60,000 (30% of 100k, 100k, 200k) against a 60,000 round.
		var apps []subsidy.Application
		for _, amt := range []int64{100_000, 100_000, 200_000} {
			apps = append(apps, f.approved(p, amt))
		}
		for _, a := range apps {
			if a.State != subsidy.StateAwaitingRound {
				t.Fatalf("pro-rata approval waits for round close: %s", a.State)
			}
		}
		if b, _ := f.s.Balances(context.Background(), p.ID); b.CommittedFen != 0 {
			t.Errorf("nothing is committed before round close: %+v", b)
		}
		if _, err := f.s.CloseRound(f.xhLead(), p.ID, round.ID); fieldKey(err, "round") != "subsidy.round.still_open" {
			t.Errorf("closing early: %v", err)
		}
		f.now = time.Date(2026, 7, 1, 2, 0, 0, 0, time.UTC)
		res, err := f.s.CloseRound(f.xhLead(), p.ID, round.ID)
		if err != nil {
			t.Fatal(err)
		}
		if res.PoolFen != yuan(60_000) || res.EntitledFen != yuan(120_000) || len(res.Allocations) != 3 {
			t.Fatalf("close %+v", res)
		}
		want := []int64{15_000, 15_000, 30_000}
		for i, al := range res.Allocations {
			if al.AllocatedFen != yuan(want[i]) {
				t.Errorf("allocation %d = %v, want %d", i, al.AllocatedFen, want[i])
			}
		}
		b, _ := f.s.Balances(context.Background(), p.ID)
		if b.CommittedFen != yuan(60_000) {
			t.Errorf("committed %+v", b)
		}
		a, _ := f.s.Application(f.coord(), apps[2].ID)
		if a.State != subsidy.StateApproved || *a.ApprovedFen != yuan(30_000) {
			t.Errorf("after close %+v", a)
		}
		if _, err := f.s.CloseRound(f.xhLead(), p.ID, round.ID); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("closing twice: %v", err)
		}
		pc, err := f.s.Pacing(f.xhLead(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(pc.Series) != 2 || pc.Series[1].CommittedFen != yuan(60_000) || pc.Balances.RemainingFen != yuan(4_940_000) {
			t.Errorf("pacing %+v", pc)
		}
	})
}

func TestPacingForecastsTheRunOutDate(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		in := xuhuiInput()
		in.BudgetFen, in.CapEnterpriseYearFen = yuan(100_000), 0
		p := f.programme(in)
		// 10 June: 30,000 committed; 12 June: another 30,000. Over three calendar days 20,000 a day;
		// 40,000 remains, so the budget runs out two days after 12 June.
		f.approved(p, 100_000)
		f.now = time.Date(2026, 6, 12, 2, 0, 0, 0, time.UTC)
		f.approved(p, 100_000)
		pc, err := f.s.Pacing(f.xhLead(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if pc.RatePerDayFen != yuan(20_000) || pc.RunOutOn == nil || pc.RunOutOn.String() != "2026-06-14" {
			t.Errorf("rate %v run-out %v", pc.RatePerDayFen, pc.RunOutOn)
		}
		if _, err := f.s.Pacing(f.jaLead(), p.ID); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("another district's pacing: %v", err)
		}
	})
}

// TestLedgerEntriesCannotBeEditedOrDeleted: the database itself refuses to change or remove a ledger
// entry, on both engines; the figures stay what the entries say.
func TestLedgerEntriesCannotBeEditedOrDeleted(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		in := xuhuiInput()
		in.CeilingBP = 0 // unstated: the whole invoice
		p := f.programme(in)
		if p.CeilingBP != 10000 {
			t.Errorf("stored default ceiling %d bp, want 10000", p.CeilingBP)
		}
		ctx := context.Background()
		if _, err := f.d.Exec(ctx, `UPDATE subsidy_ledger SET amount_fen = amount_fen * 2 WHERE programme_id = $1`, p.ID); err == nil {
			t.Error("an entry was edited")
		}
		if _, err := f.d.Exec(ctx, `DELETE FROM subsidy_ledger WHERE programme_id = $1`, p.ID); err == nil {
			t.Error("an entry was deleted")
		}
		b, err := f.s.Balances(ctx, p.ID)
		if err != nil || b.BudgetFen != yuan(5_000_000) {
			t.Errorf("budget %+v %v, want the opening 5,000,000.00 untouched", b, err)
		}
		if n := count(t, f.d, `SELECT COUNT(*) FROM subsidy_ledger WHERE programme_id = $1`, p.ID); n != 1 {
			t.Errorf("%d entries, want the opening budget alone", n)
		}
	})
}
