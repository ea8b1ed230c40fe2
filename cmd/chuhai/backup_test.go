package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chuhai/internal/app"
	"chuhai/internal/audit"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

func TestBackupWritesAnOpenableCopyWhileTheDatabaseIsInUse(t *testing.T) {
	dsn := dbtest.DSN(t, db.SQLite)
	d := migratedDB(t, dsn)
	recordEntries(t, d, 5)
	ctx := context.Background()
	// A reader holding the database open mid-query, as a running server would.
	rows, err := d.Query(ctx, `SELECT id FROM audit_entry ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatal("no entries")
	}

	to := filepath.Join(t.TempDir(), "backup.db")
	code, out, errOut := cli(t, dsn, "backup", "--to", to)
	if code != 0 || !strings.Contains(out, "backup written to "+to) {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	rows.Close()

	copied, err := db.Open(ctx, to)
	if err != nil {
		t.Fatal(err)
	}
	defer copied.Close()
	if ok, err := copied.Current(ctx, app.Modules()...); err != nil || !ok {
		t.Fatalf("backup schema current = %v, %v", ok, err)
	}
	want, _, err := audit.List(ctx, d, audit.Filter{}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := audit.List(ctx, copied, audit.Filter{}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 || len(got) != len(want) {
		t.Fatalf("backup has %d entries, original %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("entry %d differs: %+v vs %+v", i, got[i], want[i])
		}
	}
	if res, err := audit.Verify(ctx, copied); err != nil || res.Entries != 5 {
		t.Fatalf("backup verifies %+v, %v", res, err)
	}

	code, _, errOut = cli(t, dsn, "backup", "--to", to)
	if code != 2 || !strings.Contains(errOut, "already exists") {
		t.Fatalf("overwriting a backup: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = cli(t, dsn, "backup")
	if code != 2 || !strings.Contains(errOut, "usage: chuhai backup --to FILE") {
		t.Fatalf("no --to: exit %d, stderr %q", code, errOut)
	}
}

func TestBackupOnPostgresPointsToPgDump(t *testing.T) {
	dsn := dbtest.DSN(t, db.Postgres) // skips without CHUHAI_TEST_POSTGRES
	migratedDB(t, dsn)
	to := filepath.Join(t.TempDir(), "backup.db")
	code, out, errOut := cli(t, dsn, "backup", "--to", to)
	if code == 0 || !strings.Contains(errOut, "pg_dump") || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, err := os.Stat(to); !os.IsNotExist(err) {
		t.Fatalf("a file was written: %v", err)
	}
}
