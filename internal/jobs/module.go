package jobs

import (
	"embed"
	"io/fs"

	"chuhai/internal/db"
)

//go:embed migrations
var migrations embed.FS

// Module is the job table's schema.
var Module = db.Module{Name: "jobs", SQLite: sub("migrations/sqlite"), Postgres: sub("migrations/postgres")}

func sub(dir string) fs.FS {
	f, err := fs.Sub(migrations, dir)
	if err != nil {
		panic(err)
	}
	return f
}
