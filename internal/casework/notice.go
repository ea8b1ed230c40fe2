package casework

import (
	"context"
	"fmt"
	"slices"

	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/notify"
)

// Notice is one message to one user (see notify.Message).
type Notice = notify.Message

// Notifier writes notices into the outbox inside the caller's transaction, and publishes events to
// a point's webhooks; notify.Service is one.
type Notifier interface {
	Send(ctx context.Context, tx *db.Tx, m notify.Message) error
	Publish(ctx context.Context, tx *db.Tx, e notify.Event) error
}

// Recipients finds the users to tell. app wires the account service in.
type Recipients interface {
	// PointUsers are the active users of a point with one of the roles.
	PointUsers(ctx context.Context, pointID int64, roles ...auth.Role) ([]int64, error)
	// Coordinators are the active city coordinators.
	Coordinators(ctx context.Context) ([]int64, error)
	// ProviderUsers are the active users of a provider.
	ProviderUsers(ctx context.Context, providerID int64) ([]int64, error)
}

// Notice topics (notify's codes), which users choose channels for in their preferences.
const (
	TopicRequestNew    = "casework.request_new"
	TopicAssigned      = "casework.assigned"
	TopicStatus        = "casework.status_changed"
	TopicTransfer      = "casework.transfer"
	TopicCollaboration = "casework.collaboration"
	TopicReferral      = "casework.referral"
	TopicEngagement    = "casework.engagement"
	TopicFeedback      = "casework.feedback"
)

// slaTopic is the topic of an SLA stage.
func slaTopic(stage string) string {
	switch stage {
	case "warning":
		return "casework.sla_warning"
	case "breach":
		return "casework.sla_breach"
	}
	return "casework.sla_escalation"
}

// notify writes a notice for each user (once each, skipping the one acting).
func (s *Store) notify(ctx context.Context, tx *db.Tx, users []int64, n Notice) error {
	if s.notifier == nil {
		return nil
	}
	var me int64
	if p := auth.From(ctx); p != nil {
		me = p.UserID
	}
	var sent []int64
	for _, u := range users {
		if u == 0 || u == me || slices.Contains(sent, u) {
			continue
		}
		sent = append(sent, u)
		n.UserID = u
		if err := s.notifier.Send(ctx, tx, n); err != nil {
			return fmt.Errorf("notify: %w", err)
		}
	}
	return nil
}

// publish tells a point's webhooks of an event once, however many of its staff are told.
func (s *Store) publish(ctx context.Context, tx *db.Tx, pointID int64, n Notice) error {
	if s.notifier == nil {
		return nil
	}
	return s.notifier.Publish(ctx, tx, notify.Event{PointID: pointID, Topic: n.Topic, Key: n.Key, BodyKey: n.BodyKey, Data: n.Data, Link: n.Link})
}

func (s *Store) pointUsers(ctx context.Context, pointID int64, roles ...auth.Role) ([]int64, error) {
	if s.recipients == nil {
		return nil, nil
	}
	return s.recipients.PointUsers(ctx, pointID, roles...)
}

// staffToTell is the request's assignee, or when nobody is assigned, everybody at its point.
func (s *Store) staffToTell(ctx context.Context, r Request) ([]int64, error) {
	if r.assigneeID != 0 {
		return []int64{r.assigneeID}, nil
	}
	return s.pointUsers(ctx, r.pointID, auth.PointStaff, auth.PointLead)
}

func requestLink(r Request) string { return "/console/casework/requests/" + r.Ref }

func noticeData(r Request, extra ...any) map[string]any {
	d := map[string]any{"Ref": r.Ref, "Title": r.Title}
	for i := 0; i+1 < len(extra); i += 2 {
		d[fmt.Sprint(extra[i])] = extra[i+1]
	}
	return d
}
