package web

import (
	"net/http"
	"net/url"
	"slices"

	"chuhai/internal/apperr"
	"chuhai/internal/money"
	"chuhai/internal/odi"
)

// odiAssessPage is the self-assessment page: the form, and after a submit the route.
type odiAssessPage struct {
	Lang   string
	Form   *formState
	Result *assessView
}

// FormSummary is the form's error summary.
func (p odiAssessPage) FormSummary() summaryView { return summaryView{p.Lang, p.Form.Summary} }

// assessView is an assessment as the page shows it.
type assessView struct {
	Lang     string
	Steps    []stepCard
	Warnings []string
	Flags    []flagView
}

// flagView is one sensitivity flag.
type flagView struct {
	ID         string
	Sensitive  bool
	Rule       bool
	Why        string
	Overridden bool
	Reason     string
	By         string
}

// assessInputs maps the domain's field names to the form's inputs.
var assessInputs = map[string]string{"total_investment_usd_cents": "total_usd", "chinese_investment_usd_cents": "chinese_usd"}

// odiAssessForm shows the self-assessment form (GET /odi).
func (s *Server) odiAssessForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "odi_assess", "odi.assess.title", odiAssessPage{Lang: info(r).lang, Form: s.assessForm(r, url.Values{"registration": {odi.Shanghai}})})
}

func (s *Server) assessView(lang string, a odi.Assessment) *assessView {
	v := &assessView{Lang: lang, Steps: s.stepCards(lang, a)}
	for _, w := range a.Warnings {
		v.Warnings = append(v.Warnings, s.msg(lang, w))
	}
	v.Flags = flagViews(lang, a.Flags)
	return v
}

func flagViews(lang string, f odi.Flags) []flagView {
	var out []flagView
	for _, x := range []struct {
		id   odi.FlagID
		flag odi.Flag
		kind string
	}{{odi.NDRCCountry, f.NDRCCountry, odi.VocabReason}, {odi.NDRCIndustry, f.NDRCIndustry, odi.VocabCategory},
		{odi.MOFCOMCountry, f.MOFCOMCountry, odi.VocabReason}, {odi.MOFCOMIndustry, f.MOFCOMIndustry, odi.VocabCategory}} {
		v := flagView{ID: string(x.id), Sensitive: x.flag.Value, Rule: x.flag.Rule, Overridden: x.flag.Overridden, Reason: x.flag.Reason}
		if x.flag.Why != "" {
			v.Why = pick(lang, odi.VocabName(x.kind, x.flag.Why))
		}
		out = append(out, v)
	}
	return out
}

// parseAssessForm reads the form into a project: amounts typed in dollars, yes/no choices.
func parseAssessForm(f url.Values) (odi.Project, error) {
	p := odi.Project{EnterpriseType: odi.EnterpriseType(trimmed(f, "enterprise_type")), Registration: trimmed(f, "registration"),
		Country: trimmed(f, "country"), Industry: trimmed(f, "industry"), Form: odi.Form(trimmed(f, "form"))}
	var fields []apperr.Field
	amount := func(input string) money.Cents {
		c, err := money.ParseUSD(input, f.Get(input))
		if e, ok := apperr.As(err); ok {
			fields = append(fields, e.Fields...)
		}
		return c
	}
	p.TotalUSD, p.ChineseUSD = amount("total_usd"), amount("chinese_usd")
	yesNo := func(input string) bool {
		switch f.Get(input) {
		case "1":
			return true
		case "0":
			return false
		}
		fields = append(fields, apperr.F(input, "error.required"))
		return false
	}
	p.DomesticInput, p.ViaOverseasSubsidiary = yesNo("domestic_input"), yesNo("via_overseas_subsidiary")
	if err := odi.Validate(p); err != nil {
		e, ok := apperr.As(err)
		if !ok {
			return p, err
		}
		for _, fe := range e.Fields {
			if in := assessInputs[fe.Name]; in != "" && slices.ContainsFunc(fields, func(x apperr.Field) bool { return x.Name == in }) {
				continue // the amount did not parse: that message says it
			}
			fields = append(fields, fe)
		}
	}
	if len(fields) > 0 {
		return p, apperr.Invalid(fields...)
	}
	return p, nil
}

// assessForm lays out the self-assessment form with the values in f.
func (s *Server) assessForm(r *http.Request, f url.Values) *formState {
	lang := info(r).lang
	st := &formState{Action: "/odi/assess"}
	st.Fields = s.projectFields(lang, f, "total_usd", "chinese_usd")
	return st
}

// projectFields are the inputs that describe a project for assessment, shared by the public form
// and the project form.
func (s *Server) projectFields(lang string, f url.Values, totalName, chineseName string) []formField {
	choice := func(name, label string, values []string, keyPrefix string) formField {
		var opts []option
		for _, v := range values {
			opts = append(opts, option{Value: v, Key: keyPrefix + v, Selected: f.Get(name) == v})
		}
		return formField{Lang: lang, Name: name, Label: label, Kind: "radios", Required: true, Groups: []optGroup{{Options: opts}}}
	}
	var places []option
	for _, p := range odi.Places() {
		places = append(places, option{Value: p.Code, Zh: p.Zh, En: p.En, Selected: f.Get("registration") == p.Code})
	}
	var countries []option
	for _, c := range odi.Countries() {
		if c.Code == "CN" {
			continue
		}
		countries = append(countries, option{Value: c.Code, Zh: c.Code + " " + c.Zh, En: c.Code + " " + c.En, Selected: f.Get("country") == c.Code})
	}
	var industries []optGroup
	selected := odi.NormalizeIndustry(f.Get("industry"))
	for _, sec := range odi.Sections() {
		g := optGroup{Label: "odi.section." + sec.Code}
		for _, d := range odi.Divisions() {
			if d.Section == sec.Code {
				g.Options = append(g.Options, option{Value: d.Code, Zh: d.Code + " " + d.Zh, En: d.Code + " " + d.En, Selected: selected == d.Code})
			}
		}
		industries = append(industries, g)
	}
	var forms []string
	for _, fm := range odi.Forms {
		forms = append(forms, string(fm))
	}
	amount := func(name, label string) formField {
		return formField{Lang: lang, Name: name, Label: label, Hint: "odi.hint.usd", Kind: "text", Value: f.Get(name), MaxLen: 30, Required: true}
	}
	return []formField{
		choice("enterprise_type", "odi.field.enterprise_type", []string{string(odi.Local), string(odi.Central)}, "odi.enterprise_type."),
		{Lang: lang, Name: "registration", Label: "odi.field.registration", Hint: "odi.hint.registration", Kind: "select", Groups: []optGroup{{Options: places}}},
		{Lang: lang, Name: "country", Label: "odi.field.country", Kind: "select", Required: true, Groups: []optGroup{{Options: countries}}},
		{Lang: lang, Name: "industry", Label: "odi.field.industry", Hint: "odi.hint.industry", Kind: "select", Required: true, Groups: industries},
		{Lang: lang, Name: "form", Label: "odi.field.form", Kind: "select", Required: true, Groups: []optGroup{{Options: optionsOf(f.Get("form"), forms, "odi.form.")}}},
		amount(totalName, "odi.field.total_usd"),
		amount(chineseName, "odi.field.chinese_usd"),
		withHint(choice("domestic_input", "odi.field.domestic_input", []string{"1", "0"}, "odi.yesno."), "odi.hint.domestic_input"),
		withHint(choice("via_overseas_subsidiary", "odi.field.via_overseas_subsidiary", []string{"0", "1"}, "odi.yesno."), "odi.hint.via_overseas_subsidiary"),
	}
}

func withHint(f formField, hint string) formField { f.Hint = hint; return f }

func optionsOf(selected string, values []string, keyPrefix string) []option {
	out := make([]option, len(values))
	for i, v := range values {
		out[i] = option{Value: v, Key: keyPrefix + v, Selected: selected == v}
	}
	return out
}
