package odi

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
	"chuhai/internal/directory"
	"chuhai/internal/money"
	"chuhai/internal/network"
	"chuhai/internal/workday"
)

// Capability is the service-point topic that lets a point open ODI projects.
const Capability = "odi"

// FinancingSources are the ways an investment may be funded. domestic_loan and domestic_guarantee
// are domestic input by definition (NDRC Order No. 11, Art. 2).
var FinancingSources = []string{"own_funds", "domestic_loan", "domestic_guarantee", "overseas_loan", "overseas_equity", "other"}

var domesticFinancing = []string{"domestic_loan", "domestic_guarantee"}

// Project statuses.
const (
	StatusActive    = "active"
	StatusCompleted = "completed" // the project abroad is complete; the completion report follows
	StatusWithdrawn = "withdrawn"
)

const (
	maxTitleRunes = 200
	maxNoteRunes  = 2000
)

// ProjectFields are what staff describe of a tracked project; they are the assessment's input.
type ProjectFields struct {
	Title          string         `json:"title"`
	EnterpriseType EnterpriseType `json:"enterprise_type"`
	// Registration is the GB/T 2260 code of the investor's province-level registration place;
	// empty means Shanghai.
	Registration string      `json:"registration,omitempty"`
	Country      string      `json:"country"`
	Industry     string      `json:"industry"`
	Form         Form        `json:"form"`
	TotalUSD     money.Cents `json:"total_investment_usd_cents"`
	ChineseUSD   money.Cents `json:"chinese_investment_usd_cents"`
	// DomesticInput and ViaOverseasSubsidiary must be given (true or false).
	DomesticInput         *bool `json:"domestic_input"`
	ViaOverseasSubsidiary *bool `json:"via_overseas_subsidiary"`
	// CNYPerUSD is the exchange rate for the RMB equivalent, "7.1234"; empty takes the reference
	// rate of the rules in force.
	CNYPerUSD string   `json:"cny_per_usd,omitempty"`
	Financing []string `json:"financing,omitempty"`
}

// NewProject opens a tracked project: from a casework request (its serving point and enterprise
// apply), or for a point and an enterprise named directly.
type NewProject struct {
	RequestReference string `json:"request_reference,omitempty"`
	Point            string `json:"point,omitempty"`           // serving point code
	EnterpriseUSCC   string `json:"enterprise_uscc,omitempty"` // unified social credit code
	ProjectFields
}

// EnterpriseRef is the enterprise a project belongs to, as it was when the project was opened.
type EnterpriseRef struct {
	ID           int64  `json:"id"`
	USCC         string `json:"uscc"`
	NameZh       string `json:"name_zh"`
	NameEn       string `json:"name_en"`
	HomeDistrict string `json:"home_district"`
}

// Tracked is a tracked project with its steps and where each stands.
type Tracked struct {
	ID               int64         `json:"id"`
	Reference        string        `json:"reference"`
	PointID          int64         `json:"point_id"`
	PointCode        string        `json:"point_code"`
	PointNameZh      string        `json:"point_name_zh"`
	PointNameEn      string        `json:"point_name_en"`
	Enterprise       EnterpriseRef `json:"enterprise"`
	RequestReference string        `json:"request_reference,omitempty"`
	Title            string        `json:"title"`
	// Project is the assessment input, staff's overrides included.
	Project    Project   `json:"project"`
	CNYPerUSD  string    `json:"cny_per_usd"`
	TotalRMB   money.Fen `json:"total_investment_rmb_fen"`
	ChineseRMB money.Fen `json:"chinese_investment_rmb_fen"`
	Financing  []string  `json:"financing"`
	Status     string    `json:"status"`
	StartedOn  string    `json:"started_on,omitempty"`
	// CompletedOn is when the project abroad was completed; the completion report is due within
	// the working days the rules set (CompletionReportDue).
	CompletedOn                 string `json:"completed_on,omitempty"`
	CompletionReportOn          string `json:"completion_report_on,omitempty"`
	CompletionReportDue         string `json:"completion_report_due,omitempty"`
	CompletionReportProvisional bool   `json:"completion_report_provisional,omitempty"`
	WithdrawnOn                 string `json:"withdrawn_on,omitempty"`
	// RulesVersion is the version of the rules the steps were last routed with (0: the defaults).
	RulesVersion int           `json:"rules_version"`
	Steps        []TrackedStep `json:"steps"`
	// Assessment is the route under the rules in force now, with explanations and warnings.
	Assessment Assessment `json:"assessment"`
	// RouteChanged lists steps already under way whose route the rules in force would now decide
	// differently; staff should check them.
	RouteChanged []Regime     `json:"route_changed"`
	Alerts       []AlertEntry `json:"alerts"`
	OpenedBy     string       `json:"opened_by"`
	Version      int          `json:"version"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`
}

// TrackedStep is one authority's step of a tracked project.
type TrackedStep struct {
	ID                 int64   `json:"id"`
	Regime             Regime  `json:"regime"`
	Authority          string  `json:"authority"`
	AuthorityName      Message `json:"authority_name"`
	Action             Action  `json:"action"`
	Level              Level   `json:"level"`
	TimeLimitWorkdays  int     `json:"time_limit_workdays"`
	ExtensionWorkdays  int     `json:"extension_workdays"`
	AcceptanceWorkdays int     `json:"acceptance_workdays"`
	TimeLimitConfirmed bool    `json:"time_limit_confirmed"`
	SubmittedOn        string  `json:"submitted_on,omitempty"`
	AcceptedOn         string  `json:"accepted_on,omitempty"`
	DecidedOn          string  `json:"decided_on,omitempty"`
	Decision           string  `json:"decision,omitempty"`
	ExtendedWorkdays   int     `json:"extended_workdays"`
	// NoticeNumber is the number of the filing notice, approval document or certificate; it is valid
	// until ValidUntil unless the investment is made.
	NoticeNumber string           `json:"notice_number,omitempty"`
	ValidUntil   string           `json:"valid_until,omitempty"`
	Note         string           `json:"note,omitempty"`
	Pauses       []Pause          `json:"pauses"`
	Documents    []DocumentStatus `json:"documents"`
	Clock        Clock            `json:"clock"`
	Version      int              `json:"version"`
}

// Pause is a request for more documents; the clock stands still until they arrive.
type Pause struct {
	ID          int64  `json:"id"`
	RequestedOn string `json:"requested_on"`
	ResumedOn   string `json:"resumed_on,omitempty"`
	Note        string `json:"note,omitempty"`
}

// Step returns the project's step of regime, or nil.
func (t *Tracked) Step(r Regime) *TrackedStep {
	for i := range t.Steps {
		if t.Steps[i].Regime == r {
			return &t.Steps[i]
		}
	}
	return nil
}

func (f *ProjectFields) normalize() {
	f.Title = strings.TrimSpace(f.Title)
	f.CNYPerUSD = strings.TrimSpace(f.CNYPerUSD)
	for i := range f.Financing {
		f.Financing[i] = strings.ToLower(strings.TrimSpace(f.Financing[i]))
	}
}

// project is the assessment input of f (with no overrides).
func (f ProjectFields) project() Project {
	p := Project{EnterpriseType: f.EnterpriseType, Registration: f.Registration, Country: f.Country, Industry: f.Industry,
		Form: f.Form, TotalUSD: f.TotalUSD, ChineseUSD: f.ChineseUSD}
	if f.DomesticInput != nil {
		p.DomesticInput = *f.DomesticInput
	}
	if f.ViaOverseasSubsidiary != nil {
		p.ViaOverseasSubsidiary = *f.ViaOverseasSubsidiary
	}
	return p.Normalized()
}

// validate checks f with the overrides the project has, and returns the rate to use.
func (f ProjectFields) validate(overrides []Override, rules Rules) (int64, error) {
	var fields []apperr.Field
	var v apperr.Validator
	switch {
	case f.Title == "":
		v.Add("title", "error.required")
	case utf8.RuneCountInString(f.Title) > maxTitleRunes || !cleanText(f.Title):
		v.Add("title", "error.too_long", "Max", maxTitleRunes)
	}
	v.Check(f.DomesticInput != nil, "domestic_input", "error.required")
	v.Check(f.ViaOverseasSubsidiary != nil, "via_overseas_subsidiary", "error.required")
	rate := rules.CNYPerUSDE4
	if f.CNYPerUSD != "" {
		r, err := ParseRate("cny_per_usd", f.CNYPerUSD)
		if err != nil {
			v.Add("cny_per_usd", "odi.rate_range", "Min", RateString(MinRateE4), "Max", RateString(MaxRateE4))
		}
		rate = r
	}
	seen := map[string]bool{}
	for i, src := range f.Financing {
		field := fmt.Sprintf("financing[%d]", i)
		switch {
		case !slices.Contains(FinancingSources, src):
			v.Add(field, "error.bad_choice")
		case seen[src]:
			v.Add(field, "odi.financing_duplicate")
		case slices.Contains(domesticFinancing, src) && f.DomesticInput != nil && !*f.DomesticInput:
			v.Add(field, "odi.financing_is_domestic_input")
		}
		seen[src] = true
	}
	if e, ok := apperr.As(v.Err()); ok {
		fields = append(fields, e.Fields...)
	}
	p := f.project()
	p.Overrides = overrides
	if e, ok := apperr.As(Validate(p)); ok {
		fields = append(fields, e.Fields...)
	}
	if len(fields) > 0 {
		return 0, apperr.Invalid(fields...)
	}
	return rate, nil
}

var requestReference = regexp.MustCompile(`^[A-Z0-9]+(-[A-Z0-9]+)*-[0-9]{4}-[0-9]{6}$`)

// CreateProject opens a tracked project, routes its steps with the rules in force and lays out each
// step's document checklist.
func (s *Store) CreateProject(ctx context.Context, in NewProject) (*Tracked, error) {
	in.ProjectFields.normalize()
	in.RequestReference = strings.ToUpper(strings.TrimSpace(in.RequestReference))
	in.Point = strings.ToUpper(strings.TrimSpace(in.Point))
	in.EnterpriseUSCC = directory.NormalizeUSCC(in.EnterpriseUSCC)
	rules, err := s.CurrentRules(ctx)
	if err != nil {
		return nil, err
	}
	var fields []apperr.Field
	rate, err := in.validate(nil, rules.Rules)
	if e, ok := apperr.As(err); ok {
		fields = append(fields, e.Fields...)
	} else if err != nil {
		return nil, err
	}
	point, ent, more, err := s.resolveOwner(ctx, &in)
	if err != nil {
		return nil, err
	}
	fields = append(fields, more...)
	if len(fields) > 0 {
		return nil, apperr.Invalid(fields...)
	}
	p := in.project()
	a := Assess(p, rules.Rules)
	now := s.now().UTC()
	var id int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var seq int
		year := s.today().Year()
		if err := tx.QueryRow(ctx, `INSERT INTO odi_counter (point_id, year, last, created_at, updated_at) VALUES ($1, $2, 1, $3, $3)
			ON CONFLICT (point_id, year) DO UPDATE SET last = odi_counter.last + 1, updated_at = excluded.updated_at RETURNING last`,
			point.ID, year, now).Scan(&seq); err != nil {
			return fmt.Errorf("project number: %w", err)
		}
		ref := fmt.Sprintf("ODI-%s-%d-%06d", point.Code, year, seq)
		var reqRef any
		if in.RequestReference != "" {
			reqRef = in.RequestReference
		}
		err := tx.QueryRow(ctx, `INSERT INTO odi_project (reference, point_id, enterprise_id, enterprise_uscc, enterprise_name_zh,
			enterprise_name_en, home_district, request_reference, title, enterprise_type, registration, country, industry, form,
			total_usd_cents, chinese_usd_cents, cny_per_usd_e4, domestic_input, via_overseas_subsidiary, financing, rules_version,
			opened_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $23) RETURNING id`,
			ref, point.ID, ent.ID, ent.USCC, ent.NameZh, ent.NameEn, ent.HomeDistrict, reqRef, in.Title, string(p.EnterpriseType),
			p.Registration, p.Country, p.Industry, string(p.Form), int64(p.TotalUSD), int64(p.ChineseUSD), rate, p.DomesticInput,
			p.ViaOverseasSubsidiary, strings.Join(in.Financing, ","), rules.Version, actor(ctx), now).Scan(&id)
		if err != nil {
			if db.IsUniqueViolation(err) && reqRef != nil {
				return apperr.Invalid(apperr.F("request_reference", "odi.request_has_project"))
			}
			return fmt.Errorf("insert project: %w", err)
		}
		for _, st := range a.Steps {
			if err := insertStep(ctx, tx, id, st, now); err != nil {
				return err
			}
		}
		if err := s.audit.Record(ctx, tx, audit.Entry{Action: "odi.project.create", ObjectType: "odi_project", ObjectID: ref,
			Detail: map[string]any{"point": point.Code, "enterprise": ent.USCC, "request": in.RequestReference, "title": in.Title,
				"country": p.Country, "industry": p.Industry, "route": routeSummary(a.Steps), "rules_version": rules.Version}}); err != nil {
			return err
		}
		return s.raiseAlerts(ctx, tx, id)
	})
	if err != nil {
		return nil, err
	}
	return s.Project(ctx, id)
}

// resolveOwner finds the serving point and the enterprise: from the casework request when one is
// named (and casework is wired in), otherwise from the codes given. A caller who may not act for the
// point gets ErrForbidden before anything about the enterprise is looked up.
func (s *Store) resolveOwner(ctx context.Context, in *NewProject) (network.Point, directory.Enterprise, []apperr.Field, error) {
	var point network.Point
	var ent directory.Enterprise
	var fields []apperr.Field
	var pointID, enterpriseID int64
	if in.RequestReference != "" {
		switch {
		case len(in.RequestReference) > 40 || !requestReference.MatchString(in.RequestReference):
			fields = append(fields, apperr.F("request_reference", "odi.request_reference_bad"))
		case s.Requests != nil:
			req, err := s.Requests(ctx, in.RequestReference)
			switch {
			case errors.Is(err, apperr.ErrNotFound):
				fields = append(fields, apperr.F("request_reference", "odi.request_unknown"))
			case err != nil:
				return point, ent, nil, err
			case req.EnterpriseID == 0:
				fields = append(fields, apperr.F("request_reference", "odi.request_no_enterprise"))
			default:
				pointID, enterpriseID = req.PointID, req.EnterpriseID
			}
		}
	}
	switch {
	case pointID != 0:
		p, err := s.network.PointByID(ctx, pointID)
		if err != nil {
			return point, ent, nil, err
		}
		if in.Point != "" && in.Point != p.Code {
			fields = append(fields, apperr.F("point", "odi.request_mismatch"))
		}
		point = p
	case in.Point == "":
		fields = append(fields, apperr.F("point", "error.required"))
	default:
		p, err := s.network.PointByCode(ctx, in.Point)
		switch {
		case errors.Is(err, apperr.ErrNotFound):
			fields = append(fields, apperr.F("point", "odi.point_unknown"))
		case err != nil:
			return point, ent, nil, err
		default:
			point = p
		}
	}
	if point.ID != 0 {
		if !mayManage(ctx, point.ID) {
			return point, ent, nil, apperr.ErrForbidden
		}
		if !point.Active || !slices.Contains(point.Capabilities, Capability) {
			fields = append(fields, apperr.F("point", "odi.point_not_odi", "Code", point.Code))
		}
	}
	sys := asSystem(ctx)
	switch {
	case enterpriseID != 0:
		e, err := s.directory.EnterpriseByID(sys, enterpriseID)
		if err != nil {
			return point, ent, nil, err
		}
		if in.EnterpriseUSCC != "" && in.EnterpriseUSCC != e.USCC {
			fields = append(fields, apperr.F("enterprise_uscc", "odi.request_mismatch"))
		}
		ent = e
	case in.EnterpriseUSCC == "":
		fields = append(fields, apperr.F("enterprise_uscc", "error.required"))
	default:
		if err := directory.ValidateUSCC("enterprise_uscc", in.EnterpriseUSCC); err != nil {
			if e, ok := apperr.As(err); ok {
				fields = append(fields, e.Fields...)
				break
			}
			return point, ent, nil, err
		}
		e, err := s.directory.EnterpriseByUSCC(sys, in.EnterpriseUSCC)
		switch {
		case errors.Is(err, apperr.ErrNotFound):
			fields = append(fields, apperr.F("enterprise_uscc", "odi.enterprise_unknown"))
		case err != nil:
			return point, ent, nil, err
		default:
			ent = e
		}
	}
	return point, ent, fields, nil
}

func routeSummary(steps []Step) []string {
	out := make([]string, len(steps))
	for i, st := range steps {
		out[i] = string(st.Regime) + ":" + string(st.Action) + ":" + st.Authority
	}
	return out
}

func insertStep(ctx context.Context, tx *db.Tx, projectID int64, st Step, now time.Time) error {
	var stepID int64
	err := tx.QueryRow(ctx, `INSERT INTO odi_step (project_id, regime, authority, action, level, time_limit_workdays,
		extension_workdays, acceptance_workdays, limit_confirmed, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
		projectID, string(st.Regime), st.Authority, string(st.Action), string(st.Level), st.TimeLimitWorkdays,
		st.ExtensionWorkdays, st.AcceptanceWorkdays, st.TimeLimitConfirmed, now).Scan(&stepID)
	if err != nil {
		return fmt.Errorf("insert step: %w", err)
	}
	return syncDocuments(ctx, tx, stepID, st.Documents, now)
}

// syncDocuments makes a step's checklist match docs: new documents are added as missing, and
// documents no longer asked for are dropped unless something was uploaded or decided for them.
func syncDocuments(ctx context.Context, tx *db.Tx, stepID int64, docs []Document, now time.Time) error {
	want := map[string]int{}
	for i, d := range docs {
		want[d.ID] = i
		if _, err := tx.Exec(ctx, `INSERT INTO odi_document (step_id, doc, name_zh, name_en, position, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6)
			ON CONFLICT (step_id, doc) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, position = excluded.position`,
			stepID, d.ID, d.Zh, d.En, i, now); err != nil {
			return fmt.Errorf("checklist: %w", err)
		}
	}
	rows, err := tx.Query(ctx, `SELECT d.id, d.doc FROM odi_document d WHERE d.step_id = $1 AND d.status = 'missing'
		AND NOT EXISTS (SELECT 1 FROM odi_file f WHERE f.document_id = d.id)`, stepID)
	if err != nil {
		return err
	}
	var drop []int64
	for rows.Next() {
		var id int64
		var doc string
		if err := rows.Scan(&id, &doc); err != nil {
			rows.Close()
			return err
		}
		if _, ok := want[doc]; !ok {
			drop = append(drop, id)
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, id := range drop {
		if _, err := tx.Exec(ctx, `DELETE FROM odi_document WHERE id = $1`, id); err != nil {
			return err
		}
	}
	return nil
}

// reroute applies a new assessment to the steps not yet submitted; steps under way keep the route
// they were submitted on.
func reroute(ctx context.Context, tx *db.Tx, projectID int64, a Assessment, now time.Time) ([]string, error) {
	var changed []string
	for _, st := range a.Steps {
		var stepID int64
		var submitted sql.NullString
		var action, authority string
		err := tx.QueryRow(ctx, `SELECT id, CAST(submitted_on AS TEXT), action, authority FROM odi_step WHERE project_id = $1 AND regime = $2`,
			projectID, string(st.Regime)).Scan(&stepID, &submitted, &action, &authority)
		if errors.Is(err, sql.ErrNoRows) {
			if err := insertStep(ctx, tx, projectID, st, now); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		if submitted.Valid {
			continue
		}
		if action != string(st.Action) || authority != st.Authority {
			changed = append(changed, string(st.Regime)+":"+action+"→"+string(st.Action))
		}
		if _, err := tx.Exec(ctx, `UPDATE odi_step SET authority = $1, action = $2, level = $3, time_limit_workdays = $4,
			extension_workdays = $5, acceptance_workdays = $6, limit_confirmed = $7, version = version + 1, updated_at = $8 WHERE id = $9`,
			st.Authority, string(st.Action), string(st.Level), st.TimeLimitWorkdays, st.ExtensionWorkdays, st.AcceptanceWorkdays,
			st.TimeLimitConfirmed, now, stepID); err != nil {
			return nil, err
		}
		if err := syncDocuments(ctx, tx, stepID, st.Documents, now); err != nil {
			return nil, err
		}
	}
	return changed, nil
}

// UpdateProject replaces what staff describe of a project (the point, enterprise and request stay)
// and routes the steps not yet submitted again, with the rules in force.
func (s *Store) UpdateProject(ctx context.Context, id int64, version int, in ProjectFields) (*Tracked, error) {
	in.normalize()
	old, err := s.loadProject(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if err := checkManage(ctx, old); err != nil {
		return nil, err
	}
	rules, err := s.CurrentRules(ctx)
	if err != nil {
		return nil, err
	}
	rate, err := in.validate(old.Project.Overrides, rules.Rules)
	if err != nil {
		return nil, err
	}
	p := in.project()
	p.Overrides = old.Project.Overrides
	a := Assess(p, rules.Rules)
	now := s.now().UTC()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE odi_project SET title = $1, enterprise_type = $2, registration = $3, country = $4, industry = $5,
			form = $6, total_usd_cents = $7, chinese_usd_cents = $8, cny_per_usd_e4 = $9, domestic_input = $10,
			via_overseas_subsidiary = $11, financing = $12, rules_version = $13, version = version + 1, updated_at = $14
			WHERE id = $15 AND version = $16`,
			in.Title, string(p.EnterpriseType), p.Registration, p.Country, p.Industry, string(p.Form), int64(p.TotalUSD),
			int64(p.ChineseUSD), rate, p.DomesticInput, p.ViaOverseasSubsidiary, strings.Join(in.Financing, ","), rules.Version, now, id, version)
		if err != nil {
			return fmt.Errorf("update project: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.ErrConflict
		}
		changed, err := reroute(ctx, tx, id, a, now)
		if err != nil {
			return err
		}
		detail := map[string]any{"fields": changedProjectFields(old, in, p, rate)}
		if len(changed) > 0 {
			detail["route"] = changed
		}
		if err := s.audit.Record(ctx, tx, audit.Entry{Action: "odi.project.update", ObjectType: "odi_project", ObjectID: old.Reference, Detail: detail}); err != nil {
			return err
		}
		return s.raiseAlerts(ctx, tx, id)
	})
	if err != nil {
		return nil, err
	}
	return s.Project(ctx, id)
}

func changedProjectFields(old *Tracked, in ProjectFields, p Project, rate int64) []string {
	var out []string
	o := old.Project
	for _, c := range []struct {
		name string
		same bool
	}{
		{"title", old.Title == in.Title}, {"enterprise_type", o.EnterpriseType == p.EnterpriseType},
		{"registration", o.Registration == p.Registration}, {"country", o.Country == p.Country}, {"industry", o.Industry == p.Industry},
		{"form", o.Form == p.Form}, {"total_investment_usd_cents", o.TotalUSD == p.TotalUSD},
		{"chinese_investment_usd_cents", o.ChineseUSD == p.ChineseUSD}, {"domestic_input", o.DomesticInput == p.DomesticInput},
		{"via_overseas_subsidiary", o.ViaOverseasSubsidiary == p.ViaOverseasSubsidiary}, {"cny_per_usd", old.CNYPerUSD == RateString(rate)},
		{"financing", slices.Equal(old.Financing, in.Financing)},
	} {
		if !c.same {
			out = append(out, c.name)
		}
	}
	return out
}

// SetOverrides replaces staff's overrides of the sensitivity flags (an empty list clears them) and
// routes the steps not yet submitted again. Each override needs a reason; the login of whoever set
// it is recorded.
func (s *Store) SetOverrides(ctx context.Context, id int64, version int, overrides []Override) (*Tracked, error) {
	old, err := s.loadProject(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if err := checkManage(ctx, old); err != nil {
		return nil, err
	}
	login := actor(ctx)
	prev := map[FlagID]Override{}
	for _, o := range old.Project.Overrides {
		prev[o.Flag] = o
	}
	for i := range overrides {
		overrides[i].Reason = strings.TrimSpace(overrides[i].Reason)
		// An override kept as it was keeps who set it.
		if o, ok := prev[overrides[i].Flag]; ok && o.Sensitive == overrides[i].Sensitive && o.Reason == overrides[i].Reason {
			overrides[i].By = o.By
		} else {
			overrides[i].By = login
		}
	}
	p := old.Project
	p.Overrides = overrides
	if err := Validate(p); err != nil {
		return nil, err
	}
	rules, err := s.CurrentRules(ctx)
	if err != nil {
		return nil, err
	}
	a := Assess(p, rules.Rules)
	now := s.now().UTC()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE odi_project SET rules_version = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4`,
			rules.Version, now, id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.ErrConflict
		}
		if _, err := tx.Exec(ctx, `DELETE FROM odi_override WHERE project_id = $1`, id); err != nil {
			return err
		}
		var detail []string
		for _, o := range overrides {
			if _, err := tx.Exec(ctx, `INSERT INTO odi_override (project_id, flag, sensitive, reason, set_by, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $6)`, id, string(o.Flag), o.Sensitive, o.Reason, o.By, now); err != nil {
				return fmt.Errorf("override: %w", err)
			}
			detail = append(detail, string(o.Flag)+"="+strconv.FormatBool(o.Sensitive)+": "+o.Reason)
		}
		changed, err := reroute(ctx, tx, id, a, now)
		if err != nil {
			return err
		}
		d := map[string]any{"overrides": detail}
		if len(changed) > 0 {
			d["route"] = changed
		}
		if err := s.audit.Record(ctx, tx, audit.Entry{Action: "odi.project.overrides", ObjectType: "odi_project", ObjectID: old.Reference, Detail: d}); err != nil {
			return err
		}
		return s.raiseAlerts(ctx, tx, id)
	})
	if err != nil {
		return nil, err
	}
	return s.Project(ctx, id)
}

// Milestones are the project's own dates: investment made, project completed, completion report
// submitted, or the enterprise gave the project up.
type Milestones struct {
	StartedOn          string `json:"started_on"`
	CompletedOn        string `json:"completed_on"`
	CompletionReportOn string `json:"completion_report_on"`
	WithdrawnOn        string `json:"withdrawn_on"`
}

// SetMilestones records the project's own dates. None may lie in the future; a completion report
// comes after completion, and completion after the investment was made.
func (s *Store) SetMilestones(ctx context.Context, id int64, version int, m Milestones) (*Tracked, error) {
	old, err := s.loadProject(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if err := checkManage(ctx, old); err != nil {
		return nil, err
	}
	today := s.today()
	var v apperr.Validator
	started := parseDateField(&v, "started_on", m.StartedOn, today)
	completed := parseDateField(&v, "completed_on", m.CompletedOn, today)
	report := parseDateField(&v, "completion_report_on", m.CompletionReportOn, today)
	withdrawn := parseDateField(&v, "withdrawn_on", m.WithdrawnOn, today)
	if !completed.IsZero() && !started.IsZero() && completed.Before(started) {
		v.Add("completed_on", "odi.date_order", dateLabel("After", "started_on")...)
	}
	switch {
	case !report.IsZero() && completed.IsZero():
		v.Add("completion_report_on", "odi.report_needs_completion")
	case !report.IsZero() && report.Before(completed):
		v.Add("completion_report_on", "odi.date_order", dateLabel("After", "completed_on")...)
	}
	if !withdrawn.IsZero() && !completed.IsZero() {
		v.Add("withdrawn_on", "odi.withdrawn_completed")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE odi_project SET started_on = $1, completed_on = $2, completion_report_on = $3, withdrawn_on = $4,
			version = version + 1, updated_at = $5 WHERE id = $6 AND version = $7`,
			nullDate(started), nullDate(completed), nullDate(report), nullDate(withdrawn), now, id, version)
		if err != nil {
			return fmt.Errorf("milestones: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.ErrConflict
		}
		if err := s.audit.Record(ctx, tx, audit.Entry{Action: "odi.project.milestones", ObjectType: "odi_project", ObjectID: old.Reference,
			Detail: map[string]any{"started_on": m.StartedOn, "completed_on": m.CompletedOn, "completion_report_on": m.CompletionReportOn,
				"withdrawn_on": m.WithdrawnOn}}); err != nil {
			return err
		}
		return s.raiseAlerts(ctx, tx, id)
	})
	if err != nil {
		return nil, err
	}
	return s.Project(ctx, id)
}

// parseDateField reads an optional YYYY-MM-DD that may not lie after today.
func parseDateField(v *apperr.Validator, field, s string, today workday.Date) workday.Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return workday.Date{}
	}
	d, err := workday.ParseDate(s)
	switch {
	case err != nil:
		v.Add(field, "odi.date_bad")
	case d.After(today):
		v.Add(field, "odi.date_future")
	}
	return d
}

func nullDate(d workday.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// dateText scans a DATE (PostgreSQL) or TEXT (SQLite) column into "YYYY-MM-DD", NULL into "".
type dateText struct{ s *string }

func (d dateText) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d.s = ""
	case time.Time:
		*d.s = x.Format(time.DateOnly)
	case string:
		*d.s = x
	case []byte:
		*d.s = string(x)
	default:
		return fmt.Errorf("date column: unexpected %T", v)
	}
	return nil
}

// date parses a stored date ("" is the zero date).
func date(s string) workday.Date {
	d, _ := workday.ParseDate(s)
	return d
}

// cleanText refuses control characters and invalid UTF-8 in one-line text.
func cleanText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// cleanNote allows line breaks in multi-line text, nothing else below space.
func cleanNote(s string) bool {
	return cleanText(strings.NewReplacer("\n", "", "\r", "", "\t", "").Replace(s))
}
