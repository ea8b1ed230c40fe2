package odi

import (
	"context"
	"fmt"
	"time"

	"chuhai/internal/audit"
	"chuhai/internal/db"
	"chuhai/internal/workday"
)

// Alert kinds.
const (
	AlertNear              = "clock_near"         // a statutory clock is near its limit
	AlertOverdue           = "clock_overdue"      // past its limit, undecided
	AlertAcceptance        = "acceptance_overdue" // not accepted within the acceptance time
	AlertNoticeExpiring    = "notice_expiring"    // a notice or certificate lapses soon and nothing was invested
	AlertNoticeExpired     = "notice_expired"
	AlertCompletionDue     = "completion_report_due" // the project is complete: report within the limit
	AlertCompletionOverdue = "completion_report_overdue"
)

// NoticeReminderDays is how long before a notice or certificate lapses its holder is reminded.
const NoticeReminderDays = 60

// Alert is raised once about a project; Notifier delivers it.
type Alert struct {
	ProjectID    int64   `json:"project_id"`
	Reference    string  `json:"reference"`
	Title        string  `json:"title"`
	PointID      int64   `json:"point_id"`
	EnterpriseID int64   `json:"enterprise_id"`
	Regime       Regime  `json:"regime,omitempty"`
	Kind         string  `json:"kind"`
	Key          string  `json:"key"` // what makes the alert happen once
	DueOn        string  `json:"due_on,omitempty"`
	Message      Message `json:"message"`
}

// AlertEntry is an alert raised about a project.
type AlertEntry struct {
	ID        int64     `json:"id"`
	Regime    Regime    `json:"regime,omitempty"`
	Kind      string    `json:"kind"`
	DueOn     string    `json:"due_on,omitempty"`
	Message   Message   `json:"message"`
	CreatedAt time.Time `json:"created_at"`
}

var regimeNames = map[Regime]Name{
	RegimeNDRC:   {"发展改革部门", "development and reform"},
	RegimeMOFCOM: {"商务部门", "commerce"},
	RegimeSAFE:   {"银行外汇登记", "bank foreign-exchange registration"},
}

func alertMessage(reference, title string, regime Regime, kind, due string) Message {
	n := regimeNames[regime]
	return Message{Key: "odi.alert." + kind, Data: map[string]any{"Reference": reference, "Title": title,
		"StepZh": n.Zh, "StepEn": n.En, "DueOn": due}}
}

// DueAlerts lists the alerts a decorated project calls for on today. It is pure; recording them
// once is raiseAlerts' job.
func DueAlerts(t *Tracked, today workday.Date) []Alert {
	if t.Status == StatusWithdrawn {
		return nil
	}
	var out []Alert
	add := func(regime Regime, kind, key, due string) {
		out = append(out, Alert{ProjectID: t.ID, Reference: t.Reference, Title: t.Title, PointID: t.PointID, EnterpriseID: t.Enterprise.ID,
			Regime: regime, Kind: kind, Key: fmt.Sprintf("odi:%d:%s", t.ID, key), DueOn: due,
			Message: alertMessage(t.Reference, t.Title, regime, kind, due)})
	}
	for _, st := range t.Steps {
		c := st.Clock
		switch {
		case c.Phase == PhaseAcceptance && c.AcceptanceOverdue:
			add(st.Regime, AlertAcceptance, string(st.Regime)+":acceptance:"+st.SubmittedOn, c.AcceptanceDueOn)
		case c.Phase != PhaseDecided && c.Overdue:
			add(st.Regime, AlertOverdue, string(st.Regime)+":overdue:"+st.AcceptedOn, c.DueOn)
		case c.Phase != PhaseDecided && c.Near:
			// Keyed by the due day, so a pause that moves it gives a fresh reminder.
			add(st.Regime, AlertNear, string(st.Regime)+":near:"+c.DueOn, c.DueOn)
		}
		if st.Decision == Granted && st.ValidUntil != "" && t.StartedOn == "" {
			until := date(st.ValidUntil)
			switch {
			case today.After(until):
				add(st.Regime, AlertNoticeExpired, string(st.Regime)+":expired:"+st.ValidUntil, st.ValidUntil)
			case !today.AddDays(NoticeReminderDays).Before(until):
				add(st.Regime, AlertNoticeExpiring, string(st.Regime)+":expiring:"+st.ValidUntil, st.ValidUntil)
			}
		}
	}
	if t.CompletionReportDue != "" && t.CompletionReportOn == "" {
		if today.After(date(t.CompletionReportDue)) {
			add(RegimeNDRC, AlertCompletionOverdue, "completion:overdue:"+t.CompletedOn, t.CompletionReportDue)
		} else {
			add(RegimeNDRC, AlertCompletionDue, "completion:due:"+t.CompletedOn, t.CompletionReportDue)
		}
	}
	return out
}

// raiseAlerts records, inside tx, the alerts project id calls for that were not raised before, and
// hands each new one to the notifier.
func (s *Store) raiseAlerts(ctx context.Context, tx *db.Tx, id int64) error {
	cc, err := s.clockContext(ctx)
	if err != nil {
		return err
	}
	if _, err := s.raise(ctx, tx, id, cc); err != nil {
		return err
	}
	return s.armSweep(ctx, tx)
}

// raise records and delivers the new alerts of project id, with the calendar and rules of cc.
func (s *Store) raise(ctx context.Context, tx *db.Tx, id int64, cc clockContext) (int, error) {
	t, err := s.loadProject(ctx, tx, id)
	if err != nil {
		return 0, err
	}
	cc.decorate(t)
	now := s.now().UTC()
	raised := 0
	for _, a := range DueAlerts(t, cc.today) {
		res, err := tx.Exec(ctx, `INSERT INTO odi_alert (project_id, regime, kind, key, due_on, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (key) DO NOTHING`, id, string(a.Regime), a.Kind, a.Key, nullDate(date(a.DueOn)), now)
		if err != nil {
			return 0, fmt.Errorf("raise alert: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue
		}
		raised++
		if err := s.audit.Record(ctx, tx, audit.Entry{Action: "odi.alert", ObjectType: "odi_project", ObjectID: t.Reference,
			Detail: map[string]any{"kind": a.Kind, "regime": string(a.Regime), "due_on": a.DueOn}}); err != nil {
			return 0, err
		}
		if s.Notify != nil {
			if err := s.Notify(ctx, tx, a); err != nil {
				return 0, fmt.Errorf("notify %s: %w", a.Key, err)
			}
		}
	}
	return raised, nil
}

func projectAlerts(ctx context.Context, q db.Querier, projectID int64) ([]AlertEntry, error) {
	var ref, title string
	if err := q.QueryRow(ctx, `SELECT reference, title FROM odi_project WHERE id = $1`, projectID).Scan(&ref, &title); err != nil {
		return nil, err
	}
	rows, err := q.Query(ctx, `SELECT id, regime, kind, due_on, created_at FROM odi_alert WHERE project_id = $1 ORDER BY id DESC`, projectID)
	if err != nil {
		return nil, fmt.Errorf("odi alerts: %w", err)
	}
	defer rows.Close()
	out := []AlertEntry{}
	for rows.Next() {
		var a AlertEntry
		var regime string
		if err := rows.Scan(&a.ID, &regime, &a.Kind, dateText{&a.DueOn}, &a.CreatedAt); err != nil {
			return nil, err
		}
		a.Regime = Regime(regime)
		a.Message = alertMessage(ref, title, a.Regime, a.Kind, a.DueOn)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Sweep raises the alerts that the passing of time calls for on every project still in hand —
// clocks reaching or passing their limits, notices about to lapse, completion reports due — and
// returns how many were raised. A daily job runs it; running it again raises nothing new.
func (s *Store) Sweep(ctx context.Context) (int, error) {
	// One calendar and one set of rules for the whole sweep: building them per project would read
	// the calendar tables thousands of times.
	cc, err := s.clockContext(ctx)
	if err != nil {
		return 0, err
	}
	var last int64
	raised := 0
	for {
		rows, err := s.db.Query(ctx, `SELECT id FROM odi_project WHERE id > $1 AND withdrawn_on IS NULL AND completion_report_on IS NULL
			ORDER BY id LIMIT 200`, last)
		if err != nil {
			return raised, fmt.Errorf("sweep: %w", err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return raised, err
			}
			ids = append(ids, id)
		}
		if err := rows.Close(); err != nil {
			return raised, err
		}
		if len(ids) == 0 {
			return raised, nil
		}
		for _, id := range ids {
			var n int
			err := s.db.InTx(ctx, func(tx *db.Tx) error {
				var err error
				n, err = s.raise(ctx, tx, id, cc)
				return err
			})
			if err != nil {
				return raised, err
			}
			raised += n
		}
		last = ids[len(ids)-1]
	}
}
