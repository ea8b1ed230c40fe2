package directory

import (
	"context"
	"fmt"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// RecordEngagementIn is RecordEngagement inside the caller's transaction: casework calls it in the
// transaction that rates an engagement (or closes its request), so the provider's count and rating
// change if and only if casework's change commits, and exactly once (casework marks the engagement
// recorded in the same transaction). The same callers may as for RecordEngagement.
func (s *Store) RecordEngagementIn(ctx context.Context, tx *db.Tx, providerID int64, e Engagement) error {
	if p := s.caller(ctx); p != nil && !p.CityWide {
		return apperr.ErrForbidden
	}
	var v apperr.Validator
	v.Check(!e.CompletedAt.IsZero() && !e.CompletedAt.After(s.now().Add(time.Hour)), "completed_at", "directory.engagement.when")
	v.Check(e.RatingTenths == 0 || e.RatingTenths >= 10 && e.RatingTenths <= 50, "rating", "directory.engagement.rating")
	if err := v.Err(); err != nil {
		return err
	}
	rated := 0
	if e.RatingTenths > 0 {
		rated = 1
	}
	// The last engagement only moves forward: engagements may be reported out of order.
	res, err := tx.Exec(ctx, `UPDATE provider SET engagements_completed = engagements_completed + 1,
		last_engagement_at = CASE WHEN last_engagement_at IS NULL OR last_engagement_at < $1 THEN $1 ELSE last_engagement_at END,
		rating_count = rating_count + $2, rating_sum = rating_sum + $3, updated_at = $4 WHERE id = $5`,
		e.CompletedAt.UTC(), rated, e.RatingTenths, s.now().UTC(), providerID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return apperr.NotFound(fmt.Sprintf("provider %d", providerID))
	}
	return s.audit.Record(ctx, tx, audit.Entry{Action: "directory.provider.engagement", ObjectType: "provider",
		ObjectID: fmt.Sprint(providerID), Detail: map[string]any{"completed_at": e.CompletedAt.UTC(), "rating_tenths": e.RatingTenths}})
}
