package subsidy_test

import (
	"context"
	"strings"
	"testing"

	"chuhai/internal/i18n"
	"chuhai/internal/money"
	"chuhai/internal/subsidy"
	"chuhai/internal/workday"
)

func date(s string) workday.Date {
	d, err := workday.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// programmeOf turns an input into the programme Assess sees, as storage would.
func programmeOf(in subsidy.ProgrammeInput) subsidy.Programme {
	c := in.Combinable == nil || *in.Combinable
	if in.CeilingBP == 0 {
		in.CeilingBP = money.BasisPoints
	}
	if in.Allocation == "" {
		in.Allocation = subsidy.FirstCome
	}
	return subsidy.Programme{ID: 1, Code: in.Code, NameZh: in.NameZh, NameEn: in.NameEn, Owner: in.Owner, Kind: in.Kind,
		PeriodFrom: date(in.PeriodFrom), PeriodTo: date(in.PeriodTo), ApplyFrom: date(in.ApplyFrom), ApplyUntil: date(in.ApplyUntil),
		Rules: in.Rules, RateBP: in.RateBP, CapApplicationFen: in.CapApplicationFen, CapEnterpriseYearFen: in.CapEnterpriseYearFen,
		Combinable: c, CeilingBP: in.CeilingBP, Allocation: in.Allocation, Active: true}
}

func names(t *testing.T) subsidy.Names {
	n, err := (&world{}).Names(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

var (
	xuhuiFirm  = subsidy.EnterpriseFacts{ID: 1, NameZh: "智元机器人", HomeDistrict: "310104", Industry: "C34", SizeClass: "medium"}
	huhanLaw   = subsidy.ProviderFacts{ID: 11, NameZh: "沪瀚律所", NameEn: "Huhan Law", Offices: []string{"310104"}, Categories: []string{"legal"}, Alliances: []string{"XH-GSA", "SH-PSA"}}
	jinganFirm = subsidy.ProviderFacts{ID: 12, NameZh: "汇岚", NameEn: "Huilan", Offices: []string{"310106"}, Alliances: []string{"JA-GSP"}}
)

// english renders an explanation the way the API does.
func english(t *testing.T, lines []subsidy.Line) string {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		if !cat.Has(i18n.English, l.Key) {
			t.Fatalf("line key %s is not in the catalogue", l.Key)
		}
		out[i] = cat.T(i18n.English, l.Key, l.Args)
	}
	return strings.Join(out, "; ")
}

func TestXuhuiSubsidyCapsAt300k(t *testing.T) {
	p := programmeOf(xuhuiInput())
	c := subsidy.Claim{Enterprise: xuhuiFirm, Provider: huhanLaw, Category: "legal", AmountFen: yuan(1_200_000), Date: date("2026-06-01")}
	q, err := subsidy.Assess(p, c, subsidy.Usage{BudgetRemainingFen: yuan(5_000_000)}, names(t), date("2026-06-10"))
	if err != nil {
		t.Fatal(err)
	}
	if !q.Eligible || q.AmountFen != yuan(300_000) {
		t.Fatalf("got eligible=%v amount=%v, want 300,000.00", q.Eligible, q.AmountFen)
	}
	got := english(t, q.Lines)
	for _, want := range []string{"rate 30% of 1,200,000.00 → 360,000.00 (rounded down to the fen)", "cap 300,000.00 applies",
		"remaining annual cap 300,000.00", "✓ Huhan Law has an office in Xuhui (in-district provider).", "✓ amount 300,000.00"} {
		if !strings.Contains(got, want) {
			t.Errorf("explanation lacks %q:\n%s", want, got)
		}
	}
}

func TestRateRoundsDownToTheFen(t *testing.T) {
	in := xuhuiInput()
	in.CapApplicationFen, in.CapEnterpriseYearFen, in.CeilingBP = 0, 0, 10000
	for _, tc := range []struct {
		rate          int64
		invoice, want money.Fen
		description   string
	}{
		{3000, 5, 1, "30% of 0.05 is 0.015, paid as 0.01"},
		{3000, 3, 0, "30% of 0.03 is 0.009, nothing"},
		{3333, 100_00, 33_33, "33.33% of 100.00 is 33.33"},
		{3333, 99_99, 33_32, "33.33% of 99.99 is 33.326667, paid as 33.32"},
		{5000, 1_999_999, 999_999, "50% of 19,999.99 is 9,999.995, paid as 9,999.99"},
		{10000, 123_45, 123_45, "100% is exact"},
	} {
		in.RateBP = tc.rate
		p := programmeOf(in)
		c := subsidy.Claim{Enterprise: xuhuiFirm, Provider: huhanLaw, Category: "legal", AmountFen: tc.invoice, Date: date("2026-06-01")}
		q, err := subsidy.Assess(p, c, subsidy.Usage{BudgetRemainingFen: yuan(1_000_000)}, names(t), date("2026-06-10"))
		if err != nil {
			t.Fatal(err)
		}
		if q.AmountFen != tc.want {
			t.Errorf("%s: got %d fen, want %d", tc.description, q.AmountFen, tc.want)
		}
		if tc.want == 0 && q.Eligible {
			t.Errorf("%s: nothing to pay must not be eligible", tc.description)
		}
	}
}

func TestEligibilityRulesExplainWhatFailed(t *testing.T) {
	base := subsidy.Claim{Enterprise: xuhuiFirm, Provider: huhanLaw, Category: "legal", AmountFen: yuan(100_000), Date: date("2026-06-01")}
	u := subsidy.Usage{BudgetRemainingFen: yuan(1_000_000)}
	for _, tc := range []struct {
		name   string
		change func(*subsidy.ProgrammeInput, *subsidy.Claim)
		today  string
		want   string
	}{
		{"out-of-district provider", func(_ *subsidy.ProgrammeInput, c *subsidy.Claim) { c.Provider = jinganFirm }, "", "has no office in Xuhui"},
		{"other home district", func(_ *subsidy.ProgrammeInput, c *subsidy.Claim) { c.Enterprise.HomeDistrict = "310106" }, "", "Home district Jing'an is not eligible"},
		{"category", func(p *subsidy.ProgrammeInput, _ *subsidy.Claim) { p.Rules.Categories = []string{"accounting"} }, "", "Legal services are not eligible"},
		{"alliance", func(p *subsidy.ProgrammeInput, _ *subsidy.Claim) { p.Rules.ProviderAlliances = []string{"JA-GSP"} }, "", "is not a member of Jing'an programme"},
		{"minimum spend", func(p *subsidy.ProgrammeInput, _ *subsidy.Claim) { p.Rules.MinSpendFen = yuan(200_000) }, "", "below the minimum of 200,000.00"},
		{"size", func(p *subsidy.ProgrammeInput, _ *subsidy.Claim) { p.Rules.Sizes = []string{"small", "micro"} }, "", "Size medium is not eligible"},
		{"industry", func(p *subsidy.ProgrammeInput, _ *subsidy.Claim) { p.Rules.Industries = []string{"I", "M"} }, "", "Industry C34 is not eligible"},
		{"area", func(p *subsidy.ProgrammeInput, _ *subsidy.Claim) { p.Rules.Areas = []string{"SH-LINGANG"} }, "", "Not registered in Lingang"},
		{"invoice before the period", func(_ *subsidy.ProgrammeInput, c *subsidy.Claim) { c.Date = date("2025-12-31") }, "", "outside the programme period"},
		{"window closed", func(p *subsidy.ProgrammeInput, _ *subsidy.Claim) { p.ApplyUntil = "2026-06-09" }, "", "accepted only from 2026-01-01 to 2026-06-09"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, c := xuhuiInput(), base
			tc.change(&in, &c)
			q, err := subsidy.Assess(programmeOf(in), c, u, names(t), date("2026-06-10"))
			if err != nil {
				t.Fatal(err)
			}
			if q.Eligible || q.AmountFen != 0 {
				t.Errorf("eligible=%v amount=%v, want ineligible and nothing", q.Eligible, q.AmountFen)
			}
			if got := english(t, q.Lines); !strings.Contains(got, tc.want) {
				t.Errorf("explanation lacks %q:\n%s", tc.want, got)
			}
		})
	}
}

func TestStackingCeilingLimitsASecondProgramme(t *testing.T) {
	// The Xuhui programme already holds 300,000 on a 1,200,000 invoice; the city programme would pay
	// 40% = 480,000, but the strictest ceiling is 50% = 600,000, so only 300,000 is left.
	p := programmeOf(cityInput())
	held := []subsidy.Support{{ProgrammeID: 9, Name: subsidy.Name{Zh: "徐汇", En: "Xuhui"}, AmountFen: yuan(300_000), CeilingBP: 5000, Combinable: true}}
	c := subsidy.Claim{Enterprise: xuhuiFirm, Provider: huhanLaw, Category: "legal", AmountFen: yuan(1_200_000), Date: date("2026-06-01")}
	q, err := subsidy.Assess(p, c, subsidy.Usage{Invoice: held, BudgetRemainingFen: yuan(10_000_000)}, names(t), date("2026-06-10"))
	if err != nil {
		t.Fatal(err)
	}
	if !q.Eligible || q.AmountFen != yuan(300_000) {
		t.Fatalf("got %v %v, want 300,000.00 limited by the ceiling", q.Eligible, q.AmountFen)
	}
	if got := english(t, q.Lines); !strings.Contains(got, "stacking ceiling 50% of the invoice → 600,000.00; already supported 300,000.00; only 300,000.00 left, which applies") {
		t.Errorf("explanation: %s", got)
	}
	// A stricter ceiling elsewhere governs even when this programme's own is looser.
	held[0].CeilingBP = 3000
	q, _ = subsidy.Assess(p, c, subsidy.Usage{Invoice: held, BudgetRemainingFen: yuan(10_000_000)}, names(t), date("2026-06-10"))
	if q.AmountFen != yuan(60_000) {
		t.Errorf("30%% ceiling elsewhere: got %v, want 60,000.00", q.AmountFen)
	}
	// Claimed up to the ceiling: nothing left, not eligible.
	held[0].AmountFen = yuan(360_000)
	q, _ = subsidy.Assess(p, c, subsidy.Usage{Invoice: held, BudgetRemainingFen: yuan(10_000_000)}, names(t), date("2026-06-10"))
	if q.Eligible || q.AmountFen != 0 {
		t.Errorf("claimed to the ceiling: got %v %v", q.Eligible, q.AmountFen)
	}
	// A programme that does not combine refuses, and is refused.
	held[0].AmountFen, held[0].CeilingBP, held[0].Combinable = yuan(1), 5000, false
	q, _ = subsidy.Assess(p, c, subsidy.Usage{Invoice: held, BudgetRemainingFen: yuan(10_000_000)}, names(t), date("2026-06-10"))
	if q.Eligible || !strings.Contains(english(t, q.Lines), "does not combine") {
		t.Errorf("non-combinable support must exclude others: %v %s", q.Eligible, english(t, q.Lines))
	}
}

func TestAnnualCapAndBudgetLimitTheAmount(t *testing.T) {
	p := programmeOf(xuhuiInput())
	c := subsidy.Claim{Enterprise: xuhuiFirm, Provider: huhanLaw, Category: "legal", AmountFen: yuan(200_000), Date: date("2026-06-01")}
	q, _ := subsidy.Assess(p, c, subsidy.Usage{EnterpriseYearFen: yuan(250_000), BudgetRemainingFen: yuan(1_000_000)}, names(t), date("2026-06-10"))
	if q.AmountFen != yuan(50_000) || !strings.Contains(english(t, q.Lines), "remaining annual cap 50,000.00 applies") {
		t.Errorf("annual cap: %v %s", q.AmountFen, english(t, q.Lines))
	}
	q, _ = subsidy.Assess(p, c, subsidy.Usage{BudgetRemainingFen: yuan(12_345)}, names(t), date("2026-06-10"))
	if q.AmountFen != yuan(12_345) || !strings.Contains(english(t, q.Lines), "remaining budget 12,345.00 applies") {
		t.Errorf("budget: %v %s", q.AmountFen, english(t, q.Lines))
	}
	q, _ = subsidy.Assess(p, c, subsidy.Usage{EnterpriseYearFen: yuan(300_000), BudgetRemainingFen: yuan(1_000_000)}, names(t), date("2026-06-10"))
	if q.Eligible || !strings.Contains(english(t, q.Lines), "Nothing is left to pay") {
		t.Errorf("exhausted annual cap: %v %s", q.Eligible, english(t, q.Lines))
	}
}

func TestReviewBasedRewardPaysTheRequestWithinTheCap(t *testing.T) {
	in := subsidy.ProgrammeInput{Code: "LG-HQ", NameZh: "功能型总部奖励", Owner: "SH-LINGANG", Kind: subsidy.KindReview, BudgetYear: 2026,
		PeriodFrom: "2026-01-01", PeriodTo: "2026-12-31", ApplyFrom: "2026-01-01", ApplyUntil: "2026-12-31",
		Rules: subsidy.Rules{Areas: []string{"SH-LINGANG"}}, CapApplicationFen: yuan(10_000_000)}
	lg := subsidy.EnterpriseFacts{ID: 2, HomeDistrict: "310115", Areas: []string{"SH-LINGANG"}}
	c := subsidy.Claim{Enterprise: lg, NoInvoice: true}
	q, _ := subsidy.Assess(programmeOf(in), c, subsidy.Usage{RequestedFen: yuan(12_000_000), BudgetRemainingFen: yuan(50_000_000)}, names(t), date("2026-06-10"))
	if !q.Eligible || q.AmountFen != yuan(10_000_000) {
		t.Errorf("got %v %v, want the 10M cap", q.Eligible, q.AmountFen)
	}
	q, _ = subsidy.Assess(programmeOf(in), c, subsidy.Usage{RequestedFen: yuan(2_500_000), BudgetRemainingFen: yuan(50_000_000)}, names(t), date("2026-06-10"))
	if q.AmountFen != yuan(2_500_000) {
		t.Errorf("got %v, want the 2.5M requested", q.AmountFen)
	}
	c.Enterprise = xuhuiFirm
	q, _ = subsidy.Assess(programmeOf(in), c, subsidy.Usage{RequestedFen: yuan(1), BudgetRemainingFen: yuan(50_000_000)}, names(t), date("2026-06-10"))
	if q.Eligible {
		t.Error("a Xuhui enterprise is not registered in Lingang")
	}
}

func TestPercent(t *testing.T) {
	for bp, want := range map[int64]string{3000: "30%", 5000: "50%", 3333: "33.33%", 3310: "33.1%", 5: "0.05%", 10000: "100%", 0: "0%"} {
		if got := subsidy.Percent(bp); got != want {
			t.Errorf("Percent(%d) = %q, want %q", bp, got, want)
		}
	}
}

func TestProRataSharesNeverExceedThePool(t *testing.T) {
	shares := subsidy.ProRataShares([]money.Fen{100_00, 200_00, 300_00}, 300_00)
	if shares[0] != 50_00 || shares[1] != 100_00 || shares[2] != 150_00 {
		t.Errorf("halved: %v", shares)
	}
	shares = subsidy.ProRataShares([]money.Fen{1, 1, 1}, 2)
	var sum money.Fen
	for _, s := range shares {
		sum += s
	}
	if sum > 2 || shares[0] != 0 {
		t.Errorf("rounding down: %v", shares)
	}
	shares = subsidy.ProRataShares([]money.Fen{100, 200}, 1_000)
	if shares[0] != 100 || shares[1] != 200 {
		t.Errorf("an undersubscribed round pays in full: %v", shares)
	}
	big := subsidy.MaxAmountFen
	shares = subsidy.ProRataShares([]money.Fen{big, big, big}, big)
	if shares[0] != big/3 {
		t.Errorf("no overflow at the largest amounts: %v", shares)
	}
}

// TestDefaultCeilingIsTheWholeInvoice: a programme that states no ceiling allows public support up to
// 100% of the invoice, so two 60% programmes together pay the invoice once and no more.
func TestDefaultCeilingIsTheWholeInvoice(t *testing.T) {
	in := cityInput()
	in.RateBP, in.CeilingBP, in.CapApplicationFen, in.Rules = 6000, 0, 0, subsidy.Rules{}
	p := programmeOf(in)
	if p.CeilingBP != money.BasisPoints {
		t.Fatalf("default ceiling %d bp, want 10000", p.CeilingBP)
	}
	c := subsidy.Claim{Enterprise: xuhuiFirm, Provider: huhanLaw, Category: "legal", AmountFen: yuan(100_000), Date: date("2026-06-01")}
	held := []subsidy.Support{{ProgrammeID: 9, Name: subsidy.Name{Zh: "另一项目", En: "Another"}, AmountFen: yuan(60_000), CeilingBP: money.BasisPoints, Combinable: true}}
	q, err := subsidy.Assess(p, c, subsidy.Usage{Invoice: held, BudgetRemainingFen: yuan(1_000_000)}, names(t), date("2026-06-10"))
	if err != nil {
		t.Fatal(err)
	}
	if !q.Eligible || q.AmountFen != yuan(40_000) {
		t.Errorf("second 60%% programme got %v %v, want the 40,000.00 left under 100%%", q.Eligible, q.AmountFen)
	}
	if got := english(t, q.Lines); !strings.Contains(got, "stacking ceiling 100% of the invoice → 100,000.00") {
		t.Errorf("explanation: %s", got)
	}
}

// FuzzAssessNeverPaysPastALimit: whatever the terms and what is already held, the amount is never
// negative, never above the rate applied to the invoice (rounded down), the cap per application, the
// remaining annual cap or the remaining budget, and never takes the invoice's total support above the
// strictest ceiling; an ineligible quote pays nothing. Only an overflow is an error, and none can
// happen within MaxAmountFen.
func FuzzAssessNeverPaysPastALimit(f *testing.F) {
	f.Add(int64(120_000_000), int64(3000), int64(30_000_000), int64(30_000_000), int64(0), int64(5000), int64(0), int64(10000), int64(500_000_000))
	f.Add(int64(99_99), int64(3333), int64(0), int64(0), int64(0), int64(10000), int64(50), int64(9000), int64(1))
	f.Add(int64(1_000_000_000_000_000), int64(10000), int64(0), int64(0), int64(0), int64(10000), int64(1), int64(1), int64(1_000_000_000_000_000))
	f.Fuzz(func(t *testing.T, invoice, rate, capApp, capYear, usedYear, ceiling, held, heldCeiling, budget int64) {
		clamp := func(v, lo, hi int64) int64 {
			if v < lo || v > hi {
				v = lo + (v%(hi-lo+1)+(hi-lo+1))%(hi-lo+1)
			}
			return v
		}
		maxFen := int64(subsidy.MaxAmountFen)
		invoice, rate, ceiling = clamp(invoice, 1, maxFen), clamp(rate, 1, 10000), clamp(ceiling, 1, 10000)
		capApp, capYear, usedYear = clamp(capApp, 0, maxFen), clamp(capYear, 0, maxFen), clamp(usedYear, 0, maxFen)
		held, heldCeiling, budget = clamp(held, 0, maxFen), clamp(heldCeiling, 1, 10000), clamp(budget, 0, maxFen)
		in := cityInput()
		in.RateBP, in.CeilingBP, in.CapApplicationFen, in.CapEnterpriseYearFen, in.Rules = rate, ceiling, money.Fen(capApp), money.Fen(capYear), subsidy.Rules{}
		p := programmeOf(in)
		c := subsidy.Claim{Enterprise: xuhuiFirm, Provider: huhanLaw, Category: "legal", AmountFen: money.Fen(invoice), Date: date("2026-06-01")}
		u := subsidy.Usage{EnterpriseYearFen: money.Fen(usedYear), BudgetRemainingFen: money.Fen(budget)}
		if held > 0 {
			u.Invoice = []subsidy.Support{{ProgrammeID: 9, AmountFen: money.Fen(held), CeilingBP: heldCeiling, Combinable: true}}
		}
		q, err := subsidy.Assess(p, c, u, names(t), date("2026-06-10"))
		if err != nil {
			t.Fatalf("error within MaxAmountFen: %v", err)
		}
		if q.AmountFen < 0 || !q.Eligible && q.AmountFen != 0 || q.Eligible && q.AmountFen == 0 {
			t.Fatalf("eligible %v amount %v", q.Eligible, q.AmountFen)
		}
		byRate, _ := money.ApplyRate(money.Fen(invoice), rate)
		strictest := ceiling
		if held > 0 {
			strictest = min(strictest, heldCeiling)
		}
		room, _ := money.ApplyRate(money.Fen(invoice), strictest)
		a := q.AmountFen
		switch {
		case a > byRate:
			t.Fatalf("%v above the rate's %v", a, byRate)
		case capApp > 0 && int64(a) > capApp:
			t.Fatalf("%v above the cap per application %d", a, capApp)
		case capYear > 0 && int64(a) > max(capYear-usedYear, 0):
			t.Fatalf("%v above the remaining annual cap", a)
		case int64(a) > budget:
			t.Fatalf("%v above the remaining budget %d", a, budget)
		case a > 0 && int64(a)+held > int64(room):
			t.Fatalf("%v + held %d above the strictest ceiling's %v", a, held, room)
		}
	})
}
