package auth

import (
	"embed"

	"chuhai/internal/db"
)

//go:embed migrations
var migrations embed.FS

// Module is the accounts schema.
var Module = db.Module{Name: "auth", SQLite: db.Sub(migrations, "migrations/sqlite"), Postgres: db.Sub(migrations, "migrations/postgres")}
