// Package directory owns enterprises (USCC, industry, home district, markets) and service providers
// (categories, service menu, coverage, languages), and matches providers to an enterprise's need.
package directory

import (
	"embed"
	"io/fs"

	"chuhai/internal/audit"
	"chuhai/internal/db"
)

//go:embed migrations
var migrations embed.FS

// Module is the directory schema; it follows network (home districts are regions).
var Module = db.Module{Name: "directory", SQLite: sub("migrations/sqlite"), Postgres: sub("migrations/postgres")}

func sub(dir string) fs.FS {
	f, err := fs.Sub(migrations, dir)
	if err != nil {
		panic(err)
	}
	return f
}

// Store reads and writes the directory.
type Store struct {
	db    *db.DB
	audit *audit.Log
}

// NewStore returns a Store.
func NewStore(d *db.DB, a *audit.Log) *Store { return &Store{db: d, audit: a} }
