package jobs

import (
	"embed"

	"chuhai/internal/db"
)

//go:embed migrations
var migrations embed.FS

// Module is the job table's schema.
var Module = db.Module{Name: "jobs", SQLite: db.Sub(migrations, "migrations/sqlite"), Postgres: db.Sub(migrations, "migrations/postgres")}
