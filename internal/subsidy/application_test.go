package subsidy_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"chuhai/internal/apperr"
	"chuhai/internal/money"
	"chuhai/internal/subsidy"
)

func fen(f money.Fen) *money.Fen { return &f }

func TestApplicationReviewPaymentAndLedger(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		p := f.programme(xuhuiInput())
		inv := f.w.invoice(f.xuhui, f.xhLaw, "legal", yuan(1_200_000), "2026-06-01")
		ent := f.ent(f.xuhui)

		// Someone else's engagement: forbidden, nothing written.
		if _, err := f.s.Apply(f.ent(f.lingang), subsidy.ApplicationInput{ProgrammeID: p.ID, InvoiceID: inv.ID}); !errors.Is(err, apperr.ErrForbidden) {
			t.Fatalf("other enterprise's invoice: %v", err)
		}
		if _, err := f.s.Apply(ent, subsidy.ApplicationInput{ProgrammeID: p.ID, InvoiceID: 999}); fieldKey(err, "invoice_id") != "subsidy.invoice.unknown" {
			t.Errorf("unknown invoice: %v", err)
		}
		if n := count(t, f.d, `SELECT COUNT(*) FROM subsidy_application`); n != 0 {
			t.Fatalf("%d applications after refusals", n)
		}

		a, err := f.s.Apply(ent, subsidy.ApplicationInput{ProgrammeID: p.ID, InvoiceID: inv.ID})
		if err != nil {
			t.Fatal(err)
		}
		if a.Ref != "XH-PRO-2026-000001" || a.State != subsidy.StateSubmitted || a.RequestedFen != yuan(300_000) || a.SLA != subsidy.SLAGreen {
			t.Errorf("applied: %+v", a)
		}
		// Five working days from Wednesday 10 June 2026.
		if a.DueOn == nil || a.DueOn.String() != "2026-06-17" {
			t.Errorf("point review due %v, want 2026-06-17", a.DueOn)
		}
		if _, err := f.s.Apply(ent, subsidy.ApplicationInput{ProgrammeID: p.ID, InvoiceID: inv.ID}); fieldKey(err, "invoice_id") != "subsidy.invoice.already_applied" {
			t.Errorf("second claim on the same programme: %v", err)
		}

		// Stage one: point staff of Xuhui only.
		if _, err := f.s.Transition(f.jaLead(), a.ID, subsidy.TransitionInput{Action: subsidy.ActPointApprove}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("Jing'an lead reviewing a Xuhui application: %v", err)
		}
		if _, err := f.s.Transition(f.xhStaff(), a.ID, subsidy.TransitionInput{Action: subsidy.ActApprove}); fieldKey(err, "action") != "subsidy.transition.not_allowed" {
			t.Errorf("owner approval before the point's: %v", err)
		}
		if _, err := f.s.Transition(f.xhStaff(), a.ID, subsidy.TransitionInput{Action: subsidy.ActRequestInfo}); fieldKey(err, "note") == "" {
			t.Errorf("information request without a question: %v", err)
		}
		a, err = f.s.Transition(f.xhStaff(), a.ID, subsidy.TransitionInput{Action: subsidy.ActRequestInfo, Note: "请补充服务合同"})
		if err != nil {
			t.Fatal(err)
		}
		if a.State != subsidy.StateInfoRequested || a.DueOn.String() != "2026-06-25" {
			t.Errorf("info requested: %s due %v (ten working days skipping 19 June)", a.State, a.DueOn)
		}
		if _, err := f.s.Transition(f.xhStaff(), a.ID, subsidy.TransitionInput{Action: subsidy.ActRespond, Note: "x"}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("staff answering for the enterprise: %v", err)
		}
		a, err = f.s.Transition(ent, a.ID, subsidy.TransitionInput{Action: subsidy.ActRespond, Note: "合同已上传"})
		if err != nil || a.State != subsidy.StateSubmitted {
			t.Fatalf("respond: %v %s", err, a.State)
		}
		a, err = f.s.Transition(f.xhStaff(), a.ID, subsidy.TransitionInput{Action: subsidy.ActPointApprove, Version: a.Version})
		if err != nil || a.State != subsidy.StatePointApproved {
			t.Fatalf("point approve: %v %s", err, a.State)
		}
		// Stage two: the owner (Xuhui's point lead), not the same person, not the staff member.
		if _, err := f.s.Transition(f.xhStaff(), a.ID, subsidy.TransitionInput{Action: subsidy.ActApprove}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("point staff approving as owner: %v", err)
		}
		if _, err := f.s.Transition(f.xhLead(), a.ID, subsidy.TransitionInput{Action: subsidy.ActApprove, AmountFen: fen(yuan(300_001))}); fieldKey(err, "amount_fen") != "subsidy.amount.above_requested" {
			t.Errorf("approving more than requested: %v", err)
		}
		a, err = f.s.Transition(f.xhLead(), a.ID, subsidy.TransitionInput{Action: subsidy.ActApprove})
		if err != nil || a.State != subsidy.StateApproved || *a.ApprovedFen != yuan(300_000) {
			t.Fatalf("approve: %v %+v", err, a)
		}
		b, _ := f.s.Balances(context.Background(), p.ID)
		if b.CommittedFen != yuan(300_000) || b.RemainingFen != yuan(4_700_000) || b.PaidFen != 0 {
			t.Errorf("after approval %+v", b)
		}
		if _, err := f.s.Transition(f.xhLead(), a.ID, subsidy.TransitionInput{Action: subsidy.ActPay}); fieldKey(err, "idempotency_key") != "error.required" {
			t.Errorf("payment without a key: %v", err)
		}
		a, err = f.s.Transition(f.xhLead(), a.ID, subsidy.TransitionInput{Action: subsidy.ActPay, IdempotencyKey: "pay-1"})
		if err != nil || a.State != subsidy.StatePaid {
			t.Fatalf("pay: %v %s", err, a.State)
		}
		// The same payment retried changes nothing; another key is a second payment and refused.
		if _, err := f.s.Transition(f.xhLead(), a.ID, subsidy.TransitionInput{Action: subsidy.ActPay, IdempotencyKey: "pay-1"}); err != nil {
			t.Errorf("retried payment: %v", err)
		}
		if _, err := f.s.Transition(f.xhLead(), a.ID, subsidy.TransitionInput{Action: subsidy.ActPay, IdempotencyKey: "pay-2"}); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("second payment: %v", err)
		}
		b, _ = f.s.Balances(context.Background(), p.ID)
		if b.CommittedFen != 0 || b.PaidFen != yuan(300_000) || b.RemainingFen != yuan(4_700_000) || b.BudgetFen != yuan(5_000_000) {
			t.Errorf("after payment %+v", b)
		}
		if n := count(t, f.d, `SELECT COUNT(*) FROM subsidy_ledger WHERE kind = 'pay'`); n != 1 {
			t.Errorf("%d payments", n)
		}
		a, _ = f.s.Application(ent, a.ID)
		var actions []string
		for _, e := range a.Events {
			actions = append(actions, e.Action)
		}
		if got := strings.Join(actions, ","); got != "submit_application,request_info,respond,point_approve,approve,pay" {
			t.Errorf("history %s", got)
		}
		if _, err := f.s.Application(f.ent(f.lingang), a.ID); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("another enterprise reading: %v", err)
		}
		// Every ledger entry is audited.
		if n, m := count(t, f.d, `SELECT COUNT(*) FROM subsidy_ledger`), count(t, f.d, `SELECT COUNT(*) FROM audit_entry WHERE object_type = 'ledger_entry'`); n != m || n != 3 {
			t.Errorf("%d entries, %d audited", n, m)
		}

		// The annual cap is used up: a second invoice gets nothing from Xuhui.
		inv2 := f.w.invoice(f.xuhui, f.xhLaw, "legal", yuan(100_000), "2026-06-02")
		if _, err := f.s.Apply(ent, subsidy.ApplicationInput{ProgrammeID: p.ID, InvoiceID: inv2.ID}); fieldKey(err, "invoice_id") != "subsidy.line.nothing_left" {
			t.Errorf("over the annual cap: %v", err)
		}
	})
}

func TestPointReviewerCannotAlsoApprove(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		p := f.programme(xuhuiInput())
		inv := f.w.invoice(f.xuhui, f.xhLaw, "legal", yuan(10_000), "2026-06-01")
		a, err := f.s.Apply(f.ent(f.xuhui), subsidy.ApplicationInput{ProgrammeID: p.ID, InvoiceID: inv.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Transition(f.xhLead(), a.ID, subsidy.TransitionInput{Action: subsidy.ActPointApprove}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Transition(f.xhLead(), a.ID, subsidy.TransitionInput{Action: subsidy.ActApprove}); fieldKey(err, "action") != "subsidy.four_eyes" {
			t.Errorf("same person at both stages: %v", err)
		}
		if _, err := f.s.Transition(f.xhLead(), a.ID, subsidy.TransitionInput{Action: subsidy.ActReject}); fieldKey(err, "note") == "" {
			t.Errorf("rejection without a reason: %v", err)
		}
		a, err = f.s.Transition(f.coord(), a.ID, subsidy.TransitionInput{Action: subsidy.ActReject, Note: "服务内容不属于出海服务"})
		if err != nil || a.State != subsidy.StateRejected || a.RejectReason != "服务内容不属于出海服务" {
			t.Fatalf("reject: %v %+v", err, a)
		}
		if !strings.Contains(strings.Join(f.notes.sent, "\n"), "subsidy.notify.rejected") {
			t.Errorf("enterprise not told of the rejection: %v", f.notes.sent)
		}
		// A rejected claim frees the invoice for a new application.
		if _, err := f.s.Apply(f.ent(f.xuhui), subsidy.ApplicationInput{ProgrammeID: p.ID, InvoiceID: inv.ID}); err != nil {
			t.Errorf("reapplying after rejection: %v", err)
		}
	})
}

func TestInvoiceClaimedToItsCeilingTakesNoMore(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		xh := f.programme(xuhuiInput())
		city := f.programme(cityInput())
		inv := f.w.invoice(f.xuhui, f.xhLaw, "legal", yuan(1_200_000), "2026-06-01")
		ent := f.ent(f.xuhui)
		if _, err := f.s.Apply(ent, subsidy.ApplicationInput{ProgrammeID: xh.ID, InvoiceID: inv.ID}); err != nil {
			t.Fatal(err)
		}
		// The city programme would pay 480,000 but the 50% ceiling leaves 300,000.
		a, err := f.s.Apply(ent, subsidy.ApplicationInput{ProgrammeID: city.ID, InvoiceID: inv.ID})
		if err != nil {
			t.Fatal(err)
		}
		if a.RequestedFen != yuan(300_000) {
			t.Errorf("second programme got %v, want 300,000.00", a.RequestedFen)
		}
		// A third programme finds the invoice claimed up to its ceiling: a field error, nothing written.
		third := cityInput()
		third.Code, third.Owner, third.Rules = "JA-PRO", "310106", subsidy.Rules{}
		ja := f.programme(third)
		before := count(t, f.d, `SELECT COUNT(*) FROM subsidy_application`)
		_, err = f.s.Apply(ent, subsidy.ApplicationInput{ProgrammeID: ja.ID, InvoiceID: inv.ID})
		if fieldKey(err, "invoice_id") != "subsidy.invoice.claimed" {
			t.Errorf("claim past the ceiling: %v", err)
		}
		if after := count(t, f.d, `SELECT COUNT(*) FROM subsidy_application`); after != before {
			t.Errorf("%d applications written by a refused claim", after-before)
		}
		// Quotes show the same rule for a fresh invoice: no other support yet, so the city quote is
		// limited only by its own terms.
		qs, err := f.s.Quote(ent, subsidy.QuoteRequest{EnterpriseID: f.xuhui, ProviderID: f.xhLaw, Category: "legal",
			InvoiceAmountFen: yuan(1_200_000), InvoiceDate: "2026-06-01"})
		if err != nil {
			t.Fatal(err)
		}
		if len(qs) != 3 {
			t.Fatalf("%d quotes, want one per programme", len(qs))
		}
		for _, q := range qs {
			switch q.ProgrammeID {
			case xh.ID: // the annual cap is held by the first application
				if q.Eligible || q.AmountFen != 0 {
					t.Errorf("Xuhui quote after its cap is claimed: %+v", q)
				}
			case city.ID:
				if !q.Eligible || q.AmountFen != yuan(480_000) {
					t.Errorf("city quote %+v", q)
				}
			}
		}
	})
}

func TestQuoteBadInput(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.programme(xuhuiInput())
		ok := subsidy.QuoteRequest{EnterpriseID: f.xuhui, ProviderID: f.xhLaw, Category: "legal", InvoiceAmountFen: yuan(1_200_000), InvoiceDate: "2026-06-01"}
		for _, tc := range []struct {
			name   string
			change func(*subsidy.QuoteRequest)
			field  string
		}{
			{"no enterprise", func(q *subsidy.QuoteRequest) { q.EnterpriseID = 0 }, "enterprise_id"},
			{"unknown enterprise", func(q *subsidy.QuoteRequest) { q.EnterpriseID = 9999 }, "enterprise_id"},
			{"unknown provider", func(q *subsidy.QuoteRequest) { q.ProviderID = 9999 }, "provider_id"},
			{"unknown category", func(q *subsidy.QuoteRequest) { q.Category = "magic" }, "category"},
			{"zero amount", func(q *subsidy.QuoteRequest) { q.InvoiceAmountFen = 0 }, "invoice_amount_fen"},
			{"negative amount", func(q *subsidy.QuoteRequest) { q.InvoiceAmountFen = -1 }, "invoice_amount_fen"},
			{"amount overflow", func(q *subsidy.QuoteRequest) { q.InvoiceAmountFen = 1<<63 - 1 }, "invoice_amount_fen"},
			{"bad date", func(q *subsidy.QuoteRequest) { q.InvoiceDate = "2026-13-01" }, "invoice_date"},
		} {
			q := ok
			tc.change(&q)
			if _, err := f.s.Quote(f.coord(), q); fieldKey(err, tc.field) == "" {
				t.Errorf("%s: got %v, want an error on %s", tc.name, err, tc.field)
			}
		}
		if _, err := f.s.Quote(f.ent(f.lingang), ok); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("quoting for another enterprise: %v", err)
		}
	})
}
