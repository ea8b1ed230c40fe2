package main

import (
	"context"
	"strings"
	"testing"

	"chuhai/internal/app"
	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// migratedDB opens dsn and applies every migration, as `chuhai migrate up` would.
func migratedDB(t *testing.T, dsn string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Migrate(context.Background(), app.Modules()...); err != nil {
		t.Fatal(err)
	}
	return d
}

// recordEntries writes n audit entries the way a CLI command would.
func recordEntries(t *testing.T, d *db.DB, n int) {
	t.Helper()
	l, err := audit.New(audit.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	ctx := audit.WithMeta(context.Background(), audit.Meta{ActorLogin: "cli-test"})
	for i := range n {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			return l.Record(ctx, tx, audit.Entry{Action: "test.cli", ObjectType: "thing", ObjectID: strings.Repeat("x", i+1)})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
