package casework

import (
	"context"
	"fmt"
	"testing"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/money"
)

func TestReferralToEngagementToRating(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ent := f.enterprise("上海示例精密制造有限公司", xuhui)
		firm := f.user("firm", auth.NewUser{Role: auth.EnterpriseAdmin, EnterpriseID: ent})
		odi := f.user("ja-odi-staff", auth.NewUser{Role: auth.PointStaff, PointID: f.points["JA-ODI"]})
		xh := f.user("xh-staff", auth.NewUser{Role: auth.PointStaff, PointID: f.points["XH"]})
		lawA := f.provider("甲律师事务所", true)
		lawB := f.provider("乙咨询公司", true)
		lawC := f.provider("丙会计师事务所", true)
		suspended := f.provider("已暂停的机构", false)
		a := f.user("provider-a", auth.NewUser{Role: auth.ProviderAdmin, ProviderID: lawA})
		b := f.user("provider-b", auth.NewUser{Role: auth.ProviderMember, ProviderID: lawB})
		f.user("provider-c", auth.NewUser{Role: auth.ProviderAdmin, ProviderID: lawC})
		r, err := f.s.CreateRequest(firm, odiRequest())
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			ctx  context.Context
			in   NewReferral
			kind apperr.Kind
		}{
			{"another point", xh, NewReferral{ProviderIDs: []int64{lawA}}, apperr.KindForbidden},
			{"a provider refers", a, NewReferral{ProviderIDs: []int64{lawB}}, apperr.KindForbidden},
			{"nobody", odi, NewReferral{}, apperr.KindInvalid},
			{"twice the same", odi, NewReferral{ProviderIDs: []int64{lawA, lawA}}, apperr.KindInvalid},
			{"unknown provider", odi, NewReferral{ProviderIDs: []int64{99999}}, apperr.KindInvalid},
			{"suspended provider", odi, NewReferral{ProviderIDs: []int64{suspended}}, apperr.KindInvalid},
			{"ranks do not match", odi, NewReferral{ProviderIDs: []int64{lawA, lawB}, MatchRanks: []int{1}}, apperr.KindInvalid},
		} {
			before := f.rows()
			_, err := f.s.Refer(tc.ctx, r.Ref, tc.in)
			wantKind(t, err, tc.kind, tc.name)
			if after := f.rows(); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("%s wrote %v → %v", tc.name, before, after)
			}
		}
		// Staff refer the request to two providers (as directory.Match ranked them).
		fs, err := f.s.Refer(odi, r.Ref, NewReferral{ProviderIDs: []int64{lawA, lawB}, MatchRanks: []int{1, 2}, Note: "两家均熟悉越南 ODI"})
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != 2 || fs[0].Provider.NameZh != "甲律师事务所" || fs[0].Status != ReferralOffered || fs[0].MatchRank != 1 {
			t.Fatalf("referrals %+v", fs)
		}
		// Three working days from Monday 10:00: Thursday at close of business.
		if got := fs[0].RespondBy.In(shanghai).Format("2006-01-02 15:04"); got != "2026-03-05 17:30" {
			t.Errorf("respond by %s", got)
		}
		if _, err := f.s.Refer(odi, r.Ref, NewReferral{ProviderIDs: []int64{lawA}}); err == nil {
			t.Error("a live referral made twice")
		}
		if n := f.count(`SELECT COUNT(*) FROM test_notice WHERE user_id = $1 AND key = 'casework.notice.referral.subject'`, f.users["provider-a"].UserID); n != 1 {
			t.Errorf("provider A told %d times", n)
		}
		// The provider sees its referral with the need, not the request's people.
		mine, total, err := f.s.ProviderReferrals(a, lawA, "", 20, 0)
		if err != nil || total != 1 || mine[0].Request == nil || mine[0].Request.Title != r.Title {
			t.Fatalf("provider list %+v %d %v", mine, total, err)
		}
		if _, _, err := f.s.ProviderReferrals(a, lawB, "", 20, 0); !isKind(err, apperr.KindForbidden) {
			t.Errorf("another provider's list: %v", err)
		}
		if _, err := f.s.RespondReferral(b, fs[0].ID, fs[0].Version, true, ""); !isKind(err, apperr.KindForbidden) {
			t.Errorf("answering another provider's referral: %v", err)
		}
		if _, err := f.s.RespondReferral(b, fs[1].ID, fs[1].Version, false, ""); !isKind(err, apperr.KindInvalid) {
			t.Errorf("declining without a reason: %v", err)
		}
		if _, err := f.s.RespondReferral(b, fs[1].ID, fs[1].Version, false, "档期已满"); err != nil {
			t.Fatal(err)
		}
		acc, err := f.s.RespondReferral(a, fs[0].ID, fs[0].Version, true, "")
		if err != nil || acc.Status != ReferralAccepted {
			t.Fatalf("accept %+v %v", acc, err)
		}
		if _, err := f.s.RespondReferral(a, fs[0].ID, acc.Version, false, "changed my mind"); !isKind(err, apperr.KindConflict) {
			t.Errorf("answering twice: %v", err)
		}
		// A third referral lapses: its provider never answers.
		late, err := f.s.Refer(firm, r.Ref, NewReferral{ProviderIDs: []int64{lawC}})
		if err != nil || late[0].Source != "enterprise" {
			t.Fatalf("enterprise referral %+v %v", late, err)
		}
		f.clock.set(time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC))
		if _, err := f.s.RespondReferral(f.as("provider-c"), late[0].ID, late[0].Version, true, ""); !isKind(err, apperr.KindConflict) {
			t.Errorf("accepting after the deadline: %v", err)
		}
		if _, err := f.s.SweepAll(context.Background()); err != nil {
			t.Fatal(err)
		}
		all, _ := f.s.Referrals(odi, r.Ref)
		statuses := map[int64]string{}
		for _, x := range all {
			statuses[x.Provider.ID] = x.Status
		}
		if statuses[lawA] != ReferralAccepted || statuses[lawB] != ReferralDeclined || statuses[lawC] != ReferralExpired {
			t.Errorf("statuses %v", statuses)
		}

		// The engagement: scope, amount, dates. Bad terms are refused and write nothing.
		good := NewEngagement{ReferralID: fs[0].ID, Scope: "越南工厂 ODI 备案全流程：发改委、商务部门备案及外汇登记辅导", AmountFen: 8_000_000,
			StartOn: "2026-03-09", EndOn: "2026-05-29"}
		for _, tc := range []struct {
			name  string
			ctx   context.Context
			mod   func(*NewEngagement)
			kind  apperr.Kind
			field string
		}{
			{"end before start", odi, func(e *NewEngagement) { e.EndOn = "2026-03-01" }, apperr.KindInvalid, "end_on"},
			{"no such day", odi, func(e *NewEngagement) { e.StartOn = "2026-02-29" }, apperr.KindInvalid, "start_on"},
			{"zero amount", odi, func(e *NewEngagement) { e.AmountFen = 0 }, apperr.KindInvalid, "amount_fen"},
			{"negative amount", odi, func(e *NewEngagement) { e.AmountFen = -5 }, apperr.KindInvalid, "amount_fen"},
			{"no scope", odi, func(e *NewEngagement) { e.Scope = " " }, apperr.KindInvalid, "scope"},
			{"declined referral", odi, func(e *NewEngagement) { e.ReferralID = fs[1].ID }, apperr.KindConflict, ""},
			{"another point", xh, func(e *NewEngagement) {}, apperr.KindForbidden, ""},
			{"another provider", b, func(e *NewEngagement) {}, apperr.KindForbidden, ""},
		} {
			in := good
			tc.mod(&in)
			before := f.rows()
			_, err := f.s.CreateEngagement(tc.ctx, in)
			e := wantKind(t, err, tc.kind, tc.name)
			if tc.field != "" && (len(e.Fields) == 0 || e.Fields[0].Name != tc.field) {
				t.Errorf("%s: %v", tc.name, err)
			}
			if after := f.rows(); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("%s wrote %v → %v", tc.name, before, after)
			}
		}
		eng, err := f.s.CreateEngagement(a, good)
		if err != nil {
			t.Fatal(err)
		}
		if eng.AmountFen != 8_000_000 || eng.Status != EngagementActive || eng.Provider.NameZh != "甲律师事务所" || eng.Point.Code != "JA-ODI" {
			t.Errorf("engagement %+v", eng)
		}
		if _, err := f.s.CreateEngagement(odi, good); !isKind(err, apperr.KindConflict) {
			t.Errorf("second engagement for one referral: %v", err)
		}
		// Invoices: never above the agreed amount unless it is amended first.
		f.clock.set(time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC))
		eng, err = f.s.AddInvoice(a, eng.ID, NewInvoice{Number: "INV-2026-001", AmountFen: 5_000_000, IssuedOn: "2026-03-20"})
		if err != nil || eng.InvoicedFen != 5_000_000 || len(eng.Invoices) != 1 {
			t.Fatalf("invoice %+v %v", eng, err)
		}
		before := f.rows()
		_, err = f.s.AddInvoice(a, eng.ID, NewInvoice{Number: "INV-2026-002", AmountFen: 3_500_000, IssuedOn: "2026-03-30"})
		wantField(t, err, "amount_fen", "casework.invoice.over_amount")
		_, err = f.s.AddInvoice(a, eng.ID, NewInvoice{Number: "INV-2026-001", AmountFen: 100, IssuedOn: "2026-03-30"})
		wantField(t, err, "number", "casework.invoice.duplicate")
		_, err = f.s.AddInvoice(a, eng.ID, NewInvoice{Number: "INV-X", AmountFen: 100, IssuedOn: "2026-12-30"})
		wantField(t, err, "issued_on", "casework.date.future")
		_, err = f.s.AddInvoice(a, eng.ID, NewInvoice{Number: "INV-X", AmountFen: 100, IssuedOn: "30/03/2026"})
		wantField(t, err, "issued_on", "casework.date.format")
		if after := f.rows(); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("refused invoices wrote %v → %v", before, after)
		}
		if _, err := f.s.Amend(a, eng.ID, eng.Version, 9_000_000, "增加外汇登记"); !isKind(err, apperr.KindForbidden) {
			t.Errorf("the provider amended its own amount: %v", err)
		}
		_, err = f.s.Amend(firm, eng.ID, eng.Version, 4_000_000, "降价")
		wantField(t, err, "amount_fen", "casework.amend.below_invoiced")
		eng, err = f.s.Amend(firm, eng.ID, eng.Version, 9_000_000, "增加外汇登记辅导")
		if err != nil || eng.AmountFen != 9_000_000 || len(eng.Amendments) != 1 || eng.Amendments[0].PreviousFen != 8_000_000 {
			t.Fatalf("amend %+v %v", eng, err)
		}
		if eng, err = f.s.AddInvoice(a, eng.ID, NewInvoice{Number: "INV-2026-002", AmountFen: 3_500_000, IssuedOn: "2026-03-30"}); err != nil {
			t.Fatal(err)
		}
		if eng.InvoicedFen != money.Fen(8_500_000) {
			t.Errorf("invoiced %d", eng.InvoicedFen)
		}
		// Completion, then the enterprise's rating, once, which reaches the directory.
		if _, err := f.s.Feedback(firm, eng.ID, 5, "专业高效"); !isKind(err, apperr.KindConflict) {
			t.Errorf("rating before completion: %v", err)
		}
		_, err = f.s.Complete(a, eng.ID, eng.Version, "2026-03-08")
		wantField(t, err, "completed_on", "casework.date.before_start")
		f.clock.set(time.Date(2026, 4, 10, 2, 0, 0, 0, time.UTC))
		if eng, err = f.s.Complete(a, eng.ID, eng.Version, "2026-04-09"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Feedback(odi, eng.ID, 5, ""); !isKind(err, apperr.KindForbidden) {
			t.Errorf("staff rated: %v", err)
		}
		if _, err := f.s.Feedback(firm, eng.ID, 6, ""); !isKind(err, apperr.KindInvalid) {
			t.Errorf("six stars: %v", err)
		}
		eng, err = f.s.Feedback(firm, eng.ID, 5, "专业高效，两周完成备案")
		if err != nil || eng.Rating != 5 || eng.RatedAt == nil {
			t.Fatalf("feedback %+v %v", eng, err)
		}
		if _, err := f.s.Feedback(firm, eng.ID, 4, ""); !isKind(err, apperr.KindConflict) {
			t.Errorf("rated twice: %v", err)
		}
		if n := f.count(`SELECT COUNT(*) FROM test_activity WHERE provider_id = $1 AND rating = 5`, lawA); n != 1 {
			t.Errorf("provider activity recorded %d times", n)
		}
		// Closing the request records nothing more for the rated engagement.
		r, _ = f.s.Get(odi, r.Ref)
		if r, err = f.s.Transition(odi, r.Ref, Transition{Action: ActionTriage, Version: r.Version}); err != nil {
			t.Fatal(err)
		}
		r, err = f.s.Transition(odi, r.Ref, Transition{Action: ActionResolve, Version: r.Version, Reason: "已完成备案"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err = f.s.Transition(firm, r.Ref, Transition{Action: ActionClose, Version: r.Version}); err != nil {
			t.Fatal(err)
		}
		if n := f.count(`SELECT COUNT(*) FROM test_activity`); n != 1 {
			t.Errorf("%d activity records after closing", n)
		}
		// The enterprise's survey on the closed request, once.
		r, err = f.s.SubmitSurvey(firm, r.Ref, 5, "非常满意")
		if err != nil || r.Survey == nil || r.Survey.Score != 5 {
			t.Fatalf("survey %+v %v", r.Survey, err)
		}
		if _, err := f.s.SubmitSurvey(firm, r.Ref, 4, ""); !isKind(err, apperr.KindConflict) {
			t.Errorf("second survey: %v", err)
		}
		list, total, err := f.s.Engagements(a, EngagementFilter{})
		if err != nil || total != 1 || list[0].ID != eng.ID || len(list[0].Invoices) != 2 {
			t.Errorf("provider's engagements %d %v", total, err)
		}
		if _, total, _ := f.s.Engagements(b, EngagementFilter{}); total != 0 {
			t.Errorf("another provider sees %d", total)
		}
	})
}

func TestUnratedEngagementCountsWhenTheRequestCloses(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ent := f.enterprise("上海某公司", xuhui)
		firm := f.user("firm", auth.NewUser{Role: auth.EnterpriseAdmin, EnterpriseID: ent})
		xh := f.user("xh-staff", auth.NewUser{Role: auth.PointStaff, PointID: f.points["XH"]})
		p := f.provider("甲律师事务所", true)
		pa := f.user("provider-admin", auth.NewUser{Role: auth.ProviderAdmin, ProviderID: p})
		r, _ := f.s.CreateRequest(firm, NewRequest{Topic: "legal", Title: "合同审查", Description: "越南经销合同"})
		fs, err := f.s.Refer(xh, r.Ref, NewReferral{ProviderIDs: []int64{p}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.RespondReferral(pa, fs[0].ID, fs[0].Version, true, ""); err != nil {
			t.Fatal(err)
		}
		e, err := f.s.CreateEngagement(xh, NewEngagement{ReferralID: fs[0].ID, Scope: "合同审查", AmountFen: 300_000, StartOn: "2026-03-02", EndOn: "2026-03-13"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Complete(xh, e.ID, e.Version, "2026-03-02"); err != nil {
			t.Fatal(err)
		}
		r, _ = f.s.Get(xh, r.Ref)
		if _, err := f.s.Transition(xh, r.Ref, Transition{Action: ActionResolve, Version: r.Version, Reason: "审查完成"}); !isKind(err, apperr.KindConflict) {
			t.Fatalf("resolving an untriaged request: %v", err)
		}
		for _, tr := range []Transition{{Action: ActionTriage}, {Action: ActionResolve, Reason: "审查完成"}} {
			tr.Version = r.Version
			if r, err = f.s.Transition(xh, r.Ref, tr); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.s.Transition(xh, r.Ref, Transition{Action: ActionClose, Version: r.Version}); err != nil {
			t.Fatal(err)
		}
		if n := f.count(`SELECT COUNT(*) FROM test_activity WHERE provider_id = $1 AND rating = 0`, p); n != 1 {
			t.Errorf("%d unrated activity records", n)
		}
		if _, err := f.s.Feedback(firm, e.ID, 4, ""); !isKind(err, apperr.KindConflict) {
			t.Errorf("rating after the record was closed: %v", err)
		}
	})
}
