package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/money"
	"chuhai/internal/network"
	"chuhai/internal/odi"
)

// odiProjectFormPage is the form that opens or edits a tracked project.
type odiProjectFormPage struct {
	Lang    string
	Form    *formState
	Project *odi.Tracked // nil when opening
	NoPoint bool         // the user's point does not offer ODI consultation
}

// FormSummary is the form's error summary.
func (p odiProjectFormPage) FormSummary() summaryView { return summaryView{p.Lang, p.Form.Summary} }

// projectInputs maps the domain's field names to the project form's inputs.
func projectInputs(err error) error {
	names := map[string]string{"total_investment_usd_cents": "total_usd", "chinese_investment_usd_cents": "chinese_usd"}
	if e, ok := apperr.As(err); ok {
		for _, f := range e.Fields {
			if strings.HasPrefix(f.Name, "financing[") {
				names[f.Name] = "financing"
			}
		}
	}
	return renameFields(err, names)
}

// odiPoints are the ODI-capable points the user may open projects at.
func (s *Server) odiPoints(ctx context.Context, r *http.Request) ([]network.Point, error) {
	ps, _, err := s.Network.ListPoints(ctx, network.PointFilter{Capability: odi.Capability, Limit: 100})
	if err != nil {
		return nil, err
	}
	p := info(r).principal
	return slices.DeleteFunc(ps, func(pt network.Point) bool { return !p.CanActForPoint(pt.ID) }), nil
}

// projectForm lays out the project form with the values in f; t is the project being edited, or nil.
func (s *Server) projectForm(r *http.Request, f url.Values, t *odi.Tracked, points []network.Point) *formState {
	lang := info(r).lang
	st := &formState{Action: "/odi/projects", Cancel: "/odi/projects"}
	var fields []formField
	if t == nil {
		var opts []option
		for _, p := range points {
			opts = append(opts, option{Value: p.Code, Zh: p.NameZh + " (" + p.Code + ")", En: p.NameEn + " (" + p.Code + ")",
				Selected: f.Get("point") == p.Code || len(points) == 1})
		}
		fields = append(fields,
			formField{Lang: lang, Name: "request_reference", Label: "odi.field.request_reference", Hint: "odi.hint.request_reference", Kind: "text",
				Value: f.Get("request_reference"), MaxLen: 40},
			formField{Lang: lang, Name: "point", Label: "odi.field.point", Kind: "select", Required: true, Groups: []optGroup{{Options: opts}}},
			formField{Lang: lang, Name: "enterprise_uscc", Label: "odi.field.enterprise_uscc", Hint: "odi.hint.enterprise_uscc", Kind: "text",
				Value: f.Get("enterprise_uscc"), MaxLen: 18, Required: true})
	} else {
		st.Action = fmt.Sprintf("/odi/projects/%d", t.ID)
		st.Cancel, st.Version = st.Action, t.Version
	}
	fields = append(fields, formField{Lang: lang, Name: "title", Label: "odi.field.title", Hint: "odi.hint.title", Kind: "text",
		Value: f.Get("title"), MaxLen: 200, Required: true})
	fields = append(fields, s.projectFields(lang, f, "total_usd", "chinese_usd")...)
	var financing []option
	for _, src := range odi.FinancingSources {
		financing = append(financing, option{Value: src, Key: "odi.financing." + src, Selected: slices.Contains(f["financing"], src)})
	}
	fields = append(fields,
		formField{Lang: lang, Name: "cny_per_usd", Label: "odi.field.cny_per_usd", Hint: "odi.hint.cny_per_usd", Kind: "text", Value: f.Get("cny_per_usd"), MaxLen: 9},
		formField{Lang: lang, Name: "financing", Label: "odi.field.financing", Kind: "checkboxes", Groups: []optGroup{{Options: financing}}})
	st.Fields = fields
	return st
}

// projectValues are a project's fields as form values.
func projectValues(t *odi.Tracked) url.Values {
	p := t.Project
	yes := func(b bool) string {
		if b {
			return "1"
		}
		return "0"
	}
	return url.Values{"title": {t.Title}, "enterprise_type": {string(p.EnterpriseType)}, "registration": {p.Registration},
		"country": {p.Country}, "industry": {p.Industry}, "form": {string(p.Form)}, "total_usd": {p.TotalUSD.String()},
		"chinese_usd": {p.ChineseUSD.String()}, "domestic_input": {yes(p.DomesticInput)}, "via_overseas_subsidiary": {yes(p.ViaOverseasSubsidiary)},
		"cny_per_usd": {t.CNYPerUSD}, "financing": t.Financing}
}

// parseProjectForm reads the form's description of a project; amounts that do not parse come back
// as field errors beside the domain's own.
func parseProjectForm(f url.Values) (odi.ProjectFields, []apperr.Field) {
	p := odi.ProjectFields{Title: f.Get("title"), EnterpriseType: odi.EnterpriseType(trimmed(f, "enterprise_type")),
		Registration: trimmed(f, "registration"), Country: trimmed(f, "country"), Industry: trimmed(f, "industry"),
		Form: odi.Form(trimmed(f, "form")), CNYPerUSD: trimmed(f, "cny_per_usd"), Financing: f["financing"]}
	var bad []apperr.Field
	amount := func(input string) money.Cents {
		c, err := money.ParseUSD(input, f.Get(input))
		if e, ok := apperr.As(err); ok {
			bad = append(bad, e.Fields...)
			return 0 // the domain refuses it too, so a form with an unreadable amount is never saved
		}
		return c
	}
	p.TotalUSD, p.ChineseUSD = amount("total_usd"), amount("chinese_usd")
	yesNo := func(input string) *bool {
		switch f.Get(input) {
		case "1":
			b := true
			return &b
		case "0":
			b := false
			return &b
		}
		return nil
	}
	p.DomesticInput, p.ViaOverseasSubsidiary = yesNo("domestic_input"), yesNo("via_overseas_subsidiary")
	return p, bad
}

// withParseErrors adds the form's own parse errors to a domain failure, dropping the domain's
// complaints about the amounts that did not parse.
func withParseErrors(err error, bad []apperr.Field) error {
	if len(bad) == 0 {
		return err
	}
	fields := slices.Clone(bad)
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindInvalid {
		for _, f := range e.Fields {
			if !hasField(bad, f.Name) {
				fields = append(fields, f)
			}
		}
	} else if err != nil && !ok {
		return err
	}
	return apperr.Invalid(fields...)
}
