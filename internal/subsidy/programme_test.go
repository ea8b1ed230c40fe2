package subsidy_test

import (
	"context"
	"errors"
	"testing"

	"chuhai/internal/apperr"
	"chuhai/internal/subsidy"
)

func TestProgrammeValidationWritesNothing(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		for _, tc := range []struct {
			name   string
			change func(*subsidy.ProgrammeInput)
			field  string
			key    string
		}{
			{"rate over 100%", func(in *subsidy.ProgrammeInput) { in.RateBP = 10001 }, "rate_bp", "subsidy.rate.over_100"},
			{"negative rate", func(in *subsidy.ProgrammeInput) { in.RateBP = -1 }, "rate_bp", "subsidy.rate.negative"},
			{"negative cap", func(in *subsidy.ProgrammeInput) { in.CapApplicationFen = -1 }, "cap_application_fen", "subsidy.amount.negative"},
			{"negative annual cap", func(in *subsidy.ProgrammeInput) { in.CapEnterpriseYearFen = -100 }, "cap_enterprise_year_fen", "subsidy.amount.negative"},
			{"amount overflow", func(in *subsidy.ProgrammeInput) { in.BudgetFen = 1 << 62 }, "budget_fen", "subsidy.amount.too_large"},
			{"ceiling over 100%", func(in *subsidy.ProgrammeInput) { in.CeilingBP = 20000 }, "ceiling_bp", "subsidy.ceiling.range"},
			{"ceiling below rate", func(in *subsidy.ProgrammeInput) { in.CeilingBP = 2000 }, "ceiling_bp", "subsidy.ceiling.below_rate"},
			{"unknown district", func(in *subsidy.ProgrammeInput) { in.Rules.HomeDistricts = []string{"999999"} }, "rules.home_districts", "subsidy.code.unknown"},
			{"unknown alliance", func(in *subsidy.ProgrammeInput) { in.Rules.ProviderAlliances = []string{"NOPE"} }, "rules.provider_alliances", "subsidy.code.unknown"},
			{"unknown category", func(in *subsidy.ProgrammeInput) { in.Rules.Categories = []string{"magic"} }, "rules.categories", "subsidy.code.unknown"},
			{"bad industry", func(in *subsidy.ProgrammeInput) { in.Rules.Industries = []string{"Z99"} }, "rules.industries", "subsidy.code.unknown"},
			{"bad size", func(in *subsidy.ProgrammeInput) { in.Rules.Sizes = []string{"huge"} }, "rules.sizes", "subsidy.code.unknown"},
			{"bad date", func(in *subsidy.ProgrammeInput) { in.PeriodTo = "2026-02-30" }, "period_to", "subsidy.date.format"},
			{"window backwards", func(in *subsidy.ProgrammeInput) { in.ApplyUntil = "2025-12-31" }, "apply_until", "subsidy.date.before_start"},
			{"owner abroad", func(in *subsidy.ProgrammeInput) { in.Owner = "SG" }, "owner_region", "subsidy.owner.invalid"},
			{"bad code", func(in *subsidy.ProgrammeInput) { in.Code = "x" }, "code", "subsidy.code.format"},
			{"kind", func(in *subsidy.ProgrammeInput) { in.Kind = "lottery" }, "kind", "error.bad_choice"},
			{"review without cap", func(in *subsidy.ProgrammeInput) { in.Kind, in.CapApplicationFen = subsidy.KindReview, 0 }, "cap_application_fen", "subsidy.cap.required_for_review"},
			{"document code", func(in *subsidy.ProgrammeInput) {
				in.Documents = []subsidy.Document{{Code: "Invoice!", NameZh: "发票"}}
			}, "documents[0].code", "subsidy.document.code"},
		} {
			in := xuhuiInput()
			tc.change(&in)
			_, err := f.s.CreateProgramme(f.coord(), in)
			if got := fieldKey(err, tc.field); got != tc.key {
				t.Errorf("%s: got %v, want %s on %s", tc.name, err, tc.key, tc.field)
			}
		}
		if n := count(t, f.d, `SELECT COUNT(*) FROM subsidy_programme`); n != 0 {
			t.Errorf("%d programmes written by bad input", n)
		}
		if n := count(t, f.d, `SELECT COUNT(*) FROM subsidy_ledger`); n != 0 {
			t.Errorf("%d ledger entries written by bad input", n)
		}
	})
}

func TestProgrammeOwnershipAndVersions(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		if _, err := f.s.CreateProgramme(f.jaLead(), xuhuiInput()); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("a Jing'an lead creating a Xuhui programme: %v", err)
		}
		if _, err := f.s.CreateProgramme(f.xhStaff(), xuhuiInput()); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("point staff (not lead) creating: %v", err)
		}
		p, err := f.s.CreateProgramme(f.xhLead(), xuhuiInput())
		if err != nil {
			t.Fatal(err)
		}
		if p.BudgetFen != yuan(5_000_000) || p.OwnerKind != "district" || p.CeilingBP != 5000 || !p.Combinable || p.ReviewDays != 5 {
			t.Errorf("created %+v", p)
		}
		if _, err := f.s.CreateProgramme(f.xhLead(), xuhuiInput()); fieldKey(err, "code") != "subsidy.code.taken" {
			t.Errorf("duplicate code: %v", err)
		}
		in := p.Input()
		in.RateBP, in.Rules.Categories = 2500, []string{"legal", "accounting"}
		up, err := f.s.UpdateProgramme(f.xhLead(), p.ID, p.Version, in)
		if err != nil {
			t.Fatal(err)
		}
		if up.RateBP != 2500 || len(up.Rules.Categories) != 2 || up.Version != 2 || up.BudgetFen != yuan(5_000_000) {
			t.Errorf("updated %+v", up)
		}
		if _, err := f.s.UpdateProgramme(f.xhLead(), p.ID, p.Version, in); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("stale version: %v", err)
		}
		in.Owner = "310106"
		if _, err := f.s.UpdateProgramme(f.xhLead(), p.ID, up.Version, in); fieldKey(err, "owner_region") != "subsidy.owner.immutable" {
			t.Errorf("owner change: %v", err)
		}
		if _, err := f.s.UpdateProgramme(f.jaLead(), p.ID, up.Version, p.Input()); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("another district's lead: %v", err)
		}
		if n := count(t, f.d, `SELECT COUNT(*) FROM audit_entry WHERE action LIKE 'subsidy.programme.%'`); n != 2 {
			t.Errorf("%d programme audit entries, want 2", n)
		}
	})
}

func TestRoundsNeverOverlap(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		in := xuhuiInput()
		in.Allocation = subsidy.ProRata
		p := f.programme(in)
		ctx := f.xhLead()
		if _, err := f.s.AddRound(ctx, p.ID, subsidy.RoundInput{Name: "第一批", OpensOn: "2026-03-01", ClosesOn: "2026-05-31", BudgetFen: yuan(1_000_000)}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name  string
			in    subsidy.RoundInput
			field string
			key   string
		}{
			{"overlap at the end", subsidy.RoundInput{Name: "x", OpensOn: "2026-05-31", ClosesOn: "2026-07-31", BudgetFen: 1}, "opens_on", "subsidy.round.overlap"},
			{"inside another", subsidy.RoundInput{Name: "x", OpensOn: "2026-04-01", ClosesOn: "2026-04-02", BudgetFen: 1}, "opens_on", "subsidy.round.overlap"},
			{"around another", subsidy.RoundInput{Name: "x", OpensOn: "2026-02-01", ClosesOn: "2026-06-30", BudgetFen: 1}, "opens_on", "subsidy.round.overlap"},
			{"outside the window", subsidy.RoundInput{Name: "x", OpensOn: "2026-12-01", ClosesOn: "2027-01-31", BudgetFen: 1}, "opens_on", "subsidy.round.outside_window"},
			{"backwards", subsidy.RoundInput{Name: "x", OpensOn: "2026-08-01", ClosesOn: "2026-07-01", BudgetFen: 1}, "closes_on", "subsidy.date.before_start"},
			{"pro-rata without budget", subsidy.RoundInput{Name: "x", OpensOn: "2026-08-01", ClosesOn: "2026-08-31"}, "budget_fen", "subsidy.round.budget_required"},
			{"negative budget", subsidy.RoundInput{Name: "x", OpensOn: "2026-08-01", ClosesOn: "2026-08-31", BudgetFen: -5}, "budget_fen", "subsidy.amount.negative"},
		} {
			if _, err := f.s.AddRound(ctx, p.ID, tc.in); fieldKey(err, tc.field) != tc.key {
				t.Errorf("%s: got %v, want %s on %s", tc.name, err, tc.key, tc.field)
			}
		}
		if _, err := f.s.AddRound(ctx, p.ID, subsidy.RoundInput{Name: "第二批", OpensOn: "2026-06-01", ClosesOn: "2026-08-31", BudgetFen: yuan(1_000_000)}); err != nil {
			t.Fatal(err)
		}
		if n := count(t, f.d, `SELECT COUNT(*) FROM subsidy_round`); n != 2 {
			t.Errorf("%d rounds, want 2", n)
		}
		if _, err := f.s.AddRound(context.Background(), 999, subsidy.RoundInput{}); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("unknown programme: %v", err)
		}
	})
}
