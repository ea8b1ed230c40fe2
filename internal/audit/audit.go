// Package audit keeps the append-only, hash-chained record of every mutation: who, what, when, from
// which request and address. An entry is written in the same transaction as the change it records,
// and each entry's hash covers the previous entry's hash, so editing or deleting any entry breaks the
// chain from that point on, which Verify reports.
package audit

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io/fs"
	"strconv"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"chuhai/internal/db"
)

//go:embed migrations
var migrations embed.FS

// Module is the audit schema.
var Module = db.Module{Name: "audit", SQLite: sub("migrations/sqlite"), Postgres: sub("migrations/postgres")}

func sub(dir string) fs.FS {
	f, err := fs.Sub(migrations, dir)
	if err != nil {
		panic(err)
	}
	return f
}

// Hash algorithms.
const (
	SHA256 = "sha256"
	SM3    = "sm3"
)

// chainLock serialises writers on PostgreSQL so that two instances never chain onto the same entry.
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

// Log writes and checks entries with one hash algorithm (SHA-256, or SM3 for 密评).
type Log struct {
	alg string
	now func() time.Time
}

// New returns a Log using alg (SHA256 or SM3).
func New(alg string) (*Log, error) {
	if alg == "" {
		alg = SHA256
	}
	if alg != SHA256 && alg != SM3 {
		return nil, fmt.Errorf("unknown audit hash %q (want sha256 or sm3)", alg)
	}
	return &Log{alg: alg, now: time.Now}, nil
}

func newHash(alg string) hash.Hash {
	if alg == SM3 {
		return sm3.New()
	}
	return sha256.New()
}

// Record appends e, with the Meta from ctx, inside tx.
func (l *Log) Record(ctx context.Context, tx *db.Tx, e Entry) error {
	m := MetaFrom(ctx)
	if tx.Dialect() == db.Postgres {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, chainLock); err != nil {
			return fmt.Errorf("audit lock: %w", err)
		}
	}
	prev := ""
	err := tx.QueryRow(ctx, `SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1`).Scan(&prev)
	if err != nil && !isNoRows(err) {
		return fmt.Errorf("audit head: %w", err)
	}
	detail := "{}"
	if len(e.Detail) > 0 {
		b, err := json.Marshal(e.Detail)
		if err != nil {
			return fmt.Errorf("audit detail: %w", err)
		}
		detail = string(b)
	}
	r := Row{At: l.now().UTC().Truncate(time.Microsecond), ActorID: m.ActorID, ActorLogin: m.ActorLogin,
		RequestID: m.RequestID, ClientIP: m.ClientIP, Action: e.Action, ObjectType: e.ObjectType,
		ObjectID: e.ObjectID, Detail: detail, Alg: l.alg, PrevHash: prev}
	r.Hash = r.digest()
	var actor any
	if m.ActorID != 0 {
		actor = m.ActorID
	}
	_, err = tx.Exec(ctx, `INSERT INTO audit_entry (at, actor_id, actor_login, request_id, client_ip, action,
		object_type, object_id, detail, alg, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
		r.At, actor, r.ActorLogin, r.RequestID, r.ClientIP, r.Action, r.ObjectType, r.ObjectID, r.Detail,
		r.Alg, r.PrevHash, r.Hash)
	if err != nil {
		return fmt.Errorf("audit insert: %w", err)
	}
	return nil
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
	Detail     string    `json:"detail"`
	Alg        string    `json:"-"`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// digest hashes the entry's content with its predecessor's hash. Fields are length-prefixed so that
// no two different entries serialise alike.
func (r Row) digest() string {
	h := newHash(r.Alg)
	for _, f := range []string{r.PrevHash, r.At.UTC().Format(time.RFC3339Nano), strconv.FormatInt(r.ActorID, 10),
		r.ActorLogin, r.RequestID, r.ClientIP, r.Action, r.ObjectType, r.ObjectID, r.Detail} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}
