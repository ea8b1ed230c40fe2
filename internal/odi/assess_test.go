package odi

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"chuhai/internal/i18n"
	"chuhai/internal/money"
)

func usd(dollars int64) money.Cents { return money.Cents(dollars * 100) }

// journey is DESIGN.md's journey: a local private enterprise building a USD 350M plant in Vietnam
// with financing from China.
func journey() Project {
	return Project{EnterpriseType: Local, Country: "VN", Industry: "C38", Form: Greenfield,
		TotalUSD: usd(350_000_000), ChineseUSD: usd(350_000_000), DomesticInput: true}
}

func with(p Project, edit func(*Project)) Project { edit(&p); return p }

// viaSub makes p a reinvestment by an overseas subsidiary with nothing put in from China.
func viaSub(p *Project) { p.ViaOverseasSubsidiary, p.DomesticInput = true, false }

func step(s Step) string { return string(s.Action) + "/" + string(s.Level) + "/" + s.Authority }

func docIDs(s Step) []string {
	ids := make([]string, len(s.Documents))
	for i, d := range s.Documents {
		ids[i] = d.ID
	}
	return ids
}

func warningKeys(a Assessment) []string {
	keys := make([]string, len(a.Warnings))
	for i, w := range a.Warnings {
		keys[i] = w.Key
	}
	slices.Sort(keys)
	return keys
}

func TestAssessRoutes(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	const (
		ndrcNational   = "filing/national/ndrc"
		ndrcProvincial = "filing/provincial/provincial_drc"
		ndrcApproval   = "approval/national/ndrc"
		ndrcReport     = "report/national/ndrc"
		none           = "none//"
		mofcomNational = "filing/national/mofcom"
		mofcomLocal    = "filing/provincial/provincial_commerce"
		mofcomApproval = "approval/national/mofcom"
		reportLocal    = "report/provincial/provincial_commerce"
		reportCentral  = "report/national/mofcom"
		bank           = "filing/bank/bank"
		unconfirmed    = "odi.warn.unconfirmed_ndrc_filing"
	)
	amount := func(dollars int64) func(*Project) {
		return func(p *Project) { p.TotalUSD, p.ChineseUSD = usd(dollars), usd(dollars) }
	}
	override := func(flag FlagID, sensitive bool) func(*Project) {
		return func(p *Project) {
			p.Overrides = append(p.Overrides, Override{Flag: flag, Sensitive: sensitive, Reason: "核实后调整", By: "staff1"})
		}
	}
	all := func(edits ...func(*Project)) func(*Project) {
		return func(p *Project) {
			for _, e := range edits {
				e(p)
			}
		}
	}
	for _, tc := range []struct {
		name                string
		p                   Project
		rules               func(*Rules)
		ndrc, mofcom, safe  string
		warnings            []string
		ndrcDays, mofcomDay int
		ndrcDocs, mofDocs   []string // must be present
		safeDocs            []string // exactly
		explain             string   // key of the NDRC explanation, when checked
		// unchecked: the rules or the project are deliberately invalid (Validate and ValidateRules
		// refuse them); Assess must still answer without failing.
		unchecked bool
	}{
		{name: "journey: local USD 350M plant in Vietnam with domestic financing", p: journey(),
			ndrc: ndrcNational, mofcom: mofcomLocal, safe: bank, warnings: []string{unconfirmed}, ndrcDays: 7, mofcomDay: 3,
			ndrcDocs: []string{"ndrc_filing_form", "source_of_funds"}, mofDocs: []string{"mofcom_filing_form"},
			safeDocs: []string{"safe_registration_form", "business_licence", "ndrc_notice", "mofcom_certificate"}, explain: "odi.ndrc.filing.large"},
		{name: "local below the threshold files with the Shanghai DRC", p: with(journey(), amount(100_000_000)),
			ndrc: ndrcProvincial, mofcom: mofcomLocal, safe: bank, warnings: []string{unconfirmed}, ndrcDays: 7, mofcomDay: 3, explain: "odi.ndrc.filing.provincial"},
		{name: "exactly USD 300M goes to NDRC, with a near-threshold warning", p: with(journey(), amount(300_000_000)),
			ndrc: ndrcNational, mofcom: mofcomLocal, safe: bank, warnings: []string{"odi.warn.near_threshold", unconfirmed}, ndrcDays: 7, mofcomDay: 3},
		{name: "one cent below USD 300M stays provincial", p: with(journey(), func(p *Project) { p.TotalUSD, p.ChineseUSD = usd(300_000_000)-1, usd(300_000_000)-1 }),
			ndrc: ndrcProvincial, mofcom: mofcomLocal, safe: bank, warnings: []string{"odi.warn.near_threshold", unconfirmed}, ndrcDays: 7, mofcomDay: 3},
		{name: "USD 270M is within 10% of the threshold", p: with(journey(), amount(270_000_000)),
			ndrc: ndrcProvincial, mofcom: mofcomLocal, safe: bank, warnings: []string{"odi.warn.near_threshold", unconfirmed}, ndrcDays: 7, mofcomDay: 3},
		{name: "just under USD 270M is not near", p: with(journey(), func(p *Project) { p.TotalUSD, p.ChineseUSD = usd(270_000_000)-1, usd(270_000_000)-1 }),
			ndrc: ndrcProvincial, mofcom: mofcomLocal, safe: bank, warnings: []string{unconfirmed}, ndrcDays: 7, mofcomDay: 3},
		{name: "USD 330M is past the warning band", p: with(journey(), amount(330_000_000)),
			ndrc: ndrcNational, mofcom: mofcomLocal, safe: bank, warnings: []string{unconfirmed}, ndrcDays: 7, mofcomDay: 3},
		{name: "central enterprise files with NDRC and MOFCOM whatever the amount", p: with(journey(), all(amount(10_000_000), func(p *Project) { p.EnterpriseType = Central })),
			ndrc: ndrcNational, mofcom: mofcomNational, safe: bank, warnings: []string{unconfirmed}, ndrcDays: 7, mofcomDay: 3, explain: "odi.ndrc.filing.central"},
		{name: "central enterprise at the threshold gets no threshold warning", p: with(journey(), all(amount(300_000_000), func(p *Project) { p.EnterpriseType = Central })),
			ndrc: ndrcNational, mofcom: mofcomNational, safe: bank, warnings: []string{unconfirmed}, ndrcDays: 7, mofcomDay: 3},
		{name: "NDRC-sensitive country (war) needs NDRC approval whatever the amount; MOFCOM's list differs", p: with(journey(), all(amount(1_000_000), func(p *Project) { p.Country = "AF" })),
			ndrc: ndrcApproval, mofcom: mofcomLocal, safe: bank, ndrcDays: 20, mofcomDay: 3, explain: "odi.ndrc.approval.country",
			ndrcDocs: []string{"ndrc_application_report"}},
		{name: "MOFCOM-only sensitive country (UN sanctions) needs MOFCOM approval via Shanghai", p: with(journey(), func(p *Project) { p.Country = "CD" }),
			ndrc: ndrcNational, mofcom: mofcomApproval, safe: bank, warnings: []string{"odi.warn.unconfirmed_mofcom_approval", unconfirmed}, ndrcDays: 7, mofcomDay: 30,
			mofDocs: []string{"mofcom_application"}},
		{name: "no diplomatic relations: both approvals, central", p: with(journey(), func(p *Project) { p.Country, p.EnterpriseType = "PY", Central }),
			ndrc: ndrcApproval, mofcom: mofcomApproval, safe: bank, warnings: []string{"odi.warn.unconfirmed_mofcom_approval"}, ndrcDays: 20, mofcomDay: 20},
		{name: "real estate is an NDRC sensitive industry", p: with(journey(), all(amount(5_000_000), func(p *Project) { p.Industry = "K70" })),
			ndrc: ndrcApproval, mofcom: mofcomLocal, safe: bank, ndrcDays: 20, mofcomDay: 3, explain: "odi.ndrc.approval.industry"},
		{name: "hotels are an NDRC sensitive industry (bare division number accepted)", p: with(journey(), func(p *Project) { p.Industry = "61" }),
			ndrc: ndrcApproval, mofcom: mofcomLocal, safe: bank, ndrcDays: 20, mofcomDay: 3},
		{name: "news media in a sensitive country", p: with(journey(), func(p *Project) { p.Industry, p.Country = "R86", "SY" }),
			ndrc: ndrcApproval, mofcom: mofcomLocal, safe: bank, ndrcDays: 20, mofcomDay: 3, explain: "odi.ndrc.approval.both"},
		{name: "sports: only clubs are sensitive, staff must review", p: with(journey(), func(p *Project) { p.Industry = "R89" }),
			ndrc: ndrcNational, mofcom: mofcomLocal, safe: bank, warnings: []string{"odi.warn.review_industry_ndrc", unconfirmed}, ndrcDays: 7, mofcomDay: 3},
		{name: "sports club confirmed by staff override: approval", p: with(journey(), all(func(p *Project) { p.Industry = "R89" }, override(NDRCIndustry, true))),
			ndrc: ndrcApproval, mofcom: mofcomLocal, safe: bank, warnings: []string{"odi.warn.override.ndrc_industry"}, ndrcDays: 20, mofcomDay: 3},
		{name: "real estate overridden as not sensitive (staff housing of a plant): filing", p: with(journey(), all(func(p *Project) { p.Industry = "K70" }, override(NDRCIndustry, false))),
			ndrc: ndrcNational, mofcom: mofcomLocal, safe: bank, warnings: []string{"odi.warn.override.ndrc_industry", unconfirmed}, ndrcDays: 7, mofcomDay: 3},
		{name: "country flag overridden", p: with(journey(), all(func(p *Project) { p.Country = "UA" }, override(NDRCCountry, false))),
			ndrc: ndrcNational, mofcom: mofcomLocal, safe: bank, warnings: []string{"odi.warn.override.ndrc_country", unconfirmed}, ndrcDays: 7, mofcomDay: 3},
		{name: "weapons parts flagged by staff for MOFCOM: approval with export permission", p: with(journey(), all(func(p *Project) { p.Industry = "C33" }, override(MOFCOMIndustry, true), override(NDRCIndustry, true))),
			ndrc: ndrcApproval, mofcom: mofcomApproval, safe: bank,
			warnings: []string{"odi.warn.override.mofcom_industry", "odi.warn.override.ndrc_industry", "odi.warn.unconfirmed_mofcom_approval"},
			ndrcDays: 20, mofcomDay: 30, mofDocs: []string{"mofcom_application", "export_permission"}},
		{name: "MOFCOM country flag overridden off", p: with(journey(), all(func(p *Project) { p.Country = "CD" }, override(MOFCOMCountry, false))),
			ndrc: ndrcNational, mofcom: mofcomLocal, safe: bank, warnings: []string{"odi.warn.override.mofcom_country", unconfirmed}, ndrcDays: 7, mofcomDay: 3},
		{name: "report only: overseas subsidiary, no domestic input, USD 350M", p: with(journey(), viaSub),
			ndrc: ndrcReport, mofcom: reportLocal, safe: none, ndrcDocs: []string{"ndrc_large_project_report"}, mofDocs: []string{"mofcom_reinvestment_report"}, safeDocs: []string{},
			explain: "odi.ndrc.report"},
		{name: "overseas subsidiary, no domestic input, below USD 300M: nothing from NDRC", p: with(journey(), all(viaSub, amount(100_000_000))),
			ndrc: none, mofcom: reportLocal, safe: none, warnings: []string{"odi.warn.no_ndrc"}, safeDocs: []string{}, explain: "odi.ndrc.none"},
		{name: "overseas subsidiary near the threshold", p: with(journey(), all(viaSub, amount(290_000_000))),
			ndrc: none, mofcom: reportLocal, safe: none, warnings: []string{"odi.warn.near_threshold", "odi.warn.no_ndrc"}},
		{name: "central enterprise's subsidiary reinvests: MOFCOM report at MOFCOM", p: with(journey(), all(viaSub, amount(50_000_000), func(p *Project) { p.EnterpriseType = Central })),
			ndrc: none, mofcom: reportCentral, safe: none, warnings: []string{"odi.warn.no_ndrc"}},
		{name: "central enterprise's subsidiary, large: report to NDRC", p: with(journey(), all(viaSub, func(p *Project) { p.EnterpriseType = Central })),
			ndrc: ndrcReport, mofcom: reportCentral, safe: none},
		{name: "sensitive project by an overseas subsidiary still needs NDRC approval", p: with(journey(), all(viaSub, amount(1_000_000), func(p *Project) { p.Industry = "K70" })),
			ndrc: ndrcApproval, mofcom: reportLocal, safe: none, ndrcDays: 20, warnings: []string{"odi.warn.sensitive_not_exempt"}},
		{name: "reinvestment into a MOFCOM-sensitive country is reported with a warning", p: with(journey(), all(viaSub, amount(1_000_000), func(p *Project) { p.Country = "CF" })),
			ndrc: none, mofcom: reportLocal, safe: none, warnings: []string{"odi.warn.no_ndrc", "odi.warn.reinvestment_sensitive"}},
		{name: "overseas subsidiary financed from China: filing and registration", p: with(journey(), all(amount(100_000_000), func(p *Project) { p.ViaOverseasSubsidiary = true })),
			ndrc: ndrcProvincial, mofcom: mofcomLocal, safe: bank, warnings: []string{unconfirmed}, ndrcDays: 7, mofcomDay: 3},
		{name: "a direct investment always has domestic input", p: with(journey(), func(p *Project) { p.DomesticInput = false }),
			ndrc: ndrcNational, mofcom: mofcomLocal, safe: bank, warnings: []string{"odi.warn.direct_is_domestic_input", unconfirmed}, ndrcDays: 7, mofcomDay: 3},
		{name: "M&A adds due diligence and the preliminary report", p: with(journey(), func(p *Project) { p.Form = MA }),
			ndrc: ndrcNational, mofcom: mofcomLocal, safe: bank, warnings: []string{unconfirmed}, ndrcDays: 7, mofcomDay: 3,
			ndrcDocs: []string{"due_diligence_report"}, mofDocs: []string{"due_diligence_report", "ma_preliminary_report"}},
		{name: "a bank abroad is outside MOFCOM's order", p: with(journey(), func(p *Project) { p.Industry = "J66" }),
			ndrc: ndrcNational, mofcom: none, safe: bank, warnings: []string{"odi.warn.financial_regulators", unconfirmed}, ndrcDays: 7,
			safeDocs: []string{"safe_registration_form", "business_licence", "ndrc_notice"}},
		{name: "equity fund: NDRC review, no MOFCOM", p: with(journey(), all(amount(20_000_000), func(p *Project) { p.Industry = "J67" })),
			ndrc: ndrcProvincial, mofcom: none, safe: bank, warnings: []string{"odi.warn.financial_regulators", "odi.warn.review_industry_ndrc", unconfirmed}, ndrcDays: 7},
		{name: "joint venture: the threshold counts the Chinese side only", p: with(journey(), func(p *Project) { p.Form, p.TotalUSD, p.ChineseUSD = JV, usd(600_000_000), usd(200_000_000) }),
			ndrc: ndrcProvincial, mofcom: mofcomLocal, safe: bank, warnings: []string{"odi.warn.chinese_side_counts", unconfirmed}, ndrcDays: 7, mofcomDay: 3},
		{name: "hydropower: both authorities ask for review", p: with(journey(), func(p *Project) { p.Industry = "D44" }),
			ndrc: ndrcNational, mofcom: mofcomLocal, safe: bank, warnings: []string{"odi.warn.review_industry_mofcom", "odi.warn.review_industry_ndrc", unconfirmed}, ndrcDays: 7, mofcomDay: 3},
		{name: "Hong Kong is a destination like any other", p: with(journey(), all(amount(10_000_000), func(p *Project) { p.Country = "hk" })),
			ndrc: ndrcProvincial, mofcom: mofcomLocal, safe: bank, warnings: []string{unconfirmed}, ndrcDays: 7, mofcomDay: 3},
		{name: "an investor registered in Jiangsu files in Jiangsu", p: with(journey(), all(amount(10_000_000), func(p *Project) { p.Registration = "320000" })),
			ndrc: ndrcProvincial, mofcom: mofcomLocal, safe: bank, warnings: []string{unconfirmed}, ndrcDays: 7, mofcomDay: 3},
		{name: "coordinators lower the threshold and confirm the limits", p: with(journey(), all(amount(150_000_000), func(p *Project) { p.Country = "CD" })),
			rules: func(r *Rules) {
				r.ThresholdUSD = usd(100_000_000)
				r.TimeLimits.NDRCFilingConfirmed, r.TimeLimits.MOFCOMApprovalConfirmed = true, true
				r.TimeLimits.MOFCOMApprovalLocal = 25
			},
			ndrc: ndrcNational, mofcom: mofcomApproval, safe: bank, ndrcDays: 7, mofcomDay: 25},
		{name: "coordinators add Vietnam to NDRC's list", p: journey(),
			rules: func(r *Rules) {
				r.NDRC.Countries = append(r.NDRC.Countries, SensitiveCountry{Code: "VN", Reason: "other"})
			},
			ndrc: ndrcApproval, mofcom: mofcomLocal, safe: bank, ndrcDays: 20, mofcomDay: 3},
		{name: "coordinators mark the whole of sports as sensitive", p: with(journey(), func(p *Project) { p.Industry = "R89" }),
			rules: func(r *Rules) {
				for i := range r.NDRC.Industries {
					if r.NDRC.Industries[i].Division == "R89" {
						r.NDRC.Industries[i].Scope = ScopeWhole
					}
				}
			},
			ndrc: ndrcApproval, mofcom: mofcomLocal, safe: bank, ndrcDays: 20, mofcomDay: 3},
		{name: "a document listed twice in a checklist is asked for once", p: with(journey(), func(p *Project) { p.Form = MA }),
			rules: func(r *Rules) {
				r.Checklists.MOFCOMFiling.MA = append(r.Checklists.MOFCOMFiling.MA, "business_licence", "due_diligence_report")
			},
			ndrc: ndrcNational, mofcom: mofcomLocal, safe: bank, warnings: []string{unconfirmed}, ndrcDays: 7, mofcomDay: 3,
			mofDocs: []string{"business_licence", "due_diligence_report"}},
		{name: "unchecked: a checklist naming a document not in the catalogue shows its id", p: journey(), unchecked: true,
			rules: func(r *Rules) {
				r.Checklists.NDRCFiling.Base = append(r.Checklists.NDRCFiling.Base, "board_minutes_v2")
			},
			ndrc: ndrcNational, mofcom: mofcomLocal, safe: bank, warnings: []string{unconfirmed}, ndrcDays: 7, mofcomDay: 3,
			ndrcDocs: []string{"board_minutes_v2"}},
		{name: "unchecked: an unknown country and industry still get an answer, named by their codes", unchecked: true,
			p:    with(journey(), func(p *Project) { p.Country, p.Industry = "ZZ", "Z99" }),
			ndrc: ndrcNational, mofcom: mofcomLocal, safe: bank, warnings: []string{unconfirmed}, ndrcDays: 7, mofcomDay: 3},
		{name: "unchecked: an override of a flag that does not exist is ignored", unchecked: true,
			p:    with(journey(), func(p *Project) { p.Overrides = []Override{{Flag: "ndrc_colour", Sensitive: true, Reason: "?"}} }),
			ndrc: ndrcNational, mofcom: mofcomLocal, safe: bank, warnings: []string{unconfirmed}, ndrcDays: 7, mofcomDay: 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := DefaultRules()
			if tc.rules != nil {
				tc.rules(&r)
			}
			if err := errors.Join(ValidateRules(r), Validate(tc.p)); (err == nil) == tc.unchecked {
				t.Fatalf("unchecked %v, but validation says %v", tc.unchecked, err)
			}
			a := Assess(tc.p, r)
			if len(a.Steps) != 3 || a.Steps[0].Regime != RegimeNDRC || a.Steps[1].Regime != RegimeMOFCOM || a.Steps[2].Regime != RegimeSAFE {
				t.Fatalf("steps out of order: %+v", a.Steps)
			}
			ndrc, mofcom, safe := a.Steps[0], a.Steps[1], a.Steps[2]
			if step(ndrc) != tc.ndrc || step(mofcom) != tc.mofcom || step(safe) != tc.safe {
				t.Errorf("route %s | %s | %s, want %s | %s | %s", step(ndrc), step(mofcom), step(safe), tc.ndrc, tc.mofcom, tc.safe)
			}
			want := slices.Clone(tc.warnings)
			slices.Sort(want)
			if got := warningKeys(a); !slices.Equal(got, want) {
				t.Errorf("warnings %v, want %v", got, want)
			}
			if ndrc.TimeLimitWorkdays != tc.ndrcDays || mofcom.TimeLimitWorkdays != tc.mofcomDay {
				t.Errorf("time limits %d / %d, want %d / %d", ndrc.TimeLimitWorkdays, mofcom.TimeLimitWorkdays, tc.ndrcDays, tc.mofcomDay)
			}
			for _, id := range tc.ndrcDocs {
				if !slices.Contains(docIDs(ndrc), id) {
					t.Errorf("NDRC documents %v lack %s", docIDs(ndrc), id)
				}
			}
			for _, id := range tc.mofDocs {
				if !slices.Contains(docIDs(mofcom), id) {
					t.Errorf("MOFCOM documents %v lack %s", docIDs(mofcom), id)
				}
			}
			if tc.safeDocs != nil && !slices.Equal(docIDs(safe), tc.safeDocs) {
				t.Errorf("SAFE documents %v, want %v", docIDs(safe), tc.safeDocs)
			}
			if tc.explain != "" && ndrc.Explanation.Key != tc.explain {
				t.Errorf("NDRC explanation %s, want %s", ndrc.Explanation.Key, tc.explain)
			}
			if tc.p.Form != MA && (slices.Contains(docIDs(ndrc), "due_diligence_report") || slices.Contains(docIDs(mofcom), "ma_preliminary_report")) {
				t.Error("M&A documents asked of a project that is not an acquisition")
			}
			for _, s := range a.Steps {
				if len(s.Basis) == 0 || s.Explanation.Key == "" || s.Documents == nil {
					t.Errorf("%s step lacks basis, explanation or documents: %+v", s.Regime, s)
				}
				if (s.Action == NoAction) != (len(s.Documents) == 0) {
					t.Errorf("%s step: action %s with %d documents", s.Regime, s.Action, len(s.Documents))
				}
				if ids := docIDs(s); len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids) {
					t.Errorf("%s step asks for a document twice: %v", s.Regime, ids)
				}
				if s.Action != NoAction && len(s.Basis[0].Articles)+len(s.Basis[0].Parts) == 0 {
					t.Errorf("%s %s cites no article or part: %+v", s.Regime, s.Action, s.Basis[0])
				}
			}
			renderAll(t, cat, a)
		})
	}
}

// TestStepCitations checks, in both languages, the provision each kind of step rests on. An order
// is cited by its articles; SAFE's notice has numbered parts instead (一、 in the text, "I." in SAFE's
// English version), never articles.
func TestStepCitations(t *testing.T) {
	const (
		ndrcZh   = "《企业境外投资管理办法》（国家发展和改革委员会令第11号）"
		ndrcEn   = "Administrative Measures for Outbound Investment by Enterprises (NDRC Order No. 11)"
		mofcomZh = "《境外投资管理办法》（商务部令2014年第3号）"
		mofcomEn = "Administrative Measures for Overseas Investment (MOFCOM Order No. 3 of 2014)"
		safeZh   = "《国家外汇管理局关于进一步简化和改进直接投资外汇管理政策的通知》（汇发〔2015〕13号）"
		safeEn   = "SAFE Circular on Further Simplifying and Improving Foreign Exchange Policies for Direct Investment (Huifa [2015] No. 13)"
	)
	small := func(p *Project) { p.TotalUSD, p.ChineseUSD = usd(10_000_000), usd(10_000_000) }
	for _, tc := range []struct {
		name   string
		p      Project
		step   int // 0 NDRC, 1 MOFCOM, 2 SAFE
		action Action
		zh, en string
	}{
		{"NDRC approval of a sensitive project", with(journey(), func(p *Project) { p.Country = "AF" }), 0, Approval,
			ndrcZh + "第十三条", ndrcEn + ", Art. 13"},
		{"NDRC filing", journey(), 0, Filing, ndrcZh + "第十四条", ndrcEn + ", Art. 14"},
		{"NDRC report of a large project of an overseas subsidiary", with(journey(), viaSub), 0, Report,
			ndrcZh + "第四十二条", ndrcEn + ", Art. 42"},
		{"nothing for NDRC below the threshold", with(journey(), func(p *Project) { viaSub(p); small(p) }), 0, NoAction,
			ndrcZh + "第十三条、第十四条", ndrcEn + ", Arts. 13, 14"},
		{"MOFCOM filing", journey(), 1, Filing, mofcomZh + "第六条、第九条", mofcomEn + ", Arts. 6, 9"},
		{"MOFCOM approval", with(journey(), func(p *Project) { p.Country = "CD" }), 1, Approval,
			mofcomZh + "第六条、第七条", mofcomEn + ", Arts. 6, 7"},
		{"MOFCOM report of reinvestment", with(journey(), viaSub), 1, Report, mofcomZh + "第二十五条", mofcomEn + ", Art. 25"},
		{"SAFE registration at the bank", journey(), 2, Filing, safeZh + "第一部分", safeEn + ", Part I"},
		{"no SAFE registration without domestic input", with(journey(), viaSub), 2, NoAction, safeZh, safeEn},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Assess(tc.p, DefaultRules()).Steps[tc.step]
			if s.Action != tc.action {
				t.Fatalf("%s %s, want %s", s.Regime, s.Action, tc.action)
			}
			if b := s.Basis[0]; b.Zh != tc.zh || b.En != tc.en {
				t.Errorf("cites\n %s\n %s\nwant\n %s\n %s", b.Zh, b.En, tc.zh, tc.en)
			}
			if b := s.Basis[0]; strings.Contains(b.Zh, "第一条第") || s.Regime == RegimeSAFE && (len(b.Articles) > 0 || strings.Contains(b.En, "Art.")) {
				t.Errorf("a notice cited by article: %+v", b)
			}
		})
	}
}

func TestNumbersInCitations(t *testing.T) {
	for n, want := range map[int]string{1: "一", 9: "九", 10: "十", 13: "十三", 20: "二十", 25: "二十五", 42: "四十二", 99: "九十九"} {
		if got := chineseNumber(n); got != want {
			t.Errorf("chineseNumber(%d) = %s, want %s", n, got, want)
		}
	}
	for n, want := range map[int]string{1: "I", 3: "III", 4: "IV", 9: "IX", 12: "XII", 39: "XXXIX", 40: "40", 0: "0"} {
		if got := roman(n); got != want {
			t.Errorf("roman(%d) = %s, want %s", n, got, want)
		}
	}
	if b := noticeBasis("safe_huifa_2015_13", 1, 3); !strings.HasSuffix(b.Zh, "第一部分、第三部分") || !strings.HasSuffix(b.En, ", Parts I, III") {
		t.Errorf("two parts: %s / %s", b.Zh, b.En)
	}
}

// renderAll renders every message of a in both languages: each key must exist and every piece of
// template data must be there.
func renderAll(t *testing.T, cat *i18n.Catalogue, a Assessment) {
	t.Helper()
	var msgs []Message
	for _, s := range a.Steps {
		msgs = append(msgs, s.Explanation)
		msgs = append(msgs, s.Notes...)
		if s.AuthorityName.Key != "" {
			msgs = append(msgs, s.AuthorityName)
		}
	}
	msgs = append(msgs, a.Warnings...)
	for _, m := range msgs {
		for _, lang := range i18n.Languages {
			if !cat.Has(lang, m.Key) {
				t.Errorf("%s has no %s text", m.Key, lang)
				continue
			}
			if s := cat.T(lang, m.Key, m.Data); strings.Contains(s, "<no value>") || strings.TrimSpace(s) == "" {
				t.Errorf("%s in %s renders %q", m.Key, lang, s)
			}
		}
	}
}

func TestJourneyInWords(t *testing.T) {
	cat, _ := i18n.Load()
	a := Assess(journey(), DefaultRules())
	for _, tc := range []struct {
		m        Message
		lang     string
		contains []string
	}{
		{a.Steps[0].Explanation, i18n.Chinese, []string{"350,000,000.00 美元", "达到 300,000,000.00 美元", "国家发展改革委备案"}},
		{a.Steps[1].AuthorityName, i18n.Chinese, []string{"上海市商务委员会"}},
		{a.Steps[1].AuthorityName, i18n.English, []string{"Shanghai Municipal Commission of Commerce"}},
		{a.Steps[1].Explanation, i18n.Chinese, []string{"上海市商务委员会备案"}},
		{a.Steps[2].AuthorityName, i18n.Chinese, []string{"银行", "国家外汇管理局"}},
	} {
		if got := cat.T(tc.lang, tc.m.Key, tc.m.Data); !containsAll(got, tc.contains) {
			t.Errorf("%s (%s) = %q, want %v", tc.m.Key, tc.lang, got, tc.contains)
		}
	}
	p := with(journey(), func(p *Project) { p.Registration, p.TotalUSD, p.ChineseUSD = "440300", usd(1_000_000), usd(1_000_000) })
	b := Assess(p, DefaultRules())
	if got := cat.T(i18n.Chinese, b.Steps[0].AuthorityName.Key, b.Steps[0].AuthorityName.Data); got != "深圳市发展改革部门" {
		t.Errorf("Shenzhen DRC named %q", got)
	}
	if got := cat.T(i18n.English, b.Steps[1].Explanation.Key, b.Steps[1].Explanation.Data); !strings.Contains(got, "commerce department of Shenzhen") {
		t.Errorf("Shenzhen commerce: %q", got)
	}
	s := Assess(with(journey(), func(p *Project) { p.Country, p.Industry = "SY", "K70" }), DefaultRules())
	if got := cat.T(i18n.Chinese, s.Steps[0].Explanation.Key, s.Steps[0].Explanation.Data); !containsAll(got, []string{"叙利亚", "发生战争、内乱", "房地产业", "核准"}) {
		t.Errorf("sensitive explanation %q", got)
	}
	if b := s.Steps[0].Basis; len(b) != 2 || b[0].Zh != "《企业境外投资管理办法》（国家发展和改革委员会令第11号）第十三条" || b[0].En != "Administrative Measures for Outbound Investment by Enterprises (NDRC Order No. 11), Art. 13" {
		t.Errorf("basis %+v", b)
	}
	o := Assess(with(journey(), func(p *Project) {
		p.Industry = "K70"
		p.Overrides = []Override{{Flag: NDRCIndustry, Sensitive: false, Reason: "为自建工厂配套的员工宿舍", By: "jingan.odi"}}
	}), DefaultRules())
	w := o.Warnings[0]
	if got := cat.T(i18n.Chinese, w.Key, w.Data); !containsAll(got, []string{"改为“不敏感”", "名单判定为“敏感”", "jingan.odi", "员工宿舍"}) {
		t.Errorf("override warning %q", got)
	}
	if f := o.Flags.NDRCIndustry; !f.Rule || f.Value || !f.Overridden || f.Why != "real_estate" {
		t.Errorf("flag %+v", f)
	}
	// The assessment is plain data: it survives JSON.
	if _, err := json.Marshal(a); err != nil {
		t.Error(err)
	}
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// TestAssessInvariants checks the route's logic over random projects in every country and division.
func TestAssessInvariants(t *testing.T) {
	countries, divisions, r := Countries(), Divisions(), DefaultRules()
	rng := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		p := Project{
			EnterpriseType: []EnterpriseType{Central, Local}[rng.IntN(2)],
			Country:        countries[rng.IntN(len(countries))].Code,
			Industry:       divisions[rng.IntN(len(divisions))].Code,
			Form:           Forms[rng.IntN(len(Forms))],
			DomesticInput:  rng.IntN(2) == 0, ViaOverseasSubsidiary: rng.IntN(2) == 0,
		}
		p.TotalUSD = money.Cents(rng.Int64N(int64(usd(1_000_000_000)))) + 1
		p.ChineseUSD = money.Cents(rng.Int64N(int64(p.TotalUSD))) + 1
		if rng.IntN(4) == 0 {
			p.Overrides = []Override{{Flag: FlagIDs[rng.IntN(4)], Sensitive: rng.IntN(2) == 0, Reason: "r"}}
		}
		a := Assess(p, r)
		ndrc, mofcom, safe := a.Steps[0], a.Steps[1], a.Steps[2]
		sensitive := a.Flags.NDRCCountry.Value || a.Flags.NDRCIndustry.Value
		domestic := p.DomesticInput || !p.ViaOverseasSubsidiary
		large := p.ChineseUSD >= r.ThresholdUSD
		in, _ := IndustryByCode(p.Industry)
		var wantNDRC Action
		switch {
		case sensitive:
			wantNDRC = Approval
		case domestic:
			wantNDRC = Filing
		case large:
			wantNDRC = Report
		default:
			wantNDRC = NoAction
		}
		if ndrc.Action != wantNDRC {
			t.Fatalf("%+v: NDRC %s, want %s", p, ndrc.Action, wantNDRC)
		}
		if ndrc.Action == Filing && (ndrc.Level == Provincial) != (p.EnterpriseType == Local && !large) {
			t.Fatalf("%+v: NDRC filing at %s", p, ndrc.Level)
		}
		if (mofcom.Action == NoAction) != (in.Section == "J") {
			t.Fatalf("%+v: MOFCOM %s for section %s", p, mofcom.Action, in.Section)
		}
		if in.Section != "J" && !(p.ViaOverseasSubsidiary && !p.DomesticInput) &&
			(mofcom.Action == Approval) != (a.Flags.MOFCOMCountry.Value || a.Flags.MOFCOMIndustry.Value) {
			t.Fatalf("%+v: MOFCOM %s with flags %+v", p, mofcom.Action, a.Flags)
		}
		if (safe.Action == Filing) != domestic {
			t.Fatalf("%+v: SAFE %s", p, safe.Action)
		}
	}
}

// TestStepNames names actions and authorities as people know them: SAFE's filing is the
// registration at the bank; provincial authorities are named for where the investor is registered.
func TestStepNames(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		regime Regime
		action Action
		want   string
	}{
		{RegimeNDRC, Approval, "核准"}, {RegimeMOFCOM, Filing, "备案"}, {RegimeNDRC, Report, "报告"},
		{RegimeSAFE, Filing, "银行办理外汇登记"}, {RegimeSAFE, NoAction, "无需办理"},
	} {
		if got := cat.T(i18n.Chinese, ActionKey(tc.regime, tc.action), nil); got != tc.want {
			t.Errorf("%s %s is called %q, want %q", tc.regime, tc.action, got, tc.want)
		}
	}
	for _, tc := range []struct {
		authority, registration, want string
	}{
		{"ndrc", "", "国家发展和改革委员会"}, {"mofcom", "320000", "商务部"}, {"bank", "", "银行"},
		{"provincial_drc", "", "上海市发展和改革委员会"}, {"provincial_commerce", "", "上海市商务委员会"},
		{"provincial_commerce", "440300", "深圳市商务主管部门"}, {"provincial_drc", "440300", "深圳市发展改革部门"},
	} {
		m := AuthorityName(tc.authority, tc.registration)
		if got := cat.T(i18n.Chinese, m.Key, m.Data); !strings.Contains(got, tc.want) {
			t.Errorf("%s (%q) is called %q, want %q", tc.authority, tc.registration, got, tc.want)
		}
	}
	if m := AuthorityName("", ""); m.Key != "" {
		t.Errorf("no authority is named %+v", m)
	}
}
