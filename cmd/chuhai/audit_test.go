package main

import (
	"context"
	"strings"
	"testing"

	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

func TestAuditVerifyCommand(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			dsn := dbtest.DSN(t, dialect)
			d := migrated(t, dsn)
			recordEntries(t, d, 4)

			code, out, errOut := cli(t, "audit", "verify", "--db", dsn)
			if code != 0 || !strings.Contains(out, "intact: 4 entries") || !strings.Contains(out, "head is entry 4") {
				t.Fatalf("intact chain: exit %d, stdout %q, stderr %q", code, out, errOut)
			}

			// Someone with database access removes the guard and edits entry 2.
			ctx := context.Background()
			drop := `DROP TRIGGER audit_entry_no_update`
			if dialect == db.Postgres {
				drop += ` ON audit_entry`
			}
			for _, q := range []string{drop, `UPDATE audit_entry SET actor_login = 'someone-else' WHERE id = 2`} {
				if _, err := d.Exec(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			code, out, errOut = cli(t, "audit", "verify", "--db", dsn)
			if code != 1 || !strings.Contains(errOut, "BROKEN at entry 2 after 1 good entries") || strings.Contains(out, "intact") {
				t.Fatalf("edited chain: exit %d, stdout %q, stderr %q", code, out, errOut)
			}
		})
	}
}

func TestAuditCommandUsage(t *testing.T) {
	for _, args := range [][]string{{"audit"}, {"audit", "repair"}} {
		if code, _, errOut := cli(t, args...); code != 2 || !strings.Contains(errOut, "usage: chuhai audit verify") {
			t.Errorf("%q: exit %d, stderr %q", args, code, errOut)
		}
	}
}
