// Package dbtest gives storage tests a fresh, migrated database on every engine: SQLite always, and
// PostgreSQL too when CHUHAI_TEST_POSTGRES holds a DSN. Each test gets its own SQLite file or its own
// PostgreSQL schema, dropped at the end, so tests run in parallel.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"chuhai/internal/db"
)

// EnvPostgres names the variable holding the PostgreSQL DSN for tests.
const EnvPostgres = "CHUHAI_TEST_POSTGRES"

// Each runs fn once per available engine, as parallel subtests named "sqlite" and "postgres", each on
// a freshly migrated database.
func Each(t *testing.T, modules []db.Module, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	for _, dialect := range Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			fn(t, Open(t, dialect, modules...))
		})
	}
}

// Dialects lists the engines this test run covers.
func Dialects() []db.Dialect {
	if os.Getenv(EnvPostgres) != "" {
		return []db.Dialect{db.SQLite, db.Postgres}
	}
	return []db.Dialect{db.SQLite}
}

// Open returns a fresh migrated database of the given engine, closed and removed when t ends.
func Open(t testing.TB, dialect db.Dialect, modules ...db.Module) *db.DB {
	t.Helper()
	dsn := DSN(t, dialect)
	d, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Migrate(context.Background(), modules...); err != nil {
		t.Fatalf("migrate %s: %v", dialect, err)
	}
	return d
}

// DSN returns a connection string for an empty database of its own: a file in a temporary directory,
// or a new schema in the test PostgreSQL database (dropped when t ends).
func DSN(t testing.TB, dialect db.Dialect) string {
	t.Helper()
	if dialect == db.SQLite {
		return filepath.Join(t.TempDir(), "chuhai.db")
	}
	base := os.Getenv(EnvPostgres)
	if base == "" {
		t.Skip(EnvPostgres + " not set")
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
