package casework

import (
	"context"
	"fmt"
	"time"

	"chuhai/internal/auth"
	"chuhai/internal/db"
)

// sweepQuery finds due timers that have not fired. It reads the partial index casework_timer_due
// (due_at, id WHERE fired_at IS NULL), so its cost grows with the timers due, never with the requests on
// record; a test checks the plan on both engines, and BenchmarkCasework at scale.
const sweepQuery = `SELECT id, request_id, clock, stage, round, subject_id, due_at FROM casework_timer
	WHERE fired_at IS NULL AND due_at <= $1 ORDER BY due_at, id LIMIT $2`

// Fired is a timer the sweep fired, for tests and logs.
type Fired struct {
	TimerID   int64
	RequestID int64
	Clock     string
	Stage     string
	Effective bool // false when the clock had stopped in the meantime and the timer did nothing
}

type timer struct {
	id, requestID, subjectID int64
	clock, stage             string
	round                    int
	dueAt                    time.Time
	tell                     []int64  // who is told when it fires
	provider                 Provider // referral timers
}

// Sweep fires up to limit due timers. It first reads the due timers and what their notices need
// (outside any transaction: on PostgreSQL a transaction must not wait for a second pooled
// connection); then, in one transaction, it marks each fired — a conditional update, so a timer
// another sweep got to first is skipped — together with what firing does (the timeline entry, the
// escalation, the notices). A timer therefore fires exactly once however many instances sweep and
// whenever a process dies. Timers are taken in (due_at, id) order by every sweeper, so concurrent
// sweeps on PostgreSQL wait for each other's rows in the same order and never deadlock.
func (s *Store) Sweep(ctx context.Context, limit int) ([]Fired, error) {
	if limit <= 0 {
		limit = 100
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	rows, err := s.db.Query(ctx, sweepQuery, now, limit)
	if err != nil {
		return nil, fmt.Errorf("due timers: %w", err)
	}
	var due []timer
	for rows.Next() {
		var t timer
		if err := rows.Scan(&t.id, &t.requestID, &t.clock, &t.stage, &t.round, &t.subjectID, &t.dueAt); err != nil {
			rows.Close()
			return nil, err
		}
		due = append(due, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(due) == 0 {
		return nil, err
	}
	for i := range due {
		if err := s.prepareFiring(ctx, &due[i]); err != nil {
			return nil, err
		}
	}
	var out []Fired
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		out = out[:0]
		for _, t := range due {
			res, err := tx.Exec(ctx, `UPDATE casework_timer SET fired_at = $1, updated_at = $1 WHERE id = $2 AND fired_at IS NULL`, now, t.id)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				continue // fired by another sweep, or its clock stopped
			}
			effective, err := s.fire(ctx, tx, t, now)
			if err != nil {
				return fmt.Errorf("fire timer %d: %w", t.id, err)
			}
			out = append(out, Fired{TimerID: t.id, RequestID: t.requestID, Clock: t.clock, Stage: t.stage, Effective: effective})
		}
		return nil
	})
	return out, err
}

// prepareFiring looks up who a timer's notice goes to, and for a referral its provider.
func (s *Store) prepareFiring(ctx context.Context, t *timer) error {
	r, err := requestWhere(ctx, s.db, `r.id = $1`, t.requestID)
	if err != nil {
		return err
	}
	switch {
	case t.clock == "referral":
		var providerID int64
		if err := s.db.QueryRow(ctx, `SELECT provider_id FROM casework_referral WHERE id = $1`, t.subjectID).Scan(&providerID); err != nil {
			return err
		}
		providers, err := s.directory.Providers(ctx, []int64{providerID})
		if err != nil {
			return err
		}
		t.provider = providers[providerID]
		t.provider.ID = providerID
		t.tell, err = s.staffToTell(ctx, r)
		return err
	case t.stage == "warning":
		t.tell, err = s.staffToTell(ctx, r)
	case t.stage == "breach":
		t.tell, err = s.pointUsers(ctx, r.pointID, auth.PointLead)
		t.tell = append(t.tell, r.assigneeID)
	case t.stage == "escalation" && s.recipients != nil:
		t.tell, err = s.recipients.Coordinators(ctx)
	}
	return err
}

// fire does what a due timer means. A clock that has stopped since (its timers are deleted then, so
// this is a safety net) makes the timer a no-op.
func (s *Store) fire(ctx context.Context, tx *db.Tx, t timer, now time.Time) (bool, error) {
	r, err := requestWhere(ctx, tx, `r.id = $1`, t.requestID)
	if err != nil {
		return false, err
	}
	if t.clock == "referral" {
		return s.expireReferral(ctx, tx, r, t, now)
	}
	running := IsOpen(r.State) && (t.clock == "response" && r.SLA.RespondedAt == nil || t.clock == "resolution" && r.SLA.ResolvedAt == nil)
	if !running {
		return false, nil
	}
	due := r.SLA.ResponseDueAt
	if t.clock == "resolution" {
		due = r.SLA.ResolutionDueAt
	}
	kind := "sla_" + t.stage
	detail := map[string]any{"clock": t.clock, "due_at": due, "round": t.round}
	switch t.stage {
	case "breach":
		detail["escalated_to"] = "point_lead"
	case "escalation":
		detail["escalated_to"] = "city_coordinator"
	}
	if err := s.addEvent(ctx, tx, r.ID, event{kind: kind, pointID: r.pointID, detail: detail}, now); err != nil {
		return false, err
	}
	notice := Notice{Topic: slaTopic(t.stage), Key: "casework.notice.sla_" + t.stage + ".subject",
		BodyKey: "casework.notice.sla_" + t.stage + "." + t.clock,
		Data:    noticeData(r, "Due", due.In(shanghai).Format("2006-01-02 15:04")), Link: requestLink(r)}
	if err := s.notify(ctx, tx, t.tell, notice); err != nil {
		return false, err
	}
	if err := s.publish(ctx, tx, r.pointID, notice); err != nil {
		return false, err
	}
	return true, s.record(ctx, tx, "casework.sla."+t.stage, "casework_request", r.Ref, detail)
}

// expireReferral lapses a referral nobody answered by its deadline.
func (s *Store) expireReferral(ctx context.Context, tx *db.Tx, r Request, t timer, now time.Time) (bool, error) {
	res, err := tx.Exec(ctx, `UPDATE casework_referral SET status = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND status = $4`,
		ReferralExpired, now, t.subjectID, ReferralOffered)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	if err := s.addEvent(ctx, tx, r.ID, event{kind: "referral_expired", pointID: r.pointID, public: true,
		detail: map[string]any{"provider": t.provider.NameZh, "referral_id": t.subjectID}}, now); err != nil {
		return false, err
	}
	if err := s.notify(ctx, tx, t.tell, Notice{Topic: TopicReferral, Key: "casework.notice.referral_expired.subject",
		BodyKey: "casework.notice.referral_expired.body", Data: noticeData(r, "Provider", t.provider.NameZh), Link: requestLink(r)}); err != nil {
		return false, err
	}
	return true, s.record(ctx, tx, "casework.referral.expired", "casework_referral", fmt.Sprint(t.subjectID), map[string]any{"ref": r.Ref})
}

// SweepAll fires every due timer, a batch at a time, and reports how many fired.
func (s *Store) SweepAll(ctx context.Context) (int, error) {
	const batch = 200
	total := 0
	for {
		fired, err := s.Sweep(ctx, batch)
		total += len(fired)
		if err != nil || len(fired) == 0 {
			return total, err
		}
	}
}
