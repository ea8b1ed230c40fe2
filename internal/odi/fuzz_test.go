package odi

import (
	"math"
	"slices"
	"testing"

	"chuhai/internal/apperr"
	"chuhai/internal/i18n"
	"chuhai/internal/money"
)

// FuzzValidateThenAssess sends whatever a client might: Validate answers with field errors whose
// messages exist in both languages (never a panic), and a project it accepts gets a complete route
// in the terms.
func FuzzValidateThenAssess(f *testing.F) {
	cat, err := i18n.Load()
	if err != nil {
		f.Fatal(err)
	}
	rules := DefaultRules()
	f.Add("local", "VN", "C38", "greenfield", int64(35_000_000_000), int64(35_000_000_000), true, false, "", "", "")
	f.Add("central", "af", "k70", "MA", int64(1), int64(1), false, true, "ndrc_industry", "员工宿舍", "310000")
	f.Add("local", "CN", "61", "jv", int64(100), int64(200), false, false, "mofcom_country", " ", "440300")
	f.Add("", "", "", "", int64(-1), int64(math.MaxInt64), false, false, "colour", "\xff", "999999")
	f.Fuzz(func(t *testing.T, typ, country, industry, form string, total, chinese int64, domestic, viaSub bool, flag, reason, reg string) {
		p := Project{EnterpriseType: EnterpriseType(typ), Registration: reg, Country: country, Industry: industry, Form: Form(form),
			TotalUSD: money.Cents(total), ChineseUSD: money.Cents(chinese), DomesticInput: domestic, ViaOverseasSubsidiary: viaSub}
		if flag != "" {
			p.Overrides = []Override{{Flag: FlagID(flag), Sensitive: true, Reason: reason}}
		}
		if err := Validate(p); err != nil {
			e, ok := apperr.As(err)
			if !ok || len(e.Fields) == 0 {
				t.Fatalf("not a field error: %v", err)
			}
			for _, fe := range e.Fields {
				for _, lang := range i18n.Languages {
					if fe.Name == "" || !cat.Has(lang, fe.Key) {
						t.Fatalf("field error %+v has no %s message", fe, lang)
					}
				}
			}
			return
		}
		a := Assess(p, rules)
		if len(a.Steps) != 3 || a.Steps[0].Regime != RegimeNDRC || a.Steps[1].Regime != RegimeMOFCOM || a.Steps[2].Regime != RegimeSAFE {
			t.Fatalf("steps %+v", a.Steps)
		}
		for _, s := range a.Steps {
			if !slices.Contains([]Action{Approval, Filing, Report, NoAction}, s.Action) {
				t.Fatalf("%s action %q", s.Regime, s.Action)
			}
			if s.Action != NoAction && s.Level == NoLevel || len(s.Basis) == 0 || s.Explanation.Key == "" || s.Documents == nil {
				t.Fatalf("incomplete %s step %+v", s.Regime, s)
			}
		}
	})
}

// FuzzParseRate: a rate is accepted only in range, written back the same, and refused as a field
// error.
func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"7.1234", "7", " 7.1 ", "20.0001", "0.9999", "1e3", "-7", "٧.١", "7.12345", "007.1", "."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e4, err := ParseRate("cny_per_usd", s)
		if err != nil {
			if e, ok := apperr.As(err); !ok || len(e.Fields) != 1 || e.Fields[0].Name != "cny_per_usd" {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if e4 < MinRateE4 || e4 > MaxRateE4 {
			t.Fatalf("%q accepted as %d", s, e4)
		}
		if back, err := ParseRate("x", RateString(e4)); err != nil || back != e4 {
			t.Fatalf("%q → %d → %q → %d %v", s, e4, RateString(e4), back, err)
		}
	})
}
