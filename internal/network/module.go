// Package network owns the service network: regions (Shanghai's districts and special areas, the G60
// cities, countries and regions), the topics a point can handle, service points of every kind with
// their capabilities, and alliances of professional firms with their members; and the questions
// "which points serve this" and "who may change the network".
package network

import (
	"embed"
	"time"

	"chuhai/internal/audit"
	"chuhai/internal/db"
	"chuhai/internal/readcache"
)

//go:embed migrations
var migrations embed.FS

// Module is the network schema: reference data, service points and alliances. Its Seed loads the
// reference data in data/*.csv after every migrate, so every database has it.
var Module = db.Module{Name: "network", SQLite: db.Sub(migrations, "migrations/sqlite"), Postgres: db.Sub(migrations, "migrations/postgres"), Seed: Seed}

// MembersModule holds alliance members, which reference directory providers; app lists it after the
// directory module.
var MembersModule = db.Module{Name: "network_members", SQLite: db.Sub(migrations, "migrations/members/sqlite"), Postgres: db.Sub(migrations, "migrations/members/postgres")}

// Store reads and writes the network. Who may call its mutations is declared on the routes
// (city coordinators and system administrators); the store enforces the rules of the data.
type Store struct {
	db    *db.DB
	audit *audit.Log
	now   func() time.Time
	reads *readcache.Cache[any] // nil: every read queries
}

// NewStore returns a Store that reads afresh every time.
func NewStore(d *db.DB, a *audit.Log) *Store { return &Store{db: d, audit: a, now: time.Now} }

// CacheReads makes the store keep the results of its list reads (points, regions, topics and their
// counts) for up to ttl. Its own writes clear them at once; another instance's writes show within
// ttl. The network changes a few times a day and is read on every page, so a second is plenty.
func (s *Store) CacheReads(ttl time.Duration) { s.reads = readcache.New[any](ttl, 512) }

// cached returns the result of load kept under key, or runs it.
func cached[T any](s *Store, key string, load func() (T, error)) (T, error) {
	if s.reads == nil {
		return load()
	}
	v, err := s.reads.Get(key, func() (any, error) { return load() })
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}

// Generation changes whenever this instance writes to the network, so that caches of what is derived
// from its reads (encoded API responses) can follow.
func (s *Store) Generation() uint64 { return s.reads.Generation() }

// changed forgets cached reads; every write calls it once its transaction has ended.
func (s *Store) changed() { s.reads.Clear() }
