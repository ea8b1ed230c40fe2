package subsidy_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/jobs"
	"chuhai/internal/subsidy"
)

func jinganVouchers() subsidy.ProgrammeInput {
	return subsidy.ProgrammeInput{Code: "JA-VOUCHER", NameZh: "静安区企业出海服务券", NameEn: "Jing'an going-global service vouchers",
		Owner: "310106", Kind: subsidy.KindVoucher, BudgetYear: 2026, BudgetFen: yuan(1_000_000),
		PeriodFrom: "2026-01-01", PeriodTo: "2026-12-31", ApplyFrom: "2026-01-01", ApplyUntil: "2026-12-31",
		Rules: subsidy.Rules{Categories: []string{"legal", "consulting"}}, CapApplicationFen: yuan(50_000), CapEnterpriseYearFen: yuan(80_000)}
}

func TestVoucherIssueRedeemSettleExpire(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		p := f.programme(jinganVouchers())
		owner := f.jaLead()
		if _, err := f.s.IssueVoucher(f.xhLead(), subsidy.VoucherInput{ProgrammeID: p.ID, EnterpriseID: f.xuhui, FaceFen: yuan(50_000),
			ValidFrom: "2026-06-01", ValidUntil: "2026-06-30"}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("Xuhui issuing Jing'an vouchers: %v", err)
		}
		if _, err := f.s.IssueVoucher(owner, subsidy.VoucherInput{ProgrammeID: p.ID, EnterpriseID: f.xuhui, FaceFen: yuan(60_000),
			ValidFrom: "2026-06-01", ValidUntil: "2026-06-30"}); fieldKey(err, "face_fen") != "subsidy.voucher.above_cap" {
			t.Errorf("above the cap: %v", err)
		}
		v, err := f.s.IssueVoucher(owner, subsidy.VoucherInput{ProgrammeID: p.ID, EnterpriseID: f.xuhui, FaceFen: yuan(50_000),
			ValidFrom: "2026-06-01", ValidUntil: "2026-06-30", Categories: []string{"legal"}})
		if err != nil {
			t.Fatal(err)
		}
		if v.Code != "JA-VOUCHER-V000001" || v.BalanceFen != yuan(50_000) {
			t.Errorf("issued %+v", v)
		}
		if _, err := f.s.IssueVoucher(owner, subsidy.VoucherInput{ProgrammeID: p.ID, EnterpriseID: f.xuhui, FaceFen: yuan(40_000),
			ValidFrom: "2026-06-01", ValidUntil: "2026-06-30"}); fieldKey(err, "face_fen") != "subsidy.voucher.above_annual" {
			t.Errorf("above the annual cap: %v", err)
		}
		b, _ := f.s.Balances(context.Background(), p.ID)
		if b.CommittedFen != yuan(50_000) || b.RemainingFen != yuan(950_000) {
			t.Errorf("issue commits the face value: %+v", b)
		}

		inv := f.w.invoice(f.xuhui, f.xhLaw, "legal", yuan(30_000), "2026-06-05")
		law := as(auth.ProviderAdmin, 300, f.xhLaw)
		in := subsidy.RedemptionInput{EngagementID: inv.EngagementID, InvoiceID: inv.ID, AmountFen: yuan(12_000), IdempotencyKey: "r-1"}
		if _, err := f.s.Redeem(as(auth.ProviderAdmin, 301, f.jaFirm), v.ID, in); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("a provider redeeming on another provider's engagement: %v", err)
		}
		r, err := f.s.Redeem(law, v.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if r.State != subsidy.RedemptionPending || r.SettleDueOn.String() != "2026-06-25" {
			t.Errorf("redeemed %+v (ten working days, 19 June off)", r)
		}
		if again, err := f.s.Redeem(law, v.ID, in); err != nil || again.ID != r.ID {
			t.Errorf("retried redemption: %v %+v", err, again)
		}
		// Partial redemptions: the balance goes down; more than the balance is refused, and the invoice's
		// stacking ceiling (100% here) still holds.
		over := subsidy.RedemptionInput{EngagementID: inv.EngagementID, InvoiceID: inv.ID, AmountFen: yuan(38_001)}
		if _, err := f.s.Redeem(law, v.ID, over); fieldKey(err, "amount_fen") != "subsidy.voucher.balance" {
			t.Errorf("over the balance: %v", err)
		}
		over.AmountFen = yuan(18_001)
		if _, err := f.s.Redeem(law, v.ID, over); fieldKey(err, "amount_fen") != "subsidy.invoice.claimed" {
			t.Errorf("over the invoice's ceiling: %v", err)
		}
		wrong := f.w.invoice(f.xuhui, f.jaFirm, "translation", yuan(10_000), "2026-06-05")
		if _, err := f.s.Redeem(as(auth.ProviderAdmin, 301, f.jaFirm), v.ID, subsidy.RedemptionInput{EngagementID: wrong.EngagementID,
			InvoiceID: wrong.ID, AmountFen: yuan(1_000)}); fieldKey(err, "invoice_id") != "subsidy.voucher.category" {
			t.Errorf("a category the voucher does not cover: %v", err)
		}
		other := f.w.invoice(f.lingang, f.xhLaw, "legal", yuan(10_000), "2026-06-05")
		if _, err := f.s.Redeem(law, v.ID, subsidy.RedemptionInput{EngagementID: other.EngagementID, InvoiceID: other.ID, AmountFen: yuan(1_000)}); fieldKey(err, "engagement_id") != "subsidy.voucher.other_enterprise" {
			t.Errorf("an engagement with someone else: %v", err)
		}

		// Settlement three working days later (Monday 15 June).
		f.now = time.Date(2026, 6, 15, 2, 0, 0, 0, time.UTC)
		if _, err := f.s.Settle(law, r.ID, ""); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("a provider settling: %v", err)
		}
		r, err = f.s.Settle(owner, r.ID, "转账 2026-06-15")
		if err != nil {
			t.Fatal(err)
		}
		if r.State != subsidy.RedemptionSettled || r.SettleDays != 3 {
			t.Errorf("settled %+v, want 3 working days", r)
		}
		if _, err := f.s.Settle(owner, r.ID, ""); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("settling twice: %v", err)
		}
		rep, err := f.s.Settlement(context.Background(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Settled != 1 || rep.WithinTarget != 1 || rep.MedianDays != 3 || rep.MaxDays != 3 || rep.TargetDays != 10 {
			t.Errorf("settlement report %+v", rep)
		}

		// Expiry releases what was never redeemed: 50,000 − 12,000.
		f.now = time.Date(2026, 7, 1, 2, 0, 0, 0, time.UTC)
		if n, err := f.s.ExpireVouchers(context.Background()); err != nil || n != 1 {
			t.Fatalf("expire: %d %v", n, err)
		}
		if n, err := f.s.ExpireVouchers(context.Background()); err != nil || n != 0 {
			t.Fatalf("expiry runs once: %d %v", n, err)
		}
		b, _ = f.s.Balances(context.Background(), p.ID)
		if b.PaidFen != yuan(12_000) || b.CommittedFen != 0 || b.RemainingFen != yuan(988_000) {
			t.Errorf("after expiry %+v", b)
		}
		v, _ = f.s.Voucher(f.ent(f.xuhui), v.ID)
		if v.State != subsidy.VoucherExpired || v.BalanceFen != 0 || len(v.Redemptions) != 1 {
			t.Errorf("expired voucher %+v", v)
		}
		if _, err := f.s.Redeem(law, v.ID, subsidy.RedemptionInput{EngagementID: inv.EngagementID, InvoiceID: inv.ID, AmountFen: 100}); fieldKey(err, "amount_fen") != "subsidy.voucher.expired" {
			t.Errorf("redeeming an expired voucher: %v", err)
		}
	})
}

func TestVoucherExpiryJobReleasesTheBalanceOnce(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		p := f.programme(jinganVouchers())
		v, err := f.s.IssueVoucher(f.jaLead(), subsidy.VoucherInput{ProgrammeID: p.ID, EnterpriseID: f.xuhui, FaceFen: yuan(20_000),
			ValidFrom: "2026-06-01", ValidUntil: "2026-06-30"})
		if err != nil {
			t.Fatal(err)
		}
		st, err := jobs.Lookup(context.Background(), f.d, subsidy.ExpireKind, fmt.Sprintf("voucher-%d", v.ID))
		if err != nil {
			t.Fatalf("no expiry job armed: %v", err)
		}
		if want := time.Date(2026, 7, 1, 0, 1, 0, 0, time.FixedZone("CST", 8*3600)); !st.RunAt.Equal(want) {
			t.Errorf("expiry runs at %v, want %v", st.RunAt, want)
		}
		f.now = time.Date(2026, 7, 1, 2, 0, 0, 0, time.UTC)
		r := jobs.NewRunner(f.d, nil, jobs.Options{Poll: 20 * time.Millisecond})
		f.s.Register(r)
		ctx, cancel := context.WithCancel(context.Background())
		r.Start(ctx)
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if got, _ := f.s.Voucher(context.Background(), v.ID); got.State == subsidy.VoucherExpired {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		cancel()
		if err := r.Stop(context.Background()); err != nil {
			t.Fatal(err)
		}
		got, _ := f.s.Voucher(context.Background(), v.ID)
		if got.State != subsidy.VoucherExpired {
			t.Fatalf("voucher %s after its expiry job", got.State)
		}
		if n, _ := f.s.ExpireVouchers(context.Background()); n != 0 {
			t.Errorf("the sweep expired %d more", n)
		}
		if n := count(t, f.d, `SELECT COUNT(*) FROM subsidy_ledger WHERE kind = 'release'`); n != 1 {
			t.Errorf("%d releases, want exactly one", n)
		}
		b, _ := f.s.Balances(context.Background(), p.ID)
		if b.RemainingFen != yuan(1_000_000) || b.CommittedFen != 0 {
			t.Errorf("after expiry %+v", b)
		}
	})
}
