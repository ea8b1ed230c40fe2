package subsidy_test

import (
	"context"
	"sync"
	"testing"

	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/subsidy"
)

// recordAs delivers the invoice hook in a transaction of its own, as casework does when the
// invoice's recorder (a provider, here) records it.
func (f *fixture) recordAs(ctx context.Context, inv subsidy.Invoice) error {
	return f.d.InTx(ctx, func(tx *db.Tx) error { return f.s.OnInvoiceRecorded(ctx, tx, inv) })
}

// offersOn returns the programme → offered amount of every offer on an invoice, in any state.
func (f *fixture) offersOn(invoiceID int64) map[int64]int64 {
	f.t.Helper()
	rows, err := f.d.Query(context.Background(), `SELECT programme_id, amount_fen FROM subsidy_offer WHERE invoice_id = $1`, invoiceID)
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var p, amt int64
		if err := rows.Scan(&p, &amt); err != nil {
			f.t.Fatal(err)
		}
		out[p] = amt
	}
	return out
}

func (f *fixture) sentCount() int {
	f.notes.mu.Lock()
	defer f.notes.mu.Unlock()
	return len(f.notes.sent)
}

// TestInvoiceHookDecidesOncePerProgramme: the hook delivered again — after the enterprise declined
// the offer and the reviewers rejected the automatic case, or by eight deliveries at once — neither
// repeats an offer, nor reopens a case, nor tells the enterprise twice.
func TestInvoiceHookDecidesOncePerProgramme(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		xh := f.programme(xuhuiInput())
		auto := cityInput()
		auto.NoApplication = true
		city := f.programme(auto)
		provider := as(auth.ProviderAdmin, 300, f.xhLaw) // the law firm records its invoice

		inv := f.w.invoice(f.xuhui, f.xhLaw, "legal", yuan(1_200_000), "2026-06-01")
		if err := f.recordAs(provider, inv); err != nil {
			t.Fatal(err)
		}
		if got := f.offersOn(inv.ID); len(got) != 1 || got[xh.ID] != int64(yuan(300_000)) {
			t.Fatalf("offers %v, want only Xuhui's 300,000.00", got)
		}
		if n := count(t, f.d, `SELECT COUNT(*) FROM subsidy_application WHERE invoice_id = $1 AND programme_id = $2 AND origin = 'automatic'`, inv.ID, city.ID); n != 1 {
			t.Fatalf("%d automatic cases, want 1", n)
		}
		told := f.sentCount()
		if told != 2 {
			t.Errorf("told the enterprise %d times, want twice (offer, automatic case): %v", told, f.notes.sent)
		}

		// The enterprise declines the offer; the city's reviewers reject the automatic case.
		offers, _, err := f.s.Offers(f.ent(f.xuhui), f.xuhui, 10, 0)
		if err != nil || len(offers) != 1 {
			t.Fatalf("offers %v %v", offers, err)
		}
		if err := f.s.DeclineOffer(f.ent(f.xuhui), offers[0].ID); err != nil {
			t.Fatal(err)
		}
		var autoID int64
		if err := f.d.QueryRow(context.Background(), `SELECT id FROM subsidy_application WHERE invoice_id = $1`, inv.ID).Scan(&autoID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Transition(f.coord(), autoID, subsidy.TransitionInput{Action: subsidy.ActReject, Note: "不符合联盟服务范围"}); err != nil {
			t.Fatal(err)
		}
		told = f.sentCount()

		// Delivered again: nothing new.
		if err := f.recordAs(provider, inv); err != nil {
			t.Fatal(err)
		}
		if n := count(t, f.d, `SELECT COUNT(*) FROM subsidy_offer WHERE invoice_id = $1`, inv.ID); n != 1 {
			t.Errorf("%d offers after re-delivery, want 1", n)
		}
		if n := count(t, f.d, `SELECT COUNT(*) FROM subsidy_application WHERE invoice_id = $1`, inv.ID); n != 1 {
			t.Errorf("%d applications after re-delivery, want the rejected one alone", n)
		}
		if got, _, _ := f.s.Offers(f.ent(f.xuhui), f.xuhui, 10, 0); len(got) != 1 || got[0].State != subsidy.OfferDeclined {
			t.Errorf("the declined offer came back: %+v", got)
		}
		if f.sentCount() != told {
			t.Errorf("re-delivery told the enterprise again: %v", f.notes.sent[told:])
		}

		// An invoice the enterprise already applied for by hand is not offered on that programme.
		manual := f.w.invoice(f.xuhui, f.xhLaw, "legal", yuan(10_000), "2026-06-02")
		if _, err := f.s.Apply(f.ent(f.xuhui), subsidy.ApplicationInput{ProgrammeID: xh.ID, InvoiceID: manual.ID}); err != nil {
			t.Fatal(err)
		}
		if err := f.recordAs(provider, manual); err != nil {
			t.Fatal(err)
		}
		if got := f.offersOn(manual.ID); len(got) != 0 {
			t.Errorf("offers %v on an invoice already applied for", got)
		}

		// Eight deliveries of a new invoice at once: one offer, one case, two notifications.
		fresh := f.w.invoice(f.xuhui, f.xhLaw, "legal", yuan(100_000), "2026-06-03")
		told = f.sentCount()
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := f.recordAs(provider, fresh); err != nil {
					t.Errorf("concurrent delivery: %v", err)
				}
			}()
		}
		wg.Wait()
		if got := f.offersOn(fresh.ID); len(got) != 1 {
			t.Errorf("offers %v after concurrent deliveries, want one", got)
		}
		if n := count(t, f.d, `SELECT COUNT(*) FROM subsidy_application WHERE invoice_id = $1`, fresh.ID); n != 1 {
			t.Errorf("%d automatic cases after concurrent deliveries, want 1", n)
		}
		if got := f.sentCount() - told; got != 2 {
			t.Errorf("concurrent deliveries told the enterprise %d times, want 2", got)
		}
	})
}

// TestInvoiceHookRespectsBudgetAndCaps: an offer is what an application would get now — limited by
// the remaining budget and the enterprise's remaining annual cap — and a programme with nothing left
// to give, or whose rules the invoice does not meet, offers nothing.
func TestInvoiceHookRespectsBudgetAndCaps(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		in := xuhuiInput()
		in.CapEnterpriseYearFen = yuan(400_000) // 300,000 per application, 400,000 a year
		xh := f.programme(in)
		small := xuhuiInput()
		small.Code, small.BudgetFen, small.CapEnterpriseYearFen = "XH-SMALL", yuan(50_000), 0
		sm := f.programme(small)
		empty := xuhuiInput()
		empty.Code, empty.BudgetFen = "XH-EMPTY", 0
		em := f.programme(empty)
		autoIn := xuhuiInput()
		autoIn.Code, autoIn.NoApplication, autoIn.BudgetFen, autoIn.CapEnterpriseYearFen = "XH-AUTO", true, yuan(20_000), 0
		au := f.programme(autoIn)
		ent := f.ent(f.xuhui)

		first := f.w.invoice(f.xuhui, f.xhLaw, "legal", yuan(1_200_000), "2026-06-01")
		f.record(first)
		got := f.offersOn(first.ID)
		if got[xh.ID] != int64(yuan(300_000)) || got[sm.ID] != int64(yuan(50_000)) || len(got) != 2 {
			t.Fatalf("offers %v, want Xuhui 300,000.00 (cap per application) and XH-SMALL 50,000.00 (its budget), none from the empty budget (%d)", got, em.ID)
		}
		var autoReq int64
		if err := f.d.QueryRow(context.Background(), `SELECT requested_fen FROM subsidy_application WHERE programme_id = $1 AND invoice_id = $2`,
			au.ID, first.ID).Scan(&autoReq); err != nil || autoReq != int64(yuan(20_000)) {
			t.Errorf("automatic case asks %d (%v), want its whole budget 20,000.00", autoReq, err)
		}
		offers, _, err := f.s.Offers(ent, f.xuhui, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range offers {
			if o.ProgrammeID == xh.ID {
				if _, err := f.s.AcceptOffer(ent, o.ID); err != nil {
					t.Fatal(err)
				}
			}
		}

		// 300,000 of the 400,000 annual cap is now claimed: the next invoice is offered the rest.
		second := f.w.invoice(f.xuhui, f.xhLaw, "legal", yuan(1_200_000), "2026-06-02")
		f.record(second)
		if got := f.offersOn(second.ID); got[xh.ID] != int64(yuan(100_000)) {
			t.Errorf("second invoice offers %v, want 100,000.00 left of the annual cap", got)
		}
		offers, _, _ = f.s.Offers(ent, f.xuhui, 10, 0)
		for _, o := range offers {
			if o.ProgrammeID == xh.ID && o.InvoiceID == second.ID {
				var lines []string
				for _, l := range o.Explanation {
					lines = append(lines, l.Key)
				}
				if !containsKey(lines, "subsidy.line.annual_applies") {
					t.Errorf("the offer does not say the annual cap limits it: %v", lines)
				}
				if _, err := f.s.AcceptOffer(ent, o.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		// The annual cap is used up; the invoice is outside the period; the enterprise is not Xuhui's;
		// the amount is nothing: no Xuhui offers.
		for _, inv := range []subsidy.Invoice{
			f.w.invoice(f.xuhui, f.xhLaw, "legal", yuan(1_000), "2026-06-03"),
			f.w.invoice(f.lingang, f.xhLaw, "legal", yuan(1_000), "2026-06-03"),
			f.w.invoice(f.xuhui, f.xhLaw, "legal", 0, "2026-06-03"),
		} {
			f.record(inv)
			if got := f.offersOn(inv.ID); got[xh.ID] != 0 {
				t.Errorf("invoice %+v offered %v by Xuhui", inv, got)
			}
		}
		late := f.w.invoice(f.xuhui, f.xhLaw, "legal", yuan(1_000), "2027-01-02")
		f.record(late)
		if got := f.offersOn(late.ID); len(got) != 0 {
			t.Errorf("an invoice outside every period offered %v", got)
		}
	})
}

func containsKey(keys []string, key string) bool {
	for _, k := range keys {
		if k == key {
			return true
		}
	}
	return false
}
