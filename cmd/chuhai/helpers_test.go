package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"chuhai/internal/app"
	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// cli runs chuhai with args and returns its exit code and output.
func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// migrated opens dsn and applies every migration, as `chuhai migrate up` would.
func migrated(t *testing.T, dsn string) *db.DB {
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

// syncBuffer is a bytes.Buffer safe to write from one goroutine while another reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
