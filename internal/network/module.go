// Package network owns the service network: regions (Shanghai's districts, the G60 cities, countries),
// service points of every kind with their capabilities, and alliances with their members; and the
// jurisdiction questions "which points serve this" and "who may act where".
package network

import (
	"embed"
	"io/fs"

	"chuhai/internal/audit"
	"chuhai/internal/db"
)

//go:embed migrations
var migrations embed.FS

// Module is the network schema.
var Module = db.Module{Name: "network", SQLite: sub("migrations/sqlite"), Postgres: sub("migrations/postgres")}

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
}

// NewStore returns a Store.
func NewStore(d *db.DB, a *audit.Log) *Store { return &Store{db: d, audit: a} }
