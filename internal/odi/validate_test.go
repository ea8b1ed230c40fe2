package odi

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"chuhai/internal/apperr"
	"chuhai/internal/i18n"
	"chuhai/internal/money"
)

func fieldErrors(err error) []string {
	e, ok := apperr.As(err)
	if !ok {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Name+" "+f.Key)
	}
	return out
}

func TestValidateProject(t *testing.T) {
	cat, _ := i18n.Load()
	long := strings.Repeat("理", maxReasonRunes+1)
	for _, tc := range []struct {
		name string
		p    Project
		want []string
	}{
		{"journey is valid", journey(), nil},
		{"codes are normalised", with(journey(), func(p *Project) {
			p.Country, p.Industry, p.EnterpriseType, p.Form = " vn ", "38", "LOCAL", " Greenfield "
		}), nil},
		{"empty project", Project{}, []string{"enterprise_type error.required", "country error.required", "industry error.required",
			"form error.required", "total_usd_cents odi.amount_positive", "chinese_usd_cents odi.amount_positive"}},
		{"unknown choices", with(journey(), func(p *Project) { p.EnterpriseType, p.Form = "private", "merger" }),
			[]string{"enterprise_type error.bad_choice", "form error.bad_choice"}},
		{"unknown country", with(journey(), func(p *Project) { p.Country = "XX" }), []string{"country odi.country_unknown"}},
		{"three-letter country", with(journey(), func(p *Project) { p.Country = "VNM" }), []string{"country odi.country_unknown"}},
		{"mainland China is not abroad", with(journey(), func(p *Project) { p.Country = "cn" }), []string{"country odi.country_domestic"}},
		{"a section is not a division", with(journey(), func(p *Project) { p.Industry = "K" }), []string{"industry odi.industry_unknown"}},
		{"unknown division", with(journey(), func(p *Project) { p.Industry = "Z99" }), []string{"industry odi.industry_unknown"}},
		{"wrong section letter", with(journey(), func(p *Project) { p.Industry = "A70" }), []string{"industry odi.industry_unknown"}},
		{"negative amount", with(journey(), func(p *Project) { p.TotalUSD = -1 }), []string{"total_usd_cents odi.amount_positive"}},
		{"overflowing amounts", with(journey(), func(p *Project) { p.TotalUSD, p.ChineseUSD = math.MaxInt64, MaxInvestment+1 }),
			[]string{"total_usd_cents odi.amount_too_large", "chinese_usd_cents odi.amount_too_large"}},
		{"largest allowed", with(journey(), func(p *Project) { p.TotalUSD, p.ChineseUSD = MaxInvestment, MaxInvestment }), nil},
		{"Chinese side above total", with(journey(), func(p *Project) { p.ChineseUSD = p.TotalUSD + 1 }), []string{"chinese_usd_cents odi.chinese_exceeds_total"}},
		{"unknown registration", with(journey(), func(p *Project) { p.Registration = "999999" }), []string{"registration odi.registration_unknown"}},
		{"plan-listed city registration", with(journey(), func(p *Project) { p.Registration = "330200" }), nil},
		{"override without reason", with(journey(), func(p *Project) { p.Overrides = []Override{{Flag: NDRCIndustry, Reason: "  "}} }),
			[]string{"overrides[0].reason odi.override_reason"}},
		{"override of an unknown flag", with(journey(), func(p *Project) { p.Overrides = []Override{{Flag: "safe", Reason: "x"}} }),
			[]string{"overrides[0].flag error.bad_choice"}},
		{"override twice", with(journey(), func(p *Project) {
			p.Overrides = []Override{{Flag: NDRCCountry, Reason: "a"}, {Flag: NDRCCountry, Sensitive: true, Reason: "b"}}
		}), []string{"overrides[1].flag odi.override_duplicate"}},
		{"override reason too long", with(journey(), func(p *Project) { p.Overrides = []Override{{Flag: MOFCOMCountry, Reason: long}} }),
			[]string{"overrides[0].reason error.too_long"}},
		{"too many overrides", with(journey(), func(p *Project) {
			for _, f := range append(FlagIDs, NDRCCountry) {
				p.Overrides = append(p.Overrides, Override{Flag: f, Reason: "r"})
			}
		}), []string{"overrides odi.override_too_many", "overrides[4].flag odi.override_duplicate"}},
	} {
		err := Validate(tc.p)
		got := fieldErrors(err)
		if strings.Join(got, "; ") != strings.Join(tc.want, "; ") {
			t.Errorf("%s:\n got  %v\n want %v", tc.name, got, tc.want)
		}
		if e, ok := apperr.As(err); ok {
			for _, f := range e.Fields {
				for _, lang := range i18n.Languages {
					if s := cat.T(lang, f.Key, f.Args); s == f.Key || strings.Contains(s, "<no value>") {
						t.Errorf("%s: %s renders %q in %s", tc.name, f.Key, s, lang)
					}
				}
			}
		}
		// Whatever the input, assessing it never fails.
		_ = Assess(tc.p, DefaultRules())
	}
}

func TestDefaultRulesAreValidAndFresh(t *testing.T) {
	r := DefaultRules()
	if err := ValidateRules(r); err != nil {
		t.Fatalf("default rules: %v", fieldErrors(err))
	}
	if r.ThresholdUSD != money.Cents(30_000_000_000) || r.TimeLimits.NDRCApproval != 20 || r.TimeLimits.NDRCApprovalExtension != 10 ||
		r.TimeLimits.NDRCAcceptance != 5 || r.TimeLimits.NDRCFiling != 7 || r.TimeLimits.NDRCFilingConfirmed ||
		r.TimeLimits.MOFCOMFiling != 3 || r.TimeLimits.MOFCOMApprovalConfirmed || r.TimeLimits.NDRCCompletionReport != 20 {
		t.Errorf("defaults drifted from DOMAIN.md §2: %+v", r.TimeLimits)
	}
	sens := func(s Sensitivity, code string) bool {
		for _, c := range s.Countries {
			if c.Code == code {
				return true
			}
		}
		return false
	}
	if !sens(r.NDRC, "AF") || sens(r.MOFCOM, "AF") || !sens(r.MOFCOM, "CD") || sens(r.NDRC, "CD") || !sens(r.NDRC, "KP") || !sens(r.MOFCOM, "KP") {
		t.Error("NDRC's and MOFCOM's country lists must differ as documented")
	}
	r.NDRC.Countries[0].Code = "XX"
	r.Checklists.NDRCApproval.Base[0] = "nothing"
	r.Documents[0].Zh = "changed"
	if again := DefaultRules(); again.NDRC.Countries[0].Code == "XX" || again.Checklists.NDRCApproval.Base[0] == "nothing" || again.Documents[0].Zh == "changed" {
		t.Error("DefaultRules must return a copy that callers may edit")
	}
}

func TestValidateRulesCatchesBadEdits(t *testing.T) {
	r := DefaultRules()
	r.ThresholdUSD = 0
	r.NearThresholdBP = -1
	r.NDRC.Countries = append(r.NDRC.Countries, SensitiveCountry{Code: "AF", Reason: "war_or_unrest"}, SensitiveCountry{Code: "XY", Reason: "other"},
		SensitiveCountry{Code: "CN", Reason: "other"}, SensitiveCountry{Code: "vn", Reason: "whim"})
	r.MOFCOM.Industries = append(r.MOFCOM.Industries, SensitiveIndustry{Division: "70", Category: "real_estate", Scope: ScopeWhole},
		SensitiveIndustry{Division: "D44", Category: "multi_country", Scope: "some"})
	r.TimeLimits.NDRCApproval = 0
	r.TimeLimits.MOFCOMApprovalLocal = 400
	r.TimeLimits.NDRCApprovalExtension = 0 // zero extension is allowed
	r.Documents = append(r.Documents, Document{ID: "Bad Id", Name: Name{"x", "x"}}, Document{ID: "business_licence", Name: Name{"", "dup"}})
	r.Checklists.SAFERegistration.AfterMOFCOM = append(r.Checklists.SAFERegistration.AfterMOFCOM, "visa")
	n := len(r.NDRC.Countries)
	want := []string{
		"threshold_usd_cents odi.rules.threshold",
		"near_threshold_bp odi.rules.near_bp",
		"ndrc.countries[" + strconv.Itoa(n-4) + "].code odi.rules.duplicate",
		"ndrc.countries[" + strconv.Itoa(n-3) + "].code odi.country_unknown",
		"ndrc.countries[" + strconv.Itoa(n-2) + "].code odi.country_domestic",
		"ndrc.countries[" + strconv.Itoa(n-1) + "].code odi.country_unknown",
		"ndrc.countries[" + strconv.Itoa(n-1) + "].reason error.bad_choice",
		"mofcom.industries[4].division odi.industry_unknown",
		"mofcom.industries[5].division odi.rules.duplicate",
		"mofcom.industries[5].scope error.bad_choice",
		"time_limits.ndrc_approval odi.rules.time_limit",
		"time_limits.mofcom_approval_local odi.rules.time_limit",
		"documents[18].id odi.rules.document_id",
		"documents[19].id odi.rules.duplicate",
		"documents[19].zh error.required",
		"checklists.safe_registration.after_mofcom[1] odi.rules.document_unknown",
	}
	if got := fieldErrors(ValidateRules(r)); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
