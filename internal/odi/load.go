package odi

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/db"
	"chuhai/internal/money"
	"chuhai/internal/workday"
)

const projectColumns = `p.id, p.reference, p.point_id, p.enterprise_id, p.enterprise_uscc, p.enterprise_name_zh, p.enterprise_name_en,
	p.home_district, COALESCE(p.request_reference, ''), p.title, p.enterprise_type, p.registration, p.country, p.industry, p.form,
	p.total_usd_cents, p.chinese_usd_cents, p.cny_per_usd_e4, p.domestic_input, p.via_overseas_subsidiary, p.financing,
	p.rules_version, p.started_on, p.completed_on, p.completion_report_on, p.withdrawn_on, p.opened_by, p.version, p.created_at, p.updated_at`

func scanProject(row interface{ Scan(...any) error }) (*Tracked, error) {
	t := &Tracked{}
	var et, form, financing string
	var total, chinese, rate int64
	err := row.Scan(&t.ID, &t.Reference, &t.PointID, &t.Enterprise.ID, &t.Enterprise.USCC, &t.Enterprise.NameZh, &t.Enterprise.NameEn,
		&t.Enterprise.HomeDistrict, &t.RequestReference, &t.Title, &et, &t.Project.Registration, &t.Project.Country, &t.Project.Industry,
		&form, &total, &chinese, &rate, &t.Project.DomesticInput, &t.Project.ViaOverseasSubsidiary, &financing, &t.RulesVersion,
		dateText{&t.StartedOn}, dateText{&t.CompletedOn}, dateText{&t.CompletionReportOn}, dateText{&t.WithdrawnOn},
		&t.OpenedBy, &t.Version, &t.CreatedAt, &t.UpdatedAt)
	if err != nil {
		return nil, err
	}
	t.Project.EnterpriseType, t.Project.Form = EnterpriseType(et), Form(form)
	t.Project.TotalUSD, t.Project.ChineseUSD = money.Cents(total), money.Cents(chinese)
	t.CNYPerUSD = RateString(rate)
	// The amounts are bounded by MaxInvestment and the rate by MaxRateE4, so neither overflows.
	t.TotalRMB, _ = RMBEquivalent(t.Project.TotalUSD, rate)
	t.ChineseRMB, _ = RMBEquivalent(t.Project.ChineseUSD, rate)
	t.Financing = []string{}
	if financing != "" {
		t.Financing = strings.Split(financing, ",")
	}
	t.Status = StatusActive
	switch {
	case t.WithdrawnOn != "":
		t.Status = StatusWithdrawn
	case t.CompletedOn != "":
		t.Status = StatusCompleted
	}
	t.Steps, t.RouteChanged, t.Alerts = []TrackedStep{}, []Regime{}, []AlertEntry{}
	return t, nil
}

// loadProject reads a project with its overrides, steps, pauses, checklists and alerts, without
// access checks or clocks.
func (s *Store) loadProject(ctx context.Context, q db.Querier, id int64) (*Tracked, error) {
	t, err := scanProject(q.QueryRow(ctx, `SELECT `+projectColumns+` FROM odi_project p WHERE p.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFound(fmt.Sprintf("odi project %d", id))
	}
	if err != nil {
		return nil, fmt.Errorf("odi project %d: %w", id, err)
	}
	rows, err := q.Query(ctx, `SELECT flag, sensitive, reason, set_by FROM odi_override WHERE project_id = $1 ORDER BY flag`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var o Override
		var flag string
		if err := rows.Scan(&flag, &o.Sensitive, &o.Reason, &o.By); err != nil {
			rows.Close()
			return nil, err
		}
		o.Flag = FlagID(flag)
		t.Project.Overrides = append(t.Project.Overrides, o)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	slices.SortFunc(t.Project.Overrides, func(a, b Override) int { return slices.Index(FlagIDs, a.Flag) - slices.Index(FlagIDs, b.Flag) })
	if err := loadSteps(ctx, q, []*Tracked{t}, true); err != nil {
		return nil, err
	}
	t.Alerts, err = projectAlerts(ctx, q, id)
	return t, err
}

func placeholders(n int) string {
	p := make([]string, n)
	for i := range p {
		p[i] = "$" + strconv.Itoa(i+1)
	}
	return strings.Join(p, ", ")
}

var regimeOrder = []Regime{RegimeNDRC, RegimeMOFCOM, RegimeSAFE}

// loadSteps reads the steps and pauses of projects; with docs, their checklists and files too.
func loadSteps(ctx context.Context, q db.Querier, ps []*Tracked, docs bool) error {
	if len(ps) == 0 {
		return nil
	}
	byID := map[int64]*Tracked{}
	args := make([]any, len(ps))
	for i, p := range ps {
		byID[p.ID], args[i] = p, p.ID
	}
	rows, err := q.Query(ctx, `SELECT project_id, id, regime, authority, action, level, time_limit_workdays, extension_workdays,
		acceptance_workdays, limit_confirmed, submitted_on, accepted_on, decided_on, decision, extended_workdays, notice_number,
		valid_until, note, version FROM odi_step WHERE project_id IN (`+placeholders(len(ps))+`) ORDER BY project_id, id`, args...)
	if err != nil {
		return fmt.Errorf("odi steps: %w", err)
	}
	for rows.Next() {
		var pid int64
		var st TrackedStep
		var regime, action, level string
		if err := rows.Scan(&pid, &st.ID, &regime, &st.Authority, &action, &level, &st.TimeLimitWorkdays, &st.ExtensionWorkdays,
			&st.AcceptanceWorkdays, &st.TimeLimitConfirmed, dateText{&st.SubmittedOn}, dateText{&st.AcceptedOn}, dateText{&st.DecidedOn},
			&st.Decision, &st.ExtendedWorkdays, &st.NoticeNumber, dateText{&st.ValidUntil}, &st.Note, &st.Version); err != nil {
			rows.Close()
			return err
		}
		st.Regime, st.Action, st.Level = Regime(regime), Action(action), Level(level)
		st.Pauses, st.Documents = []Pause{}, []DocumentStatus{}
		byID[pid].Steps = append(byID[pid].Steps, st)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	steps := map[int64]*TrackedStep{}
	var stepArgs []any
	for _, p := range ps {
		slices.SortFunc(p.Steps, func(a, b TrackedStep) int {
			return slices.Index(regimeOrder, a.Regime) - slices.Index(regimeOrder, b.Regime)
		})
		for i := range p.Steps {
			steps[p.Steps[i].ID] = &p.Steps[i]
			stepArgs = append(stepArgs, p.Steps[i].ID)
		}
	}
	if len(stepArgs) == 0 {
		return nil
	}
	in := placeholders(len(stepArgs))
	rows, err = q.Query(ctx, `SELECT step_id, id, requested_on, resumed_on, note FROM odi_pause WHERE step_id IN (`+in+`)
		ORDER BY step_id, requested_on, id`, stepArgs...)
	if err != nil {
		return fmt.Errorf("odi pauses: %w", err)
	}
	for rows.Next() {
		var sid int64
		var pa Pause
		if err := rows.Scan(&sid, &pa.ID, dateText{&pa.RequestedOn}, dateText{&pa.ResumedOn}, &pa.Note); err != nil {
			rows.Close()
			return err
		}
		steps[sid].Pauses = append(steps[sid].Pauses, pa)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if !docs {
		return nil
	}
	rows, err = q.Query(ctx, `SELECT step_id, id, doc, name_zh, name_en, status, note, version, updated_at FROM odi_document
		WHERE step_id IN (`+in+`) ORDER BY step_id, position, id`, stepArgs...)
	if err != nil {
		return fmt.Errorf("odi documents: %w", err)
	}
	docByID := map[int64]*DocumentStatus{}
	type ref struct{ step, doc int64 }
	var order []ref
	for rows.Next() {
		var sid int64
		var d DocumentStatus
		if err := rows.Scan(&sid, &d.ID, &d.Doc, &d.Zh, &d.En, &d.Status, &d.Note, &d.Version, &d.UpdatedAt); err != nil {
			rows.Close()
			return err
		}
		d.Files = []FileInfo{}
		steps[sid].Documents = append(steps[sid].Documents, d)
		order = append(order, ref{sid, d.ID})
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, r := range order {
		st := steps[r.step]
		for i := range st.Documents {
			if st.Documents[i].ID == r.doc {
				docByID[r.doc] = &st.Documents[i]
			}
		}
	}
	rows, err = q.Query(ctx, `SELECT f.document_id, f.id, f.filename, f.content_type, f.size, f.sha256, f.uploaded_by, f.created_at
		FROM odi_file f JOIN odi_document d ON d.id = f.document_id WHERE d.step_id IN (`+in+`) ORDER BY f.id`, stepArgs...)
	if err != nil {
		return fmt.Errorf("odi files: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var did int64
		var f FileInfo
		if err := rows.Scan(&did, &f.ID, &f.Filename, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedBy, &f.CreatedAt); err != nil {
			return err
		}
		if d := docByID[did]; d != nil {
			d.Files = append(d.Files, f)
		}
	}
	return rows.Err()
}

// clockContext is what clocks and current assessments need: the calendar, the rules in force and
// the day.
type clockContext struct {
	cal   *workday.Calendar
	rules Rules
	today workday.Date
}

func (s *Store) clockContext(ctx context.Context) (clockContext, error) {
	cal, err := s.workday.Calendar(ctx)
	if err != nil {
		return clockContext{}, err
	}
	rules, err := s.CurrentRules(ctx)
	if err != nil {
		return clockContext{}, err
	}
	return clockContext{cal: cal, rules: rules.Rules, today: s.today()}, nil
}

// times is what the clock of st depends on.
func (st *TrackedStep) times() StepTimes {
	t := StepTimes{Action: st.Action, LimitWorkdays: st.TimeLimitWorkdays, ExtendedWorkdays: st.ExtendedWorkdays,
		AcceptWorkdays: st.AcceptanceWorkdays, Submitted: date(st.SubmittedOn), Accepted: date(st.AcceptedOn), Decided: date(st.DecidedOn)}
	for _, p := range st.Pauses {
		t.Pauses = append(t.Pauses, Span{From: date(p.RequestedOn), To: date(p.ResumedOn)})
	}
	return t
}

// decorate fills in what is computed rather than stored: clocks, authority names, the current
// assessment, route changes and the completion report's due date.
func (cc clockContext) decorate(t *Tracked) {
	for i := range t.Steps {
		st := &t.Steps[i]
		st.AuthorityName = AuthorityName(st.Authority, t.Project.Registration)
		st.Clock = ComputeClock(cc.cal, st.times(), cc.today)
	}
	t.Assessment = Assess(t.Project, cc.rules)
	for _, now := range t.Assessment.Steps {
		if st := t.Step(now.Regime); st != nil && st.SubmittedOn != "" && (st.Action != now.Action || st.Authority != now.Authority) {
			t.RouteChanged = append(t.RouteChanged, now.Regime)
		}
	}
	if t.CompletedOn != "" && completionReportApplies(t) {
		due, prov := cc.cal.AddWorkdays(date(t.CompletedOn), cc.rules.TimeLimits.NDRCCompletionReport)
		t.CompletionReportDue, t.CompletionReportProvisional = due.String(), prov
	}
}

// completionReportApplies: NDRC Order No. 11 (Art. 44) asks a completion report of projects it
// approved or filed.
func completionReportApplies(t *Tracked) bool {
	st := t.Step(RegimeNDRC)
	return st != nil && (st.Action == Approval || st.Action == Filing)
}

// Project returns a tracked project with its clocks, if the caller may see it.
func (s *Store) Project(ctx context.Context, id int64) (*Tracked, error) {
	t, err := s.loadProject(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if err := checkView(ctx, t); err != nil {
		return nil, err
	}
	cc, err := s.clockContext(ctx)
	if err != nil {
		return nil, err
	}
	cc.decorate(t)
	if err := s.pointNames(ctx, []*Tracked{t}); err != nil {
		return nil, err
	}
	return t, nil
}

// ProjectByReference returns a tracked project by its reference number.
func (s *Store) ProjectByReference(ctx context.Context, ref string) (*Tracked, error) {
	var id int64
	err := s.db.QueryRow(ctx, `SELECT id FROM odi_project WHERE reference = $1`, strings.ToUpper(strings.TrimSpace(ref))).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFound("odi project " + ref)
	}
	if err != nil {
		return nil, err
	}
	return s.Project(ctx, id)
}

// ProjectForRequest returns the tracked project opened from a casework request (apperr.ErrNotFound
// when there is none): a request has at most one.
func (s *Store) ProjectForRequest(ctx context.Context, requestRef string) (*Tracked, error) {
	var id int64
	err := s.db.QueryRow(ctx, `SELECT id FROM odi_project WHERE request_reference = $1`, strings.ToUpper(strings.TrimSpace(requestRef))).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFound("odi project for request " + clip(requestRef, 40))
	}
	if err != nil {
		return nil, err
	}
	return s.Project(ctx, id)
}

// pointNames fills in the serving points' codes and names.
func (s *Store) pointNames(ctx context.Context, ps []*Tracked) error {
	seen := map[int64][3]string{}
	for _, p := range ps {
		n, ok := seen[p.PointID]
		if !ok {
			pt, err := s.network.PointByID(ctx, p.PointID)
			if err != nil {
				return err
			}
			n = [3]string{pt.Code, pt.NameZh, pt.NameEn}
			seen[p.PointID] = n
		}
		p.PointCode, p.PointNameZh, p.PointNameEn = n[0], n[1], n[2]
	}
	return nil
}
