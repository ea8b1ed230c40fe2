package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/odi"
)

// odiRulesView is the coordinators' page of the ODI rules.
type odiRulesView struct {
	Lang        string
	Rec         odi.RulesRecord
	SavedAt     string
	Saved       string
	Authorities []authorityRules
	Limits      limitsForm
	History     []historyRow
	Failed      string
	Summary     summaryView
}

// authorityRules is one authority's lists on the page.
type authorityRules struct {
	ID         string // ndrc or mofcom
	Countries  []countryRow
	Industries []industryRow
	AddCountry struct {
		Countries, Reasons []option
		Failed             bool
		Summary            summaryView
	}
	AddIndustry struct {
		Divisions, Categories, Scopes []option
		Failed                        bool
		Summary                       summaryView
	}
}

type countryRow struct{ Code, Name, Reason string }
type industryRow struct{ Division, Name, Category, ScopeKey string }

// limitsForm edits the threshold, rate and time limits.
type limitsForm struct {
	Threshold, NearPercent, Rate string
	Limits                       []limitInput
	NDRCFilingConfirmed          bool
	MOFCOMApprovalConfirmed      bool
	Failed                       bool
	Summary                      summaryView
}

type limitInput struct {
	Name, Value string
	Error       string
}

type historyRow struct {
	Version int
	Default bool
	By, At  string
}

// limitNames are the time limits the page edits, in order.
var limitNames = []string{"ndrc_approval", "ndrc_approval_extension", "ndrc_acceptance", "ndrc_filing", "ndrc_completion_report",
	"mofcom_filing", "mofcom_approval_central", "mofcom_approval_local"}

func limitValues(t odi.TimeLimits) []int {
	return []int{t.NDRCApproval, t.NDRCApprovalExtension, t.NDRCAcceptance, t.NDRCFiling, t.NDRCCompletionReport,
		t.MOFCOMFiling, t.MOFCOMApprovalCentral, t.MOFCOMApprovalLocal}
}

// odiRulesPage shows the rules in force with forms to change them (GET /odi/rules).
func (s *Server) odiRulesPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRules(w, r, "", nil)
}

// renderRules renders the rules page; failed names the form whose save failed with err.
func (s *Server) renderRules(w http.ResponseWriter, r *http.Request, failed string, err error) error {
	ctx := r.Context()
	lang := info(r).lang
	rec, rerr := s.ODI.CurrentRules(ctx)
	if rerr != nil {
		return rerr
	}
	hist, rerr := s.ODI.RulesHistory(ctx, 20)
	if rerr != nil {
		return rerr
	}
	v := odiRulesView{Lang: lang, Rec: rec, Saved: r.URL.Query().Get("saved"), Failed: failed}
	if rec.SavedAt != nil {
		v.SavedAt = when(rec.SavedAt)
	}
	for _, h := range hist {
		v.History = append(v.History, historyRow{Version: h.Version, Default: h.Default, By: h.SavedBy, At: when(&h.SavedAt)})
	}
	status := http.StatusOK
	box := summaryView{Lang: lang}
	errs := map[string]string{}
	if err != nil {
		e, ok := apperr.As(err)
		if !ok || (e.Kind != apperr.KindInvalid && e.Kind != apperr.KindConflict) {
			return err
		}
		status = statusOf(e)
		if e.Kind == apperr.KindConflict {
			box.Summary = append(box.Summary, formProblem{Message: s.Cat.T(lang, "odi.form.conflict", nil)})
		}
		for _, f := range e.Fields {
			m := s.Cat.T(lang, f.Key, f.Args)
			errs[lastPart(f.Name)] = m
			box.Summary = append(box.Summary, formProblem{Message: m})
		}
	}
	posted := r.PostForm
	for _, auth := range []struct {
		id string
		s  odi.Sensitivity
	}{{"ndrc", rec.Rules.NDRC}, {"mofcom", rec.Rules.MOFCOM}} {
		a := authorityRules{ID: auth.id}
		for _, c := range auth.s.Countries {
			row := countryRow{Code: c.Code, Reason: pick(lang, odi.VocabName(odi.VocabReason, c.Reason))}
			if cc, ok := odi.CountryByCode(c.Code); ok {
				row.Name = pick(lang, cc.Name)
			}
			a.Countries = append(a.Countries, row)
		}
		for _, in := range auth.s.Industries {
			row := industryRow{Division: in.Division, Category: pick(lang, odi.VocabName(odi.VocabCategory, in.Category)), ScopeKey: "odi.scope." + in.Scope}
			if d, ok := odi.IndustryByCode(in.Division); ok {
				row.Name = pick(lang, d.Name)
			}
			a.Industries = append(a.Industries, row)
		}
		sel := func(name string) string {
			if failed == auth.id+"-country" || failed == auth.id+"-industry" {
				return posted.Get(name)
			}
			return ""
		}
		for _, c := range odi.Countries() {
			if c.Code != "CN" {
				a.AddCountry.Countries = append(a.AddCountry.Countries, option{Value: c.Code, Zh: c.Code + " " + c.Zh, En: c.Code + " " + c.En, Selected: sel("code") == c.Code})
			}
		}
		for _, t := range odi.Vocabulary(odi.VocabReason) {
			a.AddCountry.Reasons = append(a.AddCountry.Reasons, option{Value: t.Code, Zh: t.Zh, En: t.En, Selected: sel("reason") == t.Code})
		}
		for _, d := range odi.Divisions() {
			a.AddIndustry.Divisions = append(a.AddIndustry.Divisions, option{Value: d.Code, Zh: d.Code + " " + d.Zh, En: d.Code + " " + d.En, Selected: sel("division") == d.Code})
		}
		for _, t := range odi.Vocabulary(odi.VocabCategory) {
			a.AddIndustry.Categories = append(a.AddIndustry.Categories, option{Value: t.Code, Zh: t.Zh, En: t.En, Selected: sel("category") == t.Code})
		}
		a.AddIndustry.Scopes = optionsOf(sel("scope"), []string{odi.ScopeWhole, odi.ScopePart}, "odi.scope.")
		switch failed {
		case auth.id + "-country":
			a.AddCountry.Failed, a.AddCountry.Summary = true, box
		case auth.id + "-industry":
			a.AddIndustry.Failed, a.AddIndustry.Summary = true, box
		}
		v.Authorities = append(v.Authorities, a)
	}
	t := rec.Rules
	v.Limits = limitsForm{Threshold: t.ThresholdUSD.String(), NearPercent: nearPercent(t.NearThresholdBP), Rate: odi.RateString(t.CNYPerUSDE4),
		NDRCFilingConfirmed: t.TimeLimits.NDRCFilingConfirmed, MOFCOMApprovalConfirmed: t.TimeLimits.MOFCOMApprovalConfirmed}
	for i, n := range limitValues(t.TimeLimits) {
		v.Limits.Limits = append(v.Limits.Limits, limitInput{Name: limitNames[i], Value: itoa(int64(n))})
	}
	if failed == "limits" {
		v.Limits.Failed, v.Limits.Summary = true, box
		v.Limits.Threshold, v.Limits.NearPercent, v.Limits.Rate = posted.Get("threshold_usd"), posted.Get("near_threshold_percent"), posted.Get("cny_per_usd")
		v.Limits.NDRCFilingConfirmed, v.Limits.MOFCOMApprovalConfirmed = posted.Get("ndrc_filing_confirmed") == "1", posted.Get("mofcom_approval_confirmed") == "1"
		for i := range v.Limits.Limits {
			l := &v.Limits.Limits[i]
			l.Value, l.Error = posted.Get(l.Name), errs[l.Name]
		}
	}
	if failed == "reset" || strings.HasSuffix(failed, "-remove") {
		v.Summary = box
	}
	s.renderStatus(w, r, status, "odi_rules", v, "odi.rules.title")
	return nil
}

// nearPercent writes basis points as a percentage: 1000 is "10", 250 is "2.5".
func nearPercent(bp int64) string {
	s := itoa(bp / 100)
	if rem := bp % 100; rem != 0 {
		frac := strings.TrimRight(itoa(100 + rem)[1:], "0")
		s += "." + frac
	}
	return s
}

// rulesVersion reads the version a rules form was rendered with (0 for the built-in defaults).
func rulesVersion(f url.Values) (int, error) {
	n, err := strconv.Atoi(f.Get("version"))
	if err != nil || n < 0 {
		return 0, apperr.Invalid(apperr.F("version", "odi.version_required"))
	}
	return n, nil
}
