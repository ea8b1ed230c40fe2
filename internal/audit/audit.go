// Package audit keeps the append-only, hash-chained record of every mutation: who, what, when, from
// which request and address. An entry is written in the same transaction as the change it records.
// Each entry's hash covers its own content and the previous entry's hash, and a one-row head
// checkpoint holds the newest entry's id and hash, so editing, deleting or cutting off entries — in
// the middle or at the end — is found by Verify. The package also lists entries for people (filters,
// pages, CSV export).
package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"chuhai/internal/db"
)

//go:embed migrations
var migrations embed.FS

// Module is the audit schema.
var Module = db.Module{Name: "audit", SQLite: db.Sub(migrations, "migrations/sqlite"), Postgres: db.Sub(migrations, "migrations/postgres")}

// Hash algorithms.
const (
	SHA256 = "sha256"
	SM3    = "sm3" // GB/T 32905-2016, for 密评 (commercial cryptography assessment)
)

// chainLock serialises writers on PostgreSQL, across connections and app instances, so that two
// transactions never chain onto the same entry. SQLite needs none: its writers are serialised by the
// database itself (BEGIN IMMEDIATE).
const chainLock = 0x63687568 // "chuh"

// Meta is the request context of a mutation; web puts it in the context, CLI commands do too.
type Meta struct {
	ActorID    int64
	ActorLogin string
	RequestID  string
	ClientIP   string
}

type metaKey struct{}

// WithMeta stores m in ctx.
func WithMeta(ctx context.Context, m Meta) context.Context {
	return context.WithValue(ctx, metaKey{}, m)
}

// MetaFrom returns the Meta in ctx (zero when none).
func MetaFrom(ctx context.Context) Meta { m, _ := ctx.Value(metaKey{}).(Meta); return m }

// Entry is what a mutation says about itself.
type Entry struct {
	Action     string // e.g. "network.point.create"
	ObjectType string // e.g. "service_point"
	ObjectID   string
	Detail     map[string]any // what changed; never secrets
}

// Log writes entries with one hash algorithm (SHA-256, or SM3 for 密评). Changing the algorithm
// between runs is safe: every entry stores the algorithm it was hashed with.
type Log struct {
	alg string
	now func() time.Time
}

// New returns a Log using alg (SHA256 or SM3; SHA256 when empty).
func New(alg string) (*Log, error) {
	if alg == "" {
		alg = SHA256
	}
	if !knownAlg(alg) {
		return nil, fmt.Errorf("unknown audit hash %q (want sha256 or sm3)", alg)
	}
	return &Log{alg: alg, now: time.Now}, nil
}

// Alg reports the algorithm new entries are hashed with.
func (l *Log) Alg() string { return l.alg }

func knownAlg(alg string) bool { return alg == SHA256 || alg == SM3 }

func newHash(alg string) hash.Hash {
	if alg == SM3 {
		return sm3.New()
	}
	return sha256.New()
}

// Record appends e, with the Meta from ctx, inside tx: the entry is committed or rolled back with the
// change it describes.
func (l *Log) Record(ctx context.Context, tx *db.Tx, e Entry) error {
	if e.Action == "" {
		return errors.New("audit: entry without an action")
	}
	m := MetaFrom(ctx)
	h, err := lockHead(ctx, tx)
	if err != nil {
		return err
	}
	detail, err := encodeDetail(e.Detail)
	if err != nil {
		return err
	}
	r := Row{ID: h.LastID + 1, At: l.now().UTC().Truncate(time.Microsecond), ActorID: m.ActorID,
		ActorLogin: m.ActorLogin, RequestID: m.RequestID, ClientIP: m.ClientIP, Action: e.Action,
		ObjectType: e.ObjectType, ObjectID: e.ObjectID, Detail: detail, Alg: l.alg, PrevHash: h.LastHash}
	r.Hash = r.digest()
	var actor any
	if m.ActorID != 0 {
		actor = m.ActorID
	}
	_, err = tx.Exec(ctx, `INSERT INTO audit_entry (id, at, actor_id, actor_login, request_id, client_ip, action,
		object_type, object_id, detail, alg, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
		r.ID, r.At, actor, r.ActorLogin, r.RequestID, r.ClientIP, r.Action, r.ObjectType, r.ObjectID, r.Detail,
		r.Alg, r.PrevHash, r.Hash)
	if err != nil {
		return fmt.Errorf("audit insert: %w", err)
	}
	_, err = tx.Exec(ctx, `UPDATE audit_head SET last_id = $1, last_hash = $2, updated_at = $3 WHERE id = 1`,
		r.ID, r.Hash, r.At)
	if err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	return nil
}

// encodeDetail is an entry's detail as stored: a JSON object as written, without \u003c escapes (the
// text is escaped where it is shown).
func encodeDetail(d map[string]any) (string, error) {
	if len(d) == 0 {
		return "{}", nil
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return "", fmt.Errorf("audit detail: %w", err)
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// Stamped is an entry that happened at At, for Append.
type Stamped struct {
	Entry
	At time.Time
}

// Append writes entries of past changes in one go, chained in the order given exactly as Record
// would have chained them, with the Meta from ctx: for generators of test and benchmark data, which
// write history in bulk. Verify accepts what it writes.
func (l *Log) Append(ctx context.Context, tx *db.Tx, es []Stamped) error {
	if len(es) == 0 {
		return nil
	}
	m := MetaFrom(ctx)
	h, err := lockHead(ctx, tx)
	if err != nil {
		return err
	}
	var actor any
	if m.ActorID != 0 {
		actor = m.ActorID
	}
	args := make([]any, 0, len(es)*13)
	prev := h
	for _, e := range es {
		if e.Action == "" {
			return errors.New("audit: entry without an action")
		}
		detail, err := encodeDetail(e.Detail)
		if err != nil {
			return err
		}
		r := Row{ID: prev.LastID + 1, At: e.At.UTC().Truncate(time.Microsecond), ActorID: m.ActorID, ActorLogin: m.ActorLogin,
			RequestID: m.RequestID, ClientIP: m.ClientIP, Action: e.Action, ObjectType: e.ObjectType, ObjectID: e.ObjectID,
			Detail: detail, Alg: l.alg, PrevHash: prev.LastHash}
		r.Hash = r.digest()
		prev = head{LastID: r.ID, LastHash: r.Hash}
		args = append(args, r.ID, r.At, actor, r.ActorLogin, r.RequestID, r.ClientIP, r.Action, r.ObjectType, r.ObjectID,
			r.Detail, r.Alg, r.PrevHash, r.Hash)
	}
	if err := db.InsertRows(ctx, tx, "audit_entry", []string{"id", "at", "actor_id", "actor_login", "request_id", "client_ip", "action",
		"object_type", "object_id", "detail", "alg", "prev_hash", "hash"}, args); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE audit_head SET last_id = $1, last_hash = $2, updated_at = $3 WHERE id = 1`,
		prev.LastID, prev.LastHash, l.now().UTC().Truncate(time.Microsecond)); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	return nil
}

// lockHead takes the chain (PostgreSQL serialises writers on an advisory lock; SQLite has one writer)
// and reads the checkpoint. The predecessor comes from the checkpoint, not from the newest row: were
// the newest rows deleted, chaining onto what is left would hide the deletion for good.
func lockHead(ctx context.Context, tx *db.Tx) (head, error) {
	if tx.Dialect() == db.Postgres {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, chainLock); err != nil {
			return head{}, fmt.Errorf("audit lock: %w", err)
		}
	}
	return readHead(ctx, tx)
}

// head is the checkpoint row.
type head struct {
	LastID   int64
	LastHash string
}

var errNoHead = errors.New("the audit head checkpoint is missing")

func readHead(ctx context.Context, q db.Querier) (head, error) {
	var h head
	err := q.QueryRow(ctx, `SELECT last_id, last_hash FROM audit_head WHERE id = 1`).Scan(&h.LastID, &h.LastHash)
	if errors.Is(err, sql.ErrNoRows) {
		return h, errNoHead
	}
	if err != nil {
		return h, fmt.Errorf("audit head: %w", err)
	}
	return h, nil
}

// Row is a stored entry.
type Row struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id,omitempty"`
	ActorLogin string    `json:"actor_login"`
	RequestID  string    `json:"request_id"`
	ClientIP   string    `json:"client_ip"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   string    `json:"object_id"`
	Detail     string    `json:"detail"` // a JSON object, as recorded
	Alg        string    `json:"alg"`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// digest hashes the entry's content, its id and algorithm, and its predecessor's hash. Fields are
// length-prefixed so that no two different entries serialise alike.
func (r Row) digest() string {
	h := newHash(r.Alg)
	for _, f := range []string{strconv.FormatInt(r.ID, 10), r.Alg, r.PrevHash, r.At.UTC().Format(time.RFC3339Nano),
		strconv.FormatInt(r.ActorID, 10), r.ActorLogin, r.RequestID, r.ClientIP, r.Action, r.ObjectType,
		r.ObjectID, r.Detail} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}
