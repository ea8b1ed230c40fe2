package odi

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
	"chuhai/internal/workday"
)

// Decisions an authority may take.
const (
	Granted   = "granted"
	Refused   = "refused"
	Withdrawn = "withdrawn" // the enterprise withdrew the application
)

// Decisions lists the decisions.
var Decisions = []string{Granted, Refused, Withdrawn}

const (
	maxPauses       = 20
	maxNoticeRunes  = 100
	noticeValidYear = 2 // NDRC notices and MOFCOM certificates lapse after two years unused
)

// StepInput records what happened at one authority. Dates are YYYY-MM-DD; empty means not yet.
type StepInput struct {
	SubmittedOn string `json:"submitted_on"`
	AcceptedOn  string `json:"accepted_on"`
	DecidedOn   string `json:"decided_on"`
	Decision    string `json:"decision"` // granted, refused or withdrawn, with decided_on
	// ExtendedWorkdays is an extension of the time limit the authority granted (at most the step's
	// extension_workdays).
	ExtendedWorkdays int          `json:"extended_workdays"`
	NoticeNumber     string       `json:"notice_number"`
	Note             string       `json:"note"`
	Pauses           []PauseInput `json:"pauses"`
	Version          int          `json:"version"`
}

// PauseInput is a request for more documents and the day they arrived (empty while waiting).
type PauseInput struct {
	RequestedOn string `json:"requested_on"`
	ResumedOn   string `json:"resumed_on"`
	Note        string `json:"note"`
}

// stepDates is a validated StepInput.
type stepDates struct {
	submitted, accepted, decided workday.Date
	pauses                       []Span
	validUntil                   workday.Date
}

// validateStep checks in against the step it records and today: dates must be real, not in the
// future, and in order — submitted ≤ accepted ≤ decided, every request for documents after
// submission and before the decision, each answered before the next, only the last one open and
// only while undecided.
func validateStep(st *TrackedStep, in *StepInput, today workday.Date) (stepDates, error) {
	var v apperr.Validator
	var d stepDates
	in.Decision = strings.TrimSpace(in.Decision)
	in.NoticeNumber = strings.TrimSpace(in.NoticeNumber)
	in.Note = strings.TrimSpace(in.Note)
	d.submitted = parseDateField(&v, "submitted_on", in.SubmittedOn, today)
	d.accepted = parseDateField(&v, "accepted_on", in.AcceptedOn, today)
	d.decided = parseDateField(&v, "decided_on", in.DecidedOn, today)
	if st.Action == NoAction && (!d.submitted.IsZero() || !d.accepted.IsZero() || !d.decided.IsZero() || len(in.Pauses) > 0) {
		v.Add("submitted_on", "odi.step_not_required")
		return d, v.Err()
	}
	order := func(field string, later, earlier workday.Date, earlierField string) {
		if !later.IsZero() && !earlier.IsZero() && later.Before(earlier) {
			v.Add(field, "odi.date_order", dateLabel("After", earlierField)...)
		}
	}
	if d.submitted.IsZero() {
		v.Check(d.accepted.IsZero(), "accepted_on", "odi.date_needs", dateLabel("Field", "submitted_on")...)
		v.Check(d.decided.IsZero(), "decided_on", "odi.date_needs", dateLabel("Field", "submitted_on")...)
	}
	order("accepted_on", d.accepted, d.submitted, "submitted_on")
	order("decided_on", d.decided, d.submitted, "submitted_on")
	order("decided_on", d.decided, d.accepted, "accepted_on")
	switch {
	case d.decided.IsZero() && in.Decision != "":
		v.Add("decision", "odi.decision_needs_date")
	case !d.decided.IsZero() && in.Decision == "":
		v.Add("decision", "error.required")
	case in.Decision != "" && !slices.Contains(Decisions, in.Decision):
		v.Add("decision", "error.bad_choice")
	}
	switch {
	case utf8.RuneCountInString(in.NoticeNumber) > maxNoticeRunes || !cleanText(in.NoticeNumber):
		v.Add("notice_number", "error.too_long", "Max", maxNoticeRunes)
	case in.NoticeNumber != "" && in.Decision != Granted:
		v.Add("notice_number", "odi.notice_needs_grant")
	}
	if utf8.RuneCountInString(in.Note) > maxNoteRunes || !cleanNote(in.Note) {
		v.Add("note", "error.too_long", "Max", maxNoteRunes)
	}
	if in.ExtendedWorkdays < 0 || in.ExtendedWorkdays > st.ExtensionWorkdays {
		v.Add("extended_workdays", "odi.extension_range", "Max", st.ExtensionWorkdays)
	}
	if len(in.Pauses) > maxPauses {
		v.Add("pauses", "odi.pauses_too_many", "Max", maxPauses)
		return d, v.Err()
	}
	var prevEnd workday.Date
	for i := range in.Pauses {
		p := &in.Pauses[i]
		p.Note = strings.TrimSpace(p.Note)
		f := fmt.Sprintf("pauses[%d]", i)
		from := parseDateField(&v, f+".requested_on", p.RequestedOn, today)
		to := parseDateField(&v, f+".resumed_on", p.ResumedOn, today)
		switch {
		case strings.TrimSpace(p.RequestedOn) == "":
			v.Add(f+".requested_on", "error.required")
		case d.submitted.IsZero():
			v.Add(f+".requested_on", "odi.date_needs", dateLabel("Field", "submitted_on")...)
		default:
			order(f+".requested_on", from, d.submitted, "submitted_on")
			if !d.decided.IsZero() && from.After(d.decided) {
				v.Add(f+".requested_on", "odi.date_before", dateLabel("Before", "decided_on")...)
			}
			if i > 0 && (prevEnd.IsZero() || from.Before(prevEnd)) {
				v.Add(f+".requested_on", "odi.pause_overlap")
			}
		}
		switch {
		case to.IsZero() && !d.decided.IsZero():
			v.Add(f+".resumed_on", "odi.pause_open_decided")
		case to.IsZero() && i < len(in.Pauses)-1:
			v.Add(f+".resumed_on", "error.required")
		case !to.IsZero():
			order(f+".resumed_on", to, from, f+".requested_on")
			if !d.decided.IsZero() && to.After(d.decided) {
				v.Add(f+".resumed_on", "odi.date_before", dateLabel("Before", "decided_on")...)
			}
		}
		if utf8.RuneCountInString(p.Note) > maxNoteRunes || !cleanNote(p.Note) {
			v.Add(f+".note", "error.too_long", "Max", maxNoteRunes)
		}
		d.pauses = append(d.pauses, Span{From: from, To: to})
		prevEnd = to
	}
	if err := v.Err(); err != nil {
		return d, err
	}
	if in.Decision == Granted && (st.Action == Approval || st.Action == Filing) && st.Regime != RegimeSAFE {
		t := d.decided.At(12, 0, time.UTC).AddDate(noticeValidYear, 0, -1)
		d.validUntil = workday.DateOf(t)
	}
	return d, nil
}

// SaveStep records the dates and decision of one step of a project (regime ndrc, mofcom or safe).
// version is the step's version as read.
func (s *Store) SaveStep(ctx context.Context, projectID int64, regime Regime, in StepInput) (*Tracked, error) {
	t, err := s.loadProject(ctx, s.db, projectID)
	if err != nil {
		return nil, err
	}
	if err := checkManage(ctx, t); err != nil {
		return nil, err
	}
	st := t.Step(regime)
	if st == nil {
		return nil, apperr.NotFound(fmt.Sprintf("step %s of odi project %d", regime, projectID))
	}
	d, err := validateStep(st, &in, s.today())
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE odi_step SET submitted_on = $1, accepted_on = $2, decided_on = $3, decision = $4,
			extended_workdays = $5, notice_number = $6, valid_until = $7, note = $8, version = version + 1, updated_at = $9
			WHERE id = $10 AND version = $11`,
			nullDate(d.submitted), nullDate(d.accepted), nullDate(d.decided), in.Decision, in.ExtendedWorkdays, in.NoticeNumber,
			nullDate(d.validUntil), in.Note, now, st.ID, in.Version)
		if err != nil {
			return fmt.Errorf("save step: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.ErrConflict
		}
		if _, err := tx.Exec(ctx, `DELETE FROM odi_pause WHERE step_id = $1`, st.ID); err != nil {
			return err
		}
		for i, p := range d.pauses {
			if _, err := tx.Exec(ctx, `INSERT INTO odi_pause (step_id, requested_on, resumed_on, note, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $5)`, st.ID, p.From.String(), nullDate(p.To), in.Pauses[i].Note, now); err != nil {
				return fmt.Errorf("save pause: %w", err)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE odi_project SET updated_at = $1 WHERE id = $2`, now, projectID); err != nil {
			return err
		}
		detail := map[string]any{"regime": string(regime), "submitted_on": in.SubmittedOn, "accepted_on": in.AcceptedOn,
			"decided_on": in.DecidedOn, "decision": in.Decision, "extended_workdays": in.ExtendedWorkdays,
			"notice_number": in.NoticeNumber, "pauses": len(d.pauses)}
		if err := s.audit.Record(ctx, tx, audit.Entry{Action: "odi.step.save", ObjectType: "odi_project", ObjectID: t.Reference, Detail: detail}); err != nil {
			return err
		}
		return s.raiseAlerts(ctx, tx, projectID)
	})
	if err != nil {
		return nil, err
	}
	return s.Project(ctx, projectID)
}

// dateLabels name the date fields in messages about their order.
var dateLabels = map[string]Name{
	"submitted_on":         {"提交日期", "the submission date"},
	"accepted_on":          {"受理日期", "the acceptance date"},
	"decided_on":           {"决定日期", "the decision date"},
	"requested_on":         {"要求补充材料的日期", "the date more documents were requested"},
	"started_on":           {"投资实施日期", "the date the investment was made"},
	"completed_on":         {"项目完成日期", "the completion date"},
	"from":                 {"起始日期", "the start date"},
	"completion_report_on": {"竣工报告提交日期", "the completion report date"},
}

// dateLabel returns template data naming field (its last part) in both languages, under name+"Zh"
// and name+"En".
func dateLabel(name, field string) []any {
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		field = field[i+1:]
	}
	n, ok := dateLabels[field]
	if !ok {
		n = Name{field, field}
	}
	return []any{name + "Zh", n.Zh, name + "En", n.En}
}
