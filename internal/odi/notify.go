package odi

import (
	"context"
	"fmt"
	"time"

	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/jobs"
	"chuhai/internal/notify"
)

// Notification topics of ODI alerts; app makes them known to notify. Deadlines reach people by
// email unless they opt out, like casework's SLA warnings.
var Topics = []notify.Topic{
	{Code: "odi.deadline", NameKey: "odi.topic.deadline", EmailByDefault: true},
	{Code: "odi.notice", NameKey: "odi.topic.notice", EmailByDefault: true},
	{Code: "odi.completion", NameKey: "odi.topic.completion", EmailByDefault: true},
}

func topicOf(kind string) string {
	switch kind {
	case AlertNoticeExpiring, AlertNoticeExpired:
		return "odi.notice"
	case AlertCompletionDue, AlertCompletionOverdue:
		return "odi.completion"
	}
	return "odi.deadline"
}

// StaffNotifier tells every active account of the project's serving point about an alert, through
// notify's outbox (inbox, and email or webhooks as each person chose), in the alert's transaction.
func StaffNotifier(n *notify.Service, accounts *auth.Service) Notifier {
	return func(ctx context.Context, tx *db.Tx, a Alert) error {
		const page = 100
		for offset := 0; ; offset += page {
			users, total, err := accounts.ListUsers(ctx, auth.UserFilter{PointID: a.PointID, Status: "active"}, auth.Page{Limit: page, Offset: offset})
			if err != nil {
				return err
			}
			for _, u := range users {
				if err := n.Send(ctx, tx, notify.Message{UserID: u.ID, Topic: topicOf(a.Kind), Key: "odi.alert.subject." + a.Kind,
					BodyKey: a.Message.Key, Data: a.Message.Data, Link: fmt.Sprintf("/odi/projects/%d", a.ProjectID)}); err != nil {
					return err
				}
			}
			if offset+page >= total {
				return nil
			}
		}
	}
}

// SweepKind is the job that raises the alerts the passing days call for.
const SweepKind = "odi.sweep"

// sweepHour is when, Beijing time, the daily sweep runs: before the working day starts.
const sweepHour = 6

// Register gives the job runner the daily sweep.
func (s *Store) Register(r *jobs.Runner) {
	r.Register(SweepKind, func(ctx context.Context, job jobs.Job) error {
		if _, err := s.Sweep(ctx); err != nil {
			return err
		}
		return s.db.InTx(ctx, func(tx *db.Tx) error { return s.armSweep(ctx, tx) })
	})
}

// armSweep schedules the next daily sweep, once per day however often it is called: each change to
// a project calls it, and each sweep arms the next one while projects remain in hand.
func (s *Store) armSweep(ctx context.Context, tx *db.Tx) error {
	var open bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM odi_project WHERE withdrawn_on IS NULL AND completion_report_on IS NULL)`).Scan(&open); err != nil {
		return err
	}
	if !open {
		return nil
	}
	next := s.today().AddDays(1)
	_, err := jobs.Enqueue(ctx, tx, SweepKind, struct{}{}, next.At(sweepHour, 0, shanghai).In(time.UTC), "sweep:"+next.String())
	return err
}
