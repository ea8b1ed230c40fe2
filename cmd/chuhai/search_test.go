package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"chuhai/internal/app"
	"chuhai/internal/audit"
	"chuhai/internal/knowledge"
	"chuhai/internal/search"
)

func TestSearchReindexRebuildsFromTheRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chuhai.db")
	d := migratedDB(t, path)
	a, err := app.New(d, app.Config{}, logger(&bytes.Buffer{}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := audit.WithMeta(context.Background(), audit.Meta{ActorLogin: "test"})
	if err := knowledge.LoadDemo(ctx, a.Knowledge); err != nil {
		t.Fatal(err)
	}
	// Lose the index as a botched upgrade would, then rebuild it.
	if _, err := d.Exec(ctx, `DELETE FROM search_fts`); err != nil {
		t.Fatal(err)
	}
	find := func() int {
		res, err := a.Search.Search(ctx, search.Request{Q: "越南"})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	if n := find(); n != 0 {
		t.Fatalf("before reindexing %d found", n)
	}
	var out, errOut bytes.Buffer
	if code := run(ctx, []string{"search", "reindex", "--db", path}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, want := range []string{"guide      12 documents", "policy     44 documents", "alert      7 documents"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if n := find(); n < 3 {
		t.Errorf("after reindexing only %d found", n)
	}
	if code := run(ctx, []string{"search", "reindex", "--kind", "spaceship", "--db", path}, &out, &errOut); code != 2 {
		t.Errorf("unknown kind: exit %d", code)
	}
	if code := run(ctx, []string{"search"}, &out, &errOut); code != 2 {
		t.Errorf("no subcommand: exit %d", code)
	}
}
