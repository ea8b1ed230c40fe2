package subsidy

import (
	"context"

	"chuhai/internal/auth"
	"chuhai/internal/workday"
)

// Reading from the connection pool while a transaction holds a programme's or an invoice's lock can
// wait forever on PostgreSQL: the transactions queued behind that lock each hold a connection, and
// once they hold every connection of the pool the lock holder's read never gets one. So whatever a
// locked decision needs from outside subsidy's own tables — the working-day calendar, the region of
// the acting reviewer's service point, who to tell at the enterprise — is read before the
// transaction takes its first lock and carried in the context.

type (
	calendarKey struct{}
	regionKey   struct{}
)

// RecipientPreloader is implemented by a Notifier that can look up an enterprise's recipients before
// a transaction takes its locks, so that NotifyEnterprise inside it reads nothing from the pool.
type RecipientPreloader interface {
	PreloadRecipients(ctx context.Context, enterpriseID int64) (context.Context, error)
}

// preload reads the calendar, the caller's point region and, for enterpriseID > 0, the enterprise's
// recipients into ctx.
func (s *Service) preload(ctx context.Context, enterpriseID int64) (context.Context, error) {
	if _, ok := ctx.Value(calendarKey{}).(*workday.Calendar); !ok {
		cal, err := s.Calendar.Calendar(ctx)
		if err != nil {
			return ctx, err
		}
		ctx = context.WithValue(ctx, calendarKey{}, cal)
	}
	if p := auth.From(ctx); p != nil {
		if _, ok := ctx.Value(regionKey{}).(string); !ok {
			region, err := s.pointRegion(ctx, p)
			if err != nil {
				return ctx, err
			}
			ctx = context.WithValue(ctx, regionKey{}, region)
		}
	}
	if pre, ok := s.Notifier.(RecipientPreloader); ok && enterpriseID > 0 {
		return pre.PreloadRecipients(ctx, enterpriseID)
	}
	return ctx, nil
}

// calendar returns the preloaded calendar, or loads it.
func (s *Service) calendar(ctx context.Context) (*workday.Calendar, error) {
	if cal, ok := ctx.Value(calendarKey{}).(*workday.Calendar); ok {
		return cal, nil
	}
	return s.Calendar.Calendar(ctx)
}
