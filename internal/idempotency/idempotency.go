// Package idempotency keeps the Idempotency-Key records that make a retried POST do its work once:
// the first request with a key claims it, its response is stored, and a retry with the same key and
// the same body gets the stored response back instead of running again. The records live in the
// database, so retries that land on another instance, or after a restart, are caught as well. It
// knows nothing of what the requests do.
package idempotency

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"time"

	"chuhai/internal/db"
)

//go:embed migrations
var migrations embed.FS

// Module is the idempotency schema.
var Module = db.Module{Name: "idempotency", SQLite: db.Sub(migrations, "migrations/sqlite"), Postgres: db.Sub(migrations, "migrations/postgres")}

// Defaults: a key is remembered for a day (clients retry within minutes; the IETF draft suggests
// at least 24 hours), and a claim whose request has not finished within the lease is taken to be
// abandoned (its process died) and may be claimed again.
const (
	DefaultTTL   = 24 * time.Hour
	DefaultLease = time.Minute
	MaxKeyLength = 255
)

// Store reads and writes the records.
type Store struct {
	db    *db.DB
	now   func() time.Time
	ttl   time.Duration
	lease time.Duration
}

// NewStore returns a Store with the default lifetime and lease.
func NewStore(d *db.DB) *Store {
	return &Store{db: d, now: time.Now, ttl: DefaultTTL, lease: DefaultLease}
}

// WithClock returns a copy of s that reads the time from now (for tests).
func (s *Store) WithClock(now func() time.Time) *Store {
	c := *s
	c.now = now
	return &c
}

// ValidKey reports whether key is acceptable: 1 to 255 printable ASCII characters.
func ValidKey(key string) bool {
	if key == "" || len(key) > MaxKeyLength {
		return false
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x20 || key[i] > 0x7e {
			return false
		}
	}
	return true
}

// Outcome is what Begin decided.
type Outcome int

const (
	// Proceed: the caller holds the claim; it runs the request, then calls Complete or Release.
	Proceed Outcome = iota
	// Replay: the request was done before; send the stored response.
	Replay
	// InProgress: the first request with this key is still running.
	InProgress
	// Mismatch: the key was used for a different request (another route or body).
	Mismatch
)

// Response is a stored response.
type Response struct {
	Status      int
	ContentType string
	Location    string
	Body        []byte
}

// Begin claims key for a request in scope (the caller's identity) on route with the given hash of
// method, path and body, or says why not.
func (s *Store) Begin(ctx context.Context, scope, key, route, hash string) (Outcome, Response, error) {
	var out Outcome
	var resp Response
	now := s.now().UTC()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		out, resp = Proceed, Response{}
		// Forget a bounded batch of expired keys on the way, so the table stays small without a
		// separate sweeper.
		if _, err := tx.Exec(ctx, `DELETE FROM idempotency_key WHERE (scope, key) IN
			(SELECT scope, key FROM idempotency_key WHERE expires_at < $1 LIMIT 100)`, now); err != nil {
			return fmt.Errorf("idempotency purge: %w", err)
		}
		res, err := tx.Exec(ctx, `INSERT INTO idempotency_key (scope, key, route, request_hash, status, created_at, updated_at, expires_at)
			VALUES ($1, $2, $3, $4, 0, $5, $5, $6) ON CONFLICT (scope, key) DO NOTHING`, scope, key, route, hash, now, now.Add(s.ttl))
		if err != nil {
			return fmt.Errorf("idempotency claim: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 1 {
			return nil
		}
		var oldRoute, oldHash string
		var status int
		var updated time.Time
		var body []byte
		err = tx.QueryRow(ctx, `SELECT route, request_hash, status, content_type, location, body, updated_at
			FROM idempotency_key WHERE scope = $1 AND key = $2`, scope, key).
			Scan(&oldRoute, &oldHash, &status, &resp.ContentType, &resp.Location, &body, &updated)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("idempotency key vanished: %w", err)
		}
		if err != nil {
			return err
		}
		switch {
		case oldRoute != route || oldHash != hash:
			out = Mismatch
		case status != 0:
			out, resp.Status, resp.Body = Replay, status, body
		case now.Sub(updated) < s.lease:
			out = InProgress
		default:
			// The first request's process died without finishing: claim the key afresh. What it may
			// have written is the domain's to find (creations carry the key themselves).
			_, err = tx.Exec(ctx, `UPDATE idempotency_key SET updated_at = $1, expires_at = $2 WHERE scope = $3 AND key = $4`,
				now, now.Add(s.ttl), scope, key)
		}
		return err
	})
	return out, resp, err
}

// Complete stores the response of the request that holds the claim.
func (s *Store) Complete(ctx context.Context, scope, key string, r Response) error {
	if r.Status == 0 {
		return errors.New("idempotency: a stored response needs a status")
	}
	body := r.Body
	if body == nil {
		body = []byte{}
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE idempotency_key SET status = $1, content_type = $2, location = $3, body = $4, updated_at = $5
			WHERE scope = $6 AND key = $7`, r.Status, r.ContentType, r.Location, body, s.now().UTC(), scope, key)
		return err
	})
}

// Release gives the claim up (the request failed and changed nothing), so the client may retry
// with the same key.
func (s *Store) Release(ctx context.Context, scope, key string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM idempotency_key WHERE scope = $1 AND key = $2 AND status = 0`, scope, key)
		return err
	})
}

// keyContext carries the key of the request being served, for domain code that records it with
// what it creates (see Key).
type keyContext struct{}

// WithKey stores the request's Idempotency-Key (already scoped to the caller) in ctx.
func WithKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, keyContext{}, key)
}

// Key returns the Idempotency-Key of the request being served, or "". Domain code that creates
// records may store it with a unique constraint: if a process dies after committing but before the
// response was stored, the retry (after the lease) finds the record instead of creating another.
func Key(ctx context.Context) string {
	k, _ := ctx.Value(keyContext{}).(string)
	return k
}
