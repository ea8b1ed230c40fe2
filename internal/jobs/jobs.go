package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"chuhai/internal/db"
)

// Job is one claimed unit of work as a handler sees it.
type Job struct {
	ID      int64
	Kind    string
	Payload []byte // JSON
	Attempt int    // 1 on the first run
	RunAt   time.Time
	Key     string
}

// Decode unmarshals the payload into v.
func (j Job) Decode(v any) error {
	if err := json.Unmarshal(j.Payload, v); err != nil {
		return Permanent(fmt.Errorf("job %d (%s): payload: %w", j.ID, j.Kind, err))
	}
	return nil
}

// States of a job.
const (
	StatePending   = "pending"
	StateDone      = "done"
	StateCancelled = "cancelled"
	StateDead      = "dead"
)

// Limits on what callers may enqueue.
const (
	MaxKindLength = 100
	MaxKeyLength  = 200
)

// Enqueue adds a job in the caller's transaction, so the job exists if and only if the change
// committed. A non-empty key makes the job unique per kind: enqueuing the same (kind, key) again —
// whatever the earlier job's state, even cancelled or done — adds nothing and returns the existing
// id. That is how a timer fires exactly once. payload is marshalled to JSON ([]byte and
// json.RawMessage are taken as JSON already).
func Enqueue(ctx context.Context, tx *db.Tx, kind string, payload any, runAt time.Time, key string) (int64, error) {
	return enqueue(ctx, tx, kind, payload, runAt, key, 0)
}

// EnqueueAttempts is Enqueue with a job-specific number of attempts (0: the runner's default).
func EnqueueAttempts(ctx context.Context, tx *db.Tx, kind string, payload any, runAt time.Time, key string, maxAttempts int) (int64, error) {
	return enqueue(ctx, tx, kind, payload, runAt, key, maxAttempts)
}

func enqueue(ctx context.Context, tx *db.Tx, kind string, payload any, runAt time.Time, key string, maxAttempts int) (int64, error) {
	if err := checkName("kind", kind, MaxKindLength, false); err != nil {
		return 0, err
	}
	if err := checkName("key", key, MaxKeyLength, true); err != nil {
		return 0, err
	}
	if maxAttempts < 0 {
		return 0, fmt.Errorf("jobs: negative max attempts %d", maxAttempts)
	}
	body, err := marshal(payload)
	if err != nil {
		return 0, fmt.Errorf("jobs: payload of %s: %w", kind, err)
	}
	now := time.Now()
	if runAt.IsZero() {
		runAt = now
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO job (kind, key, payload, run_at, max_attempts, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6)
		ON CONFLICT (kind, key) WHERE key <> '' DO NOTHING
		RETURNING id`, kind, key, string(body), runAt, maxAttempts, now).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRow(ctx, `SELECT id FROM job WHERE kind = $1 AND key = $2`, kind, key).Scan(&id)
	}
	if err != nil {
		return 0, fmt.Errorf("jobs: enqueue %s: %w", kind, err)
	}
	return id, nil
}

// Cancel stops a pending keyed job (e.g. an SLA timer no longer needed). Cancelling a job that is
// finished or does not exist does nothing. A job being run by a RegisterTx handler at that moment
// either committed first (it ran) or finds itself cancelled and rolls its work back. The key stays
// taken: to arm a timer again, use a new key.
func Cancel(ctx context.Context, tx *db.Tx, kind, key string) error {
	if key == "" {
		return errors.New("jobs: cancel needs a key")
	}
	now := time.Now()
	_, err := tx.Exec(ctx, `UPDATE job SET state = 'cancelled', done_at = $3, leased_until = NULL, updated_at = $3
		WHERE kind = $1 AND key = $2 AND state = 'pending'`, kind, key, now)
	if err != nil {
		return fmt.Errorf("jobs: cancel %s %s: %w", kind, key, err)
	}
	return nil
}

// Status is a job's bookkeeping, for tests, operators and callers that want to show a timer.
type Status struct {
	ID        int64
	Kind      string
	Key       string
	State     string
	Attempts  int
	RunAt     time.Time
	LastError string
	DoneAt    *time.Time
}

// Lookup returns the job with (kind, key), or an error wrapping sql.ErrNoRows.
func Lookup(ctx context.Context, q db.Querier, kind, key string) (Status, error) {
	return scanStatus(q.QueryRow(ctx, `SELECT `+statusColumns+` FROM job WHERE kind = $1 AND key = $2`, kind, key))
}

// Get returns the job with id, or an error wrapping sql.ErrNoRows.
func Get(ctx context.Context, q db.Querier, id int64) (Status, error) {
	return scanStatus(q.QueryRow(ctx, `SELECT `+statusColumns+` FROM job WHERE id = $1`, id))
}

const statusColumns = `id, kind, key, state, attempts, run_at, last_error, done_at`

func scanStatus(row *sql.Row) (Status, error) {
	var s Status
	var runAt, doneAt timestamp
	if err := row.Scan(&s.ID, &s.Kind, &s.Key, &s.State, &s.Attempts, &runAt, &s.LastError, &doneAt); err != nil {
		return Status{}, fmt.Errorf("jobs: %w", err)
	}
	s.RunAt = runAt.t
	if doneAt.valid {
		t := doneAt.t
		s.DoneAt = &t
	}
	return s, nil
}

func checkName(what, s string, limit int, empty bool) error {
	if s == "" && !empty {
		return fmt.Errorf("jobs: empty %s", what)
	}
	if len(s) > limit {
		return fmt.Errorf("jobs: %s longer than %d bytes", what, limit)
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return fmt.Errorf("jobs: control character in %s", what)
	}
	return nil
}

func marshal(payload any) ([]byte, error) {
	var b []byte
	switch v := payload.(type) {
	case nil:
		return []byte("{}"), nil
	case json.RawMessage:
		b = v
	case []byte:
		b = v
	default:
		return json.Marshal(v)
	}
	if !json.Valid(b) {
		return nil, errors.New("not valid JSON")
	}
	return b, nil
}

// timestamp scans a time from either engine: PostgreSQL and SQLite's declared TIMESTAMP columns
// give time.Time, while SQLite's RETURNING clause may give the stored text.
type timestamp struct {
	t     time.Time
	valid bool
}

func (ts *timestamp) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*ts = timestamp{}
		return nil
	case time.Time:
		*ts = timestamp{t: v.UTC(), valid: true}
		return nil
	case string:
		return ts.parse(v)
	case []byte:
		return ts.parse(string(v))
	}
	return fmt.Errorf("jobs: cannot scan %T as a time", src)
}

func (ts *timestamp) parse(s string) error {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			*ts = timestamp{t: t.UTC(), valid: true}
			return nil
		}
	}
	return fmt.Errorf("jobs: unreadable time %q", s)
}

// permanent marks an error that retrying cannot fix.
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent wraps err so the runner marks the job dead at once instead of retrying it (a payload
// that cannot be decoded, a recipient that no longer exists).
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanent{err}
}

// IsPermanent reports whether err was wrapped by Permanent.
func IsPermanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
