// Package network owns the service network: regions (Shanghai's districts and special areas, the G60
// cities, countries and regions), the topics a point can handle, service points of every kind with
// their capabilities, and alliances of professional firms with their members; and the questions
// "which points serve this" and "who may change the network".
package network

import (
	"context"
	"embed"
	"io/fs"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/db"
)

//go:embed migrations
var migrations embed.FS

// Module is the network schema: reference data, service points and alliances. Its Seed loads the
// reference data in data/*.csv after every migrate, so every database has it.
var Module = db.Module{Name: "network", SQLite: sub("migrations/sqlite"), Postgres: sub("migrations/postgres"), Seed: Seed}

// MembersModule holds alliance members, which reference directory providers; app lists it after the
// directory module.
var MembersModule = db.Module{Name: "network_members", SQLite: sub("migrations/members/sqlite"), Postgres: sub("migrations/members/postgres")}

func sub(dir string) fs.FS {
	f, err := fs.Sub(migrations, dir)
	if err != nil {
		panic(err)
	}
	return f
}

// Store reads and writes the network.
type Store struct {
	db    *db.DB
	audit *audit.Log
	now   func() time.Time
}

// NewStore returns a Store.
func NewStore(d *db.DB, a *audit.Log) *Store { return &Store{db: d, audit: a, now: time.Now} }

// mayChange refuses a signed-in caller who is neither a city coordinator nor a system administrator.
// The route table already says who may call each route; this keeps the rule true for every other
// caller of the store too. A context without a principal is a trusted command-line or demo caller.
func mayChange(ctx context.Context) error {
	if p := auth.From(ctx); p != nil && !p.CityWide() {
		return apperr.ErrForbidden
	}
	return nil
}
