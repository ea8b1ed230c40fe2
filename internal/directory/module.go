// Package directory owns enterprises (USCC, industry, size, ownership, home district, target markets,
// overseas entities, contacts) and service providers (categories, service menu with prices, countries,
// languages, offices, licences, contacts, status and activity), their import from and export to
// spreadsheets, and the ranking of providers for an enterprise's need (Match).
package directory

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/binary"
	"time"

	"chuhai/internal/audit"
	"chuhai/internal/db"
	"chuhai/internal/search"
)

//go:embed migrations
var migrations embed.FS

// Module is the directory schema; it follows network (home districts and countries are regions).
var Module = db.Module{Name: "directory", SQLite: db.Sub(migrations, "migrations/sqlite"), Postgres: db.Sub(migrations, "migrations/postgres")}

// Store reads and writes the directory.
type Store struct {
	db      *db.DB
	audit   *audit.Log
	network Network
	now     func() time.Time
	seed    func() uint64 // a fresh rotation seed for each Match
	callers func(ctx context.Context) *Caller
	regions regionCache
	matches matchCache
	search  *search.Index // providers' full text; nil: lists search names and codes only
}

// Option configures a Store.
type Option func(*Store)

// WithNetwork gives the store the service network (regions, points, alliance memberships).
func WithNetwork(n Network) Option { return func(s *Store) { s.network = n } }

// WithCallers tells the store how to find who is calling; without it every caller is trusted.
func WithCallers(f func(ctx context.Context) *Caller) Option { return func(s *Store) { s.callers = f } }

// WithSearch keeps every provider in the shared full-text index, written in the transaction that
// writes the provider, and lets provider lists search it.
func WithSearch(ix *search.Index) Option { return func(s *Store) { s.search = ix } }

// WithClock replaces the clock (tests).
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// WithSeed replaces the source of Match's rotation seeds (tests make rotation reproducible).
func WithSeed(seed func() uint64) Option { return func(s *Store) { s.seed = seed } }

// NewStore returns a Store.
func NewStore(d *db.DB, a *audit.Log, opts ...Option) *Store {
	s := &Store{db: d, audit: a, now: time.Now, seed: randomSeed}
	for _, o := range opts {
		o(s)
	}
	return s
}

func randomSeed() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:])
}
