package directory

import (
	"context"
	"fmt"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// Engagement is one completed piece of work a provider did for an enterprise, as casework reports it.
type Engagement struct {
	CompletedAt time.Time
	// RatingTenths is the enterprise's rating in tenths of a star (10 to 50); 0 when it gave none.
	RatingTenths int
}

// RecordEngagement adds a completed engagement to a provider's activity record: the count, the last
// engagement and, when rated, the rating. Casework calls it when an engagement closes; only trusted
// callers and coordinators may, so that nobody can rate a provider without an engagement.
func (s *Store) RecordEngagement(ctx context.Context, providerID int64, e Engagement) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error { return s.RecordEngagementIn(ctx, tx, providerID, e) })
}

// IdleFilter narrows IdleProviders.
type IdleFilter struct {
	Months        int    // idle for at least this many months (1 to 120)
	Alliance      string // members of this alliance only
	Limit, Offset int
}

// IdleProviders lists verified providers with no completed engagement for at least Months months —
// counting from their verification (or creation) when they never had one — longest idle first, and
// the total. Alliance admins use it to review members that deliver nothing.
func (s *Store) IdleProviders(ctx context.Context, f IdleFilter) ([]Provider, int, error) {
	if p := s.caller(ctx); p != nil && !p.Staff {
		return nil, 0, apperr.ErrForbidden
	}
	if f.Months < 1 || f.Months > 120 {
		return nil, 0, apperr.Invalid(apperr.F("months", "directory.idle.months", "Max", 120))
	}
	cutoff := s.now().UTC().AddDate(0, -f.Months, 0)
	where := []string{"status = $1", "COALESCE(last_engagement_at, verified_at, created_at) < $2"}
	args := []any{ProviderVerified, cutoff}
	if a := strings.TrimSpace(f.Alliance); a != "" {
		if s.network == nil {
			return nil, 0, errNoNetwork
		}
		ids, err := s.allianceMembers(ctx, a)
		if err != nil {
			return nil, 0, err
		}
		if len(ids) == 0 {
			return []Provider{}, 0, nil
		}
		in, more := idList(len(args), ids)
		where = append(where, "id IN "+in)
		args = append(args, more...)
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM provider WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	n := len(args)
	rows, err := s.db.Query(ctx, `SELECT `+providerColumns+` FROM provider WHERE `+cond+
		fmt.Sprintf(` ORDER BY COALESCE(last_engagement_at, verified_at, created_at), id LIMIT $%d OFFSET $%d`, n+1, n+2),
		append(args, f.Limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, err
	}
	out, err := collectProviders(rows)
	if err != nil {
		return nil, 0, err
	}
	ptrs := make([]*Provider, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, total, s.attachMemberships(ctx, ptrs)
}

func collectProviders(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}) ([]Provider, error) {
	defer rows.Close()
	out := []Provider{}
	for rows.Next() {
		p, err := scanProvider(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Conflict is a declared conflict of interest between a provider and an enterprise: the provider
// acts for the other side, is related to the enterprise, or has a dispute with it. Matching never
// proposes the provider to that enterprise.
type Conflict struct {
	ProviderID   int64     `json:"provider_id"`
	EnterpriseID int64     `json:"enterprise_id"`
	Reason       string    `json:"reason"`
	CreatedAt    time.Time `json:"created_at"`
}

// DeclareConflict records a conflict; the provider's admins and staff may. Declaring it twice is
// harmless.
func (s *Store) DeclareConflict(ctx context.Context, providerID, enterpriseID int64, reason string) error {
	if err := s.mayEditProvider(ctx, providerID); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	var v apperr.Validator
	v.Check(enterpriseID > 0, "enterprise_id", "error.bad_id")
	required(&v, "reason", reason, maxReason)
	if err := v.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM provider_conflict WHERE provider_id = $1 AND enterprise_id = $2`,
			providerID, enterpriseID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		var by any
		if p := s.caller(ctx); p != nil {
			by = p.UserID
		}
		now := s.now().UTC()
		_, err := tx.Exec(ctx, `INSERT INTO provider_conflict (provider_id, enterprise_id, reason, declared_by, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$5)`, providerID, enterpriseID, reason, by, now)
		if db.IsForeignKeyViolation(err) {
			return apperr.Invalid(apperr.F("enterprise_id", "directory.conflict.unknown"))
		}
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "directory.provider.conflict.declare", ObjectType: "provider",
			ObjectID: fmt.Sprint(providerID), Detail: map[string]any{"enterprise_id": enterpriseID, "reason": reason}})
	})
}

// WithdrawConflict removes a declared conflict; staff only, since a provider could otherwise lift
// its own declaration to win work it should not.
func (s *Store) WithdrawConflict(ctx context.Context, providerID, enterpriseID int64) error {
	if p := s.caller(ctx); p != nil && !p.Staff {
		return apperr.ErrForbidden
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM provider_conflict WHERE provider_id = $1 AND enterprise_id = $2`, providerID, enterpriseID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return apperr.NotFound("conflict")
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "directory.provider.conflict.withdraw", ObjectType: "provider",
			ObjectID: fmt.Sprint(providerID), Detail: map[string]any{"enterprise_id": enterpriseID}})
	})
}

// Conflicts lists a provider's declared conflicts; its own users and staff may see them.
func (s *Store) Conflicts(ctx context.Context, providerID int64) ([]Conflict, error) {
	if !s.mayViewProviderRecord(ctx, providerID) {
		return nil, apperr.ErrForbidden
	}
	rows, err := s.db.Query(ctx, `SELECT provider_id, enterprise_id, reason, created_at FROM provider_conflict WHERE provider_id = $1
		ORDER BY created_at, id`, providerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Conflict{}
	for rows.Next() {
		var c Conflict
		if err := rows.Scan(&c.ProviderID, &c.EnterpriseID, &c.Reason, &c.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
