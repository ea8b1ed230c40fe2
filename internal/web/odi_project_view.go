package web

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/money"
	"chuhai/internal/odi"
)

// projectView is a tracked project as the API returns it: the stored project with its messages
// rendered in the request's language.
type projectView struct {
	*odi.Tracked
	Steps []stepView `json:"steps"`
	// Assessment is the route under the rules in force now, as the self-assessment gives it.
	Assessment AssessmentResult `json:"assessment"`
	Alerts     []odiAlertView   `json:"alerts"`
}

// stepView is a step with its authority named.
type stepView struct {
	odi.TrackedStep
	AuthorityName string `json:"authority_name"`
}

// odiAlertView is a project clock alert with its text.
type odiAlertView struct {
	odi.AlertEntry
	Message string `json:"message"`
}

func (s *Server) projectView(lang string, t *odi.Tracked) projectView {
	v := projectView{Tracked: t, Assessment: s.assessmentResult(lang, t.Assessment), Steps: make([]stepView, len(t.Steps)),
		Alerts: make([]odiAlertView, len(t.Alerts))}
	for i, st := range t.Steps {
		v.Steps[i] = stepView{TrackedStep: st, AuthorityName: s.msg(lang, st.AuthorityName)}
	}
	for i, a := range t.Alerts {
		v.Alerts[i] = odiAlertView{AlertEntry: a, Message: s.msg(lang, a.Message)}
	}
	return v
}

// projectSummary is a project in a list.
type projectSummary struct {
	ID               int64             `json:"id"`
	Reference        string            `json:"reference"`
	Title            string            `json:"title"`
	PointCode        string            `json:"point_code"`
	Enterprise       odi.EnterpriseRef `json:"enterprise"`
	RequestReference string            `json:"request_reference,omitempty"`
	Status           string            `json:"status"`
	Country          string            `json:"country"`
	Industry         string            `json:"industry"`
	Steps            []stepBrief       `json:"steps"`
	CreatedAt        time.Time         `json:"created_at"`
}

// stepBrief is where a step stands, in a list.
type stepBrief struct {
	Regime      odi.Regime `json:"regime"`
	Action      odi.Action `json:"action"`
	Authority   string     `json:"authority"`
	SubmittedOn string     `json:"submitted_on,omitempty"`
	DecidedOn   string     `json:"decided_on,omitempty"`
	Decision    string     `json:"decision,omitempty"`
	Clock       odi.Clock  `json:"clock"`
}

func summarize(t *odi.Tracked) projectSummary {
	p := projectSummary{ID: t.ID, Reference: t.Reference, Title: t.Title, PointCode: t.PointCode, Enterprise: t.Enterprise,
		RequestReference: t.RequestReference, Status: t.Status, Country: t.Project.Country, Industry: t.Project.Industry,
		Steps: make([]stepBrief, len(t.Steps)), CreatedAt: t.CreatedAt}
	for i, st := range t.Steps {
		p.Steps[i] = stepBrief{Regime: st.Regime, Action: st.Action, Authority: st.Authority, SubmittedOn: st.SubmittedOn,
			DecidedOn: st.DecidedOn, Decision: st.Decision, Clock: st.Clock}
	}
	return p
}

// projectFieldsRequest is what the create and update bodies say about a project.
type projectFieldsRequest struct {
	Title          string `json:"title"`
	EnterpriseType string `json:"enterprise_type"` // central or local
	Registration   string `json:"registration,omitempty"`
	Country        string `json:"country"`
	Industry       string `json:"industry"`
	Form           string `json:"form"`
	// Amounts in US cents.
	TotalInvestmentUSDCents   *jsonCents `json:"total_investment_usd_cents"`
	ChineseInvestmentUSDCents *jsonCents `json:"chinese_investment_usd_cents"`
	DomesticInput             *bool      `json:"domestic_input"`
	ViaOverseasSubsidiary     *bool      `json:"via_overseas_subsidiary"`
	// CNYPerUSD is the rate for the RMB equivalent ("7.1234"); the rules' reference rate when omitted.
	CNYPerUSD string   `json:"cny_per_usd,omitempty"`
	Financing []string `json:"financing,omitempty"` // own_funds, domestic_loan, domestic_guarantee, overseas_loan, overseas_equity, other
}

func (r projectFieldsRequest) fields() (odi.ProjectFields, []apperr.Field) {
	f := odi.ProjectFields{Title: r.Title, EnterpriseType: odi.EnterpriseType(r.EnterpriseType), Registration: r.Registration,
		Country: r.Country, Industry: r.Industry, Form: odi.Form(r.Form), DomesticInput: r.DomesticInput,
		ViaOverseasSubsidiary: r.ViaOverseasSubsidiary, CNYPerUSD: r.CNYPerUSD, Financing: r.Financing}
	var missing []apperr.Field
	if r.TotalInvestmentUSDCents == nil {
		missing = append(missing, apperr.F("total_investment_usd_cents", "error.required"))
	} else {
		f.TotalUSD = money.Cents(*r.TotalInvestmentUSDCents)
	}
	if r.ChineseInvestmentUSDCents == nil {
		missing = append(missing, apperr.F("chinese_investment_usd_cents", "error.required"))
	} else {
		f.ChineseUSD = money.Cents(*r.ChineseInvestmentUSDCents)
	}
	return f, missing
}

// projectCreateRequest is the body of POST /api/v1/odi/projects. (Request bodies are flat structs:
// a decoding error then names the field as the client wrote it.)
type projectCreateRequest struct {
	// RequestReference is the casework request the project is opened from; its serving point and
	// enterprise apply.
	RequestReference string `json:"request_reference,omitempty"`
	Point            string `json:"point,omitempty"`           // serving point code, when no request is named
	EnterpriseUSCC   string `json:"enterprise_uscc,omitempty"` // when no request is named
	Title            string `json:"title"`
	EnterpriseType   string `json:"enterprise_type" enum:"central,local"`
	Registration     string `json:"registration,omitempty"`
	Country          string `json:"country"`
	Industry         string `json:"industry"`
	Form             string `json:"form" enum:"greenfield,ma,jv,capital_increase,other"`
	// Amounts in US cents.
	TotalInvestmentUSDCents   *jsonCents `json:"total_investment_usd_cents"`
	ChineseInvestmentUSDCents *jsonCents `json:"chinese_investment_usd_cents"`
	DomesticInput             *bool      `json:"domestic_input"`
	ViaOverseasSubsidiary     *bool      `json:"via_overseas_subsidiary"`
	// CNYPerUSD is the rate for the RMB equivalent ("7.1234"); the rules' reference rate when omitted.
	CNYPerUSD string   `json:"cny_per_usd,omitempty"`
	Financing []string `json:"financing,omitempty"` // own_funds, domestic_loan, domestic_guarantee, overseas_loan, overseas_equity, other
}

func (r projectCreateRequest) fields() (odi.ProjectFields, []apperr.Field) {
	return projectFieldsRequest{Title: r.Title, EnterpriseType: r.EnterpriseType, Registration: r.Registration, Country: r.Country,
		Industry: r.Industry, Form: r.Form, TotalInvestmentUSDCents: r.TotalInvestmentUSDCents, ChineseInvestmentUSDCents: r.ChineseInvestmentUSDCents,
		DomesticInput: r.DomesticInput, ViaOverseasSubsidiary: r.ViaOverseasSubsidiary, CNYPerUSD: r.CNYPerUSD, Financing: r.Financing}.fields()
}

// projectUpdateRequest is the body of PUT /api/v1/odi/projects/{id}: the project's description
// (its point, enterprise and request stay) and the version read.
type projectUpdateRequest struct {
	Version                   int        `json:"version"`
	Title                     string     `json:"title"`
	EnterpriseType            string     `json:"enterprise_type" enum:"central,local"`
	Registration              string     `json:"registration,omitempty"`
	Country                   string     `json:"country"`
	Industry                  string     `json:"industry"`
	Form                      string     `json:"form" enum:"greenfield,ma,jv,capital_increase,other"`
	TotalInvestmentUSDCents   *jsonCents `json:"total_investment_usd_cents"`
	ChineseInvestmentUSDCents *jsonCents `json:"chinese_investment_usd_cents"`
	DomesticInput             *bool      `json:"domestic_input"`
	ViaOverseasSubsidiary     *bool      `json:"via_overseas_subsidiary"`
	CNYPerUSD                 string     `json:"cny_per_usd,omitempty"`
	Financing                 []string   `json:"financing,omitempty"`
}

func (r projectUpdateRequest) fields() (odi.ProjectFields, []apperr.Field) {
	return projectFieldsRequest{Title: r.Title, EnterpriseType: r.EnterpriseType, Registration: r.Registration, Country: r.Country,
		Industry: r.Industry, Form: r.Form, TotalInvestmentUSDCents: r.TotalInvestmentUSDCents, ChineseInvestmentUSDCents: r.ChineseInvestmentUSDCents,
		DomesticInput: r.DomesticInput, ViaOverseasSubsidiary: r.ViaOverseasSubsidiary, CNYPerUSD: r.CNYPerUSD, Financing: r.Financing}.fields()
}

// overrideInput is staff's decision on one sensitivity flag.
type overrideInput struct {
	Flag      string `json:"flag" enum:"ndrc_country,ndrc_industry,mofcom_country,mofcom_industry"`
	Sensitive bool   `json:"sensitive"`
	Reason    string `json:"reason"`
}

// overridesRequest is the body of PUT /api/v1/odi/projects/{id}/overrides.
type overridesRequest struct {
	Version   int             `json:"version"`
	Overrides []overrideInput `json:"overrides"`
}

// milestonesRequest is the body of PUT /api/v1/odi/projects/{id}/milestones: the project's own
// dates, YYYY-MM-DD or empty.
type milestonesRequest struct {
	Version            int    `json:"version"`
	StartedOn          string `json:"started_on"`
	CompletedOn        string `json:"completed_on"`
	CompletionReportOn string `json:"completion_report_on"`
	WithdrawnOn        string `json:"withdrawn_on"`
}

// rulesUpdateRequest is the body of PUT /api/v1/odi/rules.
type rulesUpdateRequest struct {
	Version int       `json:"version"`
	Rules   odi.Rules `json:"rules"`
}

// versionRequest carries only the version read.
type versionRequest struct {
	Version int `json:"version"`
}

// mergeInvalid adds presence errors to a domain failure; a domain field error on a field already
// reported missing is dropped.
func mergeInvalid(err error, missing []apperr.Field) error {
	if len(missing) == 0 {
		return err
	}
	fields := slices.Clone(missing)
	if err != nil {
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.KindInvalid {
			return err
		}
		for _, f := range e.Fields {
			if !hasField(missing, f.Name) {
				fields = append(fields, f)
			}
		}
	}
	return apperr.Invalid(fields...)
}

// requireVersion checks the version an update sends.
func requireVersion(v int) error {
	if v < 1 {
		return apperr.Invalid(apperr.F("version", "odi.version_required"))
	}
	return nil
}

// serveFile sends an uploaded file as an attachment: never rendered in the platform's origin.
func serveFile(w http.ResponseWriter, f odi.FileInfo, content []byte) error {
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(content)))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Filename}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	_, err := w.Write(content)
	return err
}

// projectID parses {id}.
func projectID(r *http.Request) (int64, error) { return pathID(r, "id") }

// regimeOf parses {regime}.
func regimeOf(r *http.Request) (odi.Regime, error) {
	reg := odi.Regime(strings.ToLower(r.PathValue("regime")))
	switch reg {
	case odi.RegimeNDRC, odi.RegimeMOFCOM, odi.RegimeSAFE:
		return reg, nil
	}
	return "", apperr.NotFound("odi step " + r.PathValue("regime"))
}

// --- pages ---

// projectPage is the project page: the project, and a form per thing staff record, one of which
// may come back with errors.
type projectPage struct {
	Lang       string
	P          *odi.Tracked
	Saved      string
	CanManage  bool
	Assessment *assessView
	Steps      []stepPanel
	Overrides  overridesForm
	Milestones milestonesForm
	Alerts     []string
	RMBTotal   string
	RMBChinese string
	Country    string
	Industry   string
	Failed     string // id of the form that failed
	Summary    summaryView
}

// stepPanel is one step on the project page: where it stands and its forms.
type stepPanel struct {
	Lang       string
	ID         string // "step-ndrc"
	S          odi.TrackedStep
	Authority  string
	ActionKey  string
	LevelKey   string
	Form       stepForm
	Documents  []docRow
	CanManage  bool
	ProjectID  int64
	PhaseKey   string
	Decisions  []option
	HasLimit   bool
	Failed     bool
	Summary    summaryView
	RouteNow   string // the action the rules in force would give, when it differs
	Validity   string
	NoticeNote string
}

// stepForm holds the step form's values and errors.
type stepForm struct {
	Action                       string
	Version                      int
	Submitted, Accepted, Decided dateInput
	Decision                     string
	Extended, Notice, Note       string
	Pauses                       []pauseRow
	MaxExtension                 int
	ErrDecision, ErrExtended     string
	ErrNotice, Err               string
}

// dateInput is one date field of a form on the project page.
type dateInput struct {
	Lang, Form, Name, Value, Error string
}

type pauseRow struct {
	Index                       int
	Requested, Resumed, Note    string
	ErrRequested, ErrResumed, E string
}

// docRow is one checklist document on the page.
type docRow struct {
	Lang      string
	D         odi.DocumentStatus
	Name      string
	Action    string
	Upload    string
	Statuses  []option
	Files     []fileRow
	Failed    bool
	Error     string
	Note      string
	CanManage bool
}

type fileRow struct {
	Name, Href, Size, By, At string
}

type overridesForm struct {
	Lang    string
	Version int
	Rows    []overrideRow
	Failed  bool
	Summary summaryView
}

type overrideRow struct {
	Flag, Choice, Reason, Error, Why string
	Rule                             bool
	Choices                          []option
}

type milestonesForm struct {
	Lang                                  string
	Version                               int
	Started, Completed, Report, Withdrawn dateInput
	Failed                                bool
	Summary                               summaryView
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// projectPageData builds the project page. failed names the form that failed with err, posted
// holds what it sent.
func (s *Server) projectPageData(r *http.Request, t *odi.Tracked, failed string, posted url.Values, err error) (*projectPage, int, error) {
	lang := info(r).lang
	pr := info(r).principal
	manage := pr.CityWide() || pr.Role.Scope() == auth.ScopePoint && pr.PointID == t.PointID
	pg := &projectPage{Lang: lang, P: t, Saved: r.URL.Query().Get("saved"), CanManage: manage, Failed: failed,
		Assessment: s.assessView(lang, t.Assessment), Summary: summaryView{Lang: lang}}
	if c, ok := odi.CountryByCode(t.Project.Country); ok {
		pg.Country = c.Code + " " + pick(lang, c.Name)
	}
	if in, ok := odi.IndustryByCode(t.Project.Industry); ok {
		pg.Industry = in.Code + " " + pick(lang, in.Name)
	}
	pg.RMBTotal, pg.RMBChinese = t.TotalRMB.WanYuan(), t.ChineseRMB.WanYuan()
	for _, a := range t.Alerts {
		pg.Alerts = append(pg.Alerts, s.msg(lang, a.Message))
	}
	// The failure's messages, by field.
	status := http.StatusOK
	msgs := map[string]string{}
	var problems []formProblem
	if err != nil {
		e, ok := apperr.As(err)
		if !ok || (e.Kind != apperr.KindInvalid && e.Kind != apperr.KindConflict) {
			return nil, 0, err
		}
		status = statusOf(e)
		if e.Kind == apperr.KindConflict {
			problems = append(problems, formProblem{Message: s.Cat.T(lang, "odi.form.conflict", nil)})
		}
		for _, f := range e.Fields {
			m := s.Cat.T(lang, f.Key, f.Args)
			if _, dup := msgs[f.Name]; !dup {
				msgs[f.Name] = m
			}
			problems = append(problems, formProblem{Field: anchor(failed, f.Name, posted),
				Label: s.Cat.T(lang, "odi.field."+lastPart(f.Name), nil), Message: m})
		}
		if len(e.Fields) == 0 && e.Kind == apperr.KindInvalid {
			problems = append(problems, formProblem{Message: s.Cat.T(lang, e.Key, e.Args)})
		}
	}
	box := summaryView{Lang: lang, Summary: problems}
	for _, st := range t.Steps {
		sp := stepPanel{Lang: lang, ID: "step-" + string(st.Regime), S: st, Authority: s.msg(lang, st.AuthorityName),
			ActionKey: odi.ActionKey(st.Regime, st.Action), LevelKey: "odi.level." + string(st.Level), CanManage: manage, ProjectID: t.ID,
			PhaseKey: "odi.phase." + st.Clock.Phase, HasLimit: st.Clock.HasLimit}
		if st.Level == odi.NoLevel {
			sp.LevelKey = ""
		}
		for _, now := range t.Assessment.Steps {
			if now.Regime == st.Regime && slices.Contains(t.RouteChanged, st.Regime) {
				sp.RouteNow = odi.ActionKey(now.Regime, now.Action)
			}
		}
		date := func(name, value string) dateInput {
			return dateInput{Lang: lang, Form: sp.ID, Name: name, Value: value}
		}
		sp.Form = stepForm{Action: fmt.Sprintf("/odi/projects/%d/steps/%s", t.ID, st.Regime), Version: st.Version,
			Submitted: date("submitted_on", st.SubmittedOn), Accepted: date("accepted_on", st.AcceptedOn), Decided: date("decided_on", st.DecidedOn),
			Decision: st.Decision, Notice: st.NoticeNumber, Note: st.Note, MaxExtension: st.ExtensionWorkdays}
		if st.ExtendedWorkdays > 0 {
			sp.Form.Extended = strconv.Itoa(st.ExtendedWorkdays)
		}
		for i, p := range st.Pauses {
			sp.Form.Pauses = append(sp.Form.Pauses, pauseRow{Index: i, Requested: p.RequestedOn, Resumed: p.ResumedOn, Note: p.Note})
		}
		if failed == sp.ID {
			sp.Failed, sp.Summary = true, box
			f := &sp.Form
			for _, d := range []*dateInput{&f.Submitted, &f.Accepted, &f.Decided} {
				d.Value, d.Error = posted.Get(d.Name), msgs[d.Name]
			}
			f.Decision, f.Extended, f.Notice, f.Note = posted.Get("decision"), posted.Get("extended_workdays"), posted.Get("notice_number"), posted.Get("note")
			f.Pauses = nil
			req, res, notes := posted["pause_requested_on"], posted["pause_resumed_on"], posted["pause_note"]
			for i := range req {
				row := pauseRow{Index: i, Requested: req[i], Resumed: at(res, i), Note: at(notes, i)}
				p := fmt.Sprintf("pauses[%d].", i)
				row.ErrRequested, row.ErrResumed, row.E = msgs[p+"requested_on"], msgs[p+"resumed_on"], msgs[p+"note"]
				f.Pauses = append(f.Pauses, row)
			}
			f.ErrDecision, f.ErrExtended, f.ErrNotice, f.Err = msgs["decision"], msgs["extended_workdays"], msgs["notice_number"], msgs["note"]
		}
		// A blank row to record a new request for documents.
		sp.Form.Pauses = append(sp.Form.Pauses, pauseRow{Index: len(sp.Form.Pauses)})
		sp.Decisions = optionsOf(sp.Form.Decision, odi.Decisions, "odi.decision.")
		for _, d := range st.Documents {
			row := docRow{Lang: lang, D: d, Name: pick(lang, d.Name), CanManage: manage, Note: d.Note,
				Action: fmt.Sprintf("/odi/projects/%d/documents/%d", t.ID, d.ID),
				Upload: fmt.Sprintf("/odi/projects/%d/documents/%d/files", t.ID, d.ID), Statuses: optionsOf(d.Status, odi.DocStatuses, "odi.doc.")}
			for _, f := range d.Files {
				row.Files = append(row.Files, fileRow{Name: f.Filename, Href: fmt.Sprintf("/odi/projects/%d/files/%d", t.ID, f.ID),
					Size: sizeText(f.Size), By: f.UploadedBy, At: when(&f.CreatedAt)})
			}
			if failed == fmt.Sprintf("doc-%d", d.ID) {
				row.Failed = true
				var parts []string
				for _, p := range problems {
					parts = append(parts, p.Message)
				}
				row.Error = strings.Join(parts, " ")
				if posted.Has("status") {
					row.Statuses, row.Note = optionsOf(posted.Get("status"), odi.DocStatuses, "odi.doc."), posted.Get("note")
				}
			}
			sp.Documents = append(sp.Documents, row)
		}
		pg.Steps = append(pg.Steps, sp)
	}
	// Overrides: one row per flag, what the lists say and staff's decision.
	of := overridesForm{Lang: lang, Version: t.Version}
	for _, fv := range flagViews(lang, t.Assessment.Flags) {
		row := overrideRow{Flag: fv.ID, Rule: fv.Rule, Why: fv.Why, Choice: "rule"}
		for _, o := range t.Project.Overrides {
			if string(o.Flag) == fv.ID {
				row.Choice, row.Reason = map[bool]string{true: "sensitive", false: "not_sensitive"}[o.Sensitive], o.Reason
			}
		}
		of.Rows = append(of.Rows, row)
	}
	if failed == "overrides" {
		of.Failed, of.Summary = true, box
		for i := range of.Rows {
			of.Rows[i].Choice, of.Rows[i].Reason = posted.Get("choice_"+of.Rows[i].Flag), posted.Get("reason_"+of.Rows[i].Flag)
		}
		// Errors name overrides by position among those set; map them back to flags.
		n := 0
		for i := range of.Rows {
			if of.Rows[i].Choice == "sensitive" || of.Rows[i].Choice == "not_sensitive" {
				p := fmt.Sprintf("overrides[%d].", n)
				of.Rows[i].Error = strings.TrimSpace(msgs[p+"reason"] + " " + msgs[p+"flag"])
				n++
			}
		}
	}
	for i := range of.Rows {
		of.Rows[i].Choices = optionsOf(of.Rows[i].Choice, []string{"rule", "sensitive", "not_sensitive"}, "odi.override.")
	}
	pg.Overrides = of
	mdate := func(name, value string) dateInput {
		return dateInput{Lang: lang, Form: "milestones", Name: name, Value: value}
	}
	mf := milestonesForm{Lang: lang, Version: t.Version, Started: mdate("started_on", t.StartedOn), Completed: mdate("completed_on", t.CompletedOn),
		Report: mdate("completion_report_on", t.CompletionReportOn), Withdrawn: mdate("withdrawn_on", t.WithdrawnOn)}
	if failed == "milestones" {
		mf.Failed, mf.Summary = true, box
		for _, d := range []*dateInput{&mf.Started, &mf.Completed, &mf.Report, &mf.Withdrawn} {
			d.Value, d.Error = posted.Get(d.Name), msgs[d.Name]
		}
	}
	pg.Milestones = mf
	if failed == "" || (!strings.HasPrefix(failed, "step-") && !strings.HasPrefix(failed, "doc-") && failed != "overrides" && failed != "milestones") {
		pg.Summary = box
	}
	return pg, status, nil
}

// anchor is the id of the input a failed field of form failed is shown at.
func anchor(failed, field string, posted url.Values) string {
	if failed == "overrides" {
		// overrides[n] is the n-th flag given a decision other than "as the lists say".
		n := 0
		for _, flag := range odi.FlagIDs {
			if c := posted.Get("choice_" + string(flag)); c == "sensitive" || c == "not_sensitive" {
				if strings.HasPrefix(field, fmt.Sprintf("overrides[%d].", n)) {
					if strings.HasSuffix(field, ".reason") {
						return "f-overrides-reason-" + string(flag)
					}
					return "f-overrides-" + string(flag)
				}
				n++
			}
		}
	}
	return "f-" + failed + "-" + strings.NewReplacer("[", "-", "]", "", ".", "-").Replace(field)
}

func at(vs []string, i int) string {
	if i < len(vs) {
		return vs[i]
	}
	return ""
}

func lastPart(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i]
	}
	return name
}

// renderProject renders the project page, with the failure of one form when err is set.
func (s *Server) renderProject(w http.ResponseWriter, r *http.Request, id int64, failed string, err error) error {
	t, lerr := s.ODI.Project(r.Context(), id)
	if lerr != nil {
		return lerr
	}
	pg, status, perr := s.projectPageData(r, t, failed, r.PostForm, err)
	if perr != nil {
		return perr
	}
	s.renderStatus(w, r, status, "odi_project", pg, "odi.project.title")
	return nil
}
