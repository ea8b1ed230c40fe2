package casework

import (
	"context"
	"fmt"
	"slices"

	"chuhai/internal/auth"
	"chuhai/internal/db"
)

// Notice is one message to one user, written in the caller's transaction (an outbox row) and
// delivered later by the notification service. BodyKey and Key are catalogue ids; Data fills them.
type Notice struct {
	UserID  int64
	Topic   string // the kind of notice, for users' preferences: casework.sla, casework.request, ...
	Key     string // subject
	BodyKey string
	Data    map[string]any
	Link    string
}

// Notifier writes notices into the outbox inside a transaction. app wires the notification
// service in.
type Notifier interface {
	Notify(ctx context.Context, tx *db.Tx, n Notice) error
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

// Notice topics, which users may mute in their preferences.
const (
	TopicRequest  = "casework.request"
	TopicSLA      = "casework.sla"
	TopicReferral = "casework.referral"
)

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
		if err := s.notifier.Notify(ctx, tx, n); err != nil {
			return fmt.Errorf("notify: %w", err)
		}
	}
	return nil
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
