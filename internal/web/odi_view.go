package web

import (
	"encoding/json"
	"math"
	"math/big"
	"reflect"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/i18n"
	"chuhai/internal/money"
	"chuhai/internal/odi"
)

// msg renders a domain message in lang.
func (s *Server) msg(lang string, m odi.Message) string {
	if m.Key == "" {
		return ""
	}
	return s.Cat.T(lang, m.Key, m.Data)
}

// pick returns the name in lang.
func pick(lang string, n odi.Name) string {
	if lang == i18n.English && n.En != "" {
		return n.En
	}
	return n.Zh
}

// AssessmentRequest is the body of POST /api/v1/odi/assessments.
type AssessmentRequest struct {
	EnterpriseType string `json:"enterprise_type" enum:"central,local"`
	// Registration is where the investor is registered (GB/T 2260 province-level code); Shanghai
	// (310000) when omitted.
	Registration string `json:"registration,omitempty"`
	Country      string `json:"country"`  // ISO 3166-1 alpha-2
	Industry     string `json:"industry"` // GB/T 4754-2017 division, e.g. C38 or K70
	Form         string `json:"form" enum:"greenfield,ma,jv,capital_increase,other"`
	// Amounts in US cents; the Chinese side cannot exceed the total.
	TotalInvestmentUSDCents   *jsonCents `json:"total_investment_usd_cents"`
	ChineseInvestmentUSDCents *jsonCents `json:"chinese_investment_usd_cents"`
	DomesticInput             *bool      `json:"domestic_input"`
	ViaOverseasSubsidiary     *bool      `json:"via_overseas_subsidiary"`
}

// AssessmentResult is the route of a self-assessment.
type AssessmentResult struct {
	Steps    []AssessedStep `json:"steps"`
	Warnings []string       `json:"warnings"`
}

// AssessedStep is one authority's step, in the request's language.
type AssessedStep struct {
	Authority string `json:"authority" enum:"NDRC,MOFCOM,SAFE"`
	// Action is approval, filing, report or none. SAFE's foreign-exchange registration at the bank is
	// a filing.
	Action string `json:"action" enum:"approval,filing,report,none"`
	// Level is who acts: national, provincial or bank (for a step with action none, the level that
	// would act).
	Level             string   `json:"level" enum:"national,provincial,bank"`
	TimeLimitWorkdays int      `json:"time_limit_workdays"` // 0: no statutory limit
	Documents         []string `json:"documents"`
	Basis             string   `json:"basis"`
	Explanation       string   `json:"explanation"`
}

// jsonCents reads an amount in cents without failing on amounts too large for 64 bits: those become
// the largest (or smallest) value, which validation then reports as too large (or not positive)
// against the field, as people expect, rather than as a decoding error.
type jsonCents int64

func (c *jsonCents) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "null" {
		return nil
	}
	wrong := func(what string) error {
		return &json.UnmarshalTypeError{Value: what, Type: reflect.TypeFor[int64]()}
	}
	if s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
		return wrong("non-number")
	}
	f, ok := new(big.Float).SetPrec(256).SetString(s)
	if !ok {
		return wrong("number " + s)
	}
	if !f.IsInt() {
		return wrong("number " + s)
	}
	i, acc := f.Int64()
	switch {
	case acc == big.Exact:
		*c = jsonCents(i)
	case f.Sign() > 0:
		*c = jsonCents(math.MaxInt64)
	default:
		*c = jsonCents(math.MinInt64)
	}
	return nil
}

// project turns the request into the assessment's input, reporting missing fields.
func (a AssessmentRequest) project() (odi.Project, []apperr.Field) {
	var missing []apperr.Field
	p := odi.Project{EnterpriseType: odi.EnterpriseType(a.EnterpriseType), Registration: a.Registration, Country: a.Country,
		Industry: a.Industry, Form: odi.Form(a.Form)}
	if a.TotalInvestmentUSDCents == nil {
		missing = append(missing, apperr.F("total_investment_usd_cents", "error.required"))
	} else {
		p.TotalUSD = money.Cents(*a.TotalInvestmentUSDCents)
	}
	if a.ChineseInvestmentUSDCents == nil {
		missing = append(missing, apperr.F("chinese_investment_usd_cents", "error.required"))
	} else {
		p.ChineseUSD = money.Cents(*a.ChineseInvestmentUSDCents)
	}
	if a.DomesticInput == nil {
		missing = append(missing, apperr.F("domestic_input", "error.required"))
	} else {
		p.DomesticInput = *a.DomesticInput
	}
	if a.ViaOverseasSubsidiary == nil {
		missing = append(missing, apperr.F("via_overseas_subsidiary", "error.required"))
	} else {
		p.ViaOverseasSubsidiary = *a.ViaOverseasSubsidiary
	}
	return p, missing
}

// validateAssessment checks a project, adding the presence errors found before.
func validateAssessment(p odi.Project, missing []apperr.Field) error {
	fields := missing
	if err := odi.Validate(p); err != nil {
		e, ok := apperr.As(err)
		if !ok {
			return err
		}
		for _, f := range e.Fields {
			if (f.Name == "total_investment_usd_cents" || f.Name == "chinese_investment_usd_cents") && hasField(missing, f.Name) {
				continue // "required" already says it
			}
			fields = append(fields, f)
		}
	}
	if len(fields) > 0 {
		return apperr.Invalid(fields...)
	}
	return nil
}

func hasField(fs []apperr.Field, name string) bool {
	for _, f := range fs {
		if f.Name == name {
			return true
		}
	}
	return false
}

// levelOf is the level a step reports: the level that acts, or for a step that asks nothing, the
// level that would.
func levelOf(st odi.Step) string {
	if st.Level != odi.NoLevel {
		return string(st.Level)
	}
	if st.Regime == odi.RegimeSAFE {
		return string(odi.Bank)
	}
	return string(odi.National)
}

// basisText joins a step's legal bases in lang.
func basisText(lang string, bs []odi.Basis) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = pick(lang, odi.Name{Zh: b.Zh, En: b.En})
	}
	sep := "；"
	if lang == i18n.English {
		sep = "; "
	}
	return strings.Join(parts, sep)
}

// assessmentResult renders an assessment in the API's shape.
func (s *Server) assessmentResult(lang string, a odi.Assessment) AssessmentResult {
	out := AssessmentResult{Steps: make([]AssessedStep, len(a.Steps)), Warnings: make([]string, len(a.Warnings))}
	for i, st := range a.Steps {
		docs := make([]string, len(st.Documents))
		for j, d := range st.Documents {
			docs[j] = pick(lang, d.Name)
		}
		out.Steps[i] = AssessedStep{Authority: strings.ToUpper(string(st.Regime)), Action: string(st.Action), Level: levelOf(st),
			TimeLimitWorkdays: st.TimeLimitWorkdays, Documents: docs, Basis: basisText(lang, st.Basis), Explanation: s.msg(lang, st.Explanation)}
	}
	for i, w := range a.Warnings {
		out.Warnings[i] = s.msg(lang, w)
	}
	return out
}

// stepCard is a step of an assessment as the pages show it.
type stepCard struct {
	Regime         string
	Level          string
	Authority      string // the authority's name
	ActionKey      string // catalogue id of the action
	LevelKey       string
	Action         string
	TimeLimit      int
	Extension      int
	Acceptance     int
	Confirmed      bool
	Documents      []string
	Basis          []string
	Explanation    string
	Notes          []string
	RegimeLabelKey string
}

func (s *Server) stepCards(lang string, a odi.Assessment) []stepCard {
	out := make([]stepCard, len(a.Steps))
	for i, st := range a.Steps {
		c := stepCard{Regime: string(st.Regime), Level: levelOf(st), Authority: s.msg(lang, st.AuthorityName), ActionKey: odi.ActionKey(st.Regime, st.Action),
			LevelKey: "odi.level." + levelOf(st), Action: string(st.Action), TimeLimit: st.TimeLimitWorkdays, Extension: st.ExtensionWorkdays,
			Acceptance: st.AcceptanceWorkdays, Confirmed: st.TimeLimitConfirmed, Explanation: s.msg(lang, st.Explanation),
			RegimeLabelKey: "odi.regime." + string(st.Regime)}
		for _, d := range st.Documents {
			c.Documents = append(c.Documents, pick(lang, d.Name))
		}
		for _, b := range st.Basis {
			c.Basis = append(c.Basis, pick(lang, odi.Name{Zh: b.Zh, En: b.En}))
		}
		for _, n := range st.Notes {
			c.Notes = append(c.Notes, s.msg(lang, n))
		}
		out[i] = c
	}
	return out
}

// renameFields moves field errors to the names a form's inputs use (amount fields in dollars, for
// instance, carry the cents field's errors).
func renameFields(err error, names map[string]string) error {
	e, ok := apperr.As(err)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	c := *e
	c.Fields = make([]apperr.Field, len(e.Fields))
	for i, f := range e.Fields {
		if n, ok := names[f.Name]; ok {
			f.Name = n
		}
		c.Fields[i] = f
	}
	return &c
}

// summaryView is the error summary at the top of a form.
type summaryView struct {
	Lang    string
	Summary []formProblem
}
