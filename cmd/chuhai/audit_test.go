package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

func TestAuditVerifyCommand(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			dsn := dbtest.DSN(t, dialect)
			d := migratedDB(t, dsn)
			recordEntries(t, d, 4)

			verify := func() (int, string, string) {
				var out, errOut bytes.Buffer
				code := run(context.Background(), []string{"audit", "verify", "--db", dsn}, &out, &errOut)
				return code, out.String(), errOut.String()
			}
			code, out, errOut := verify()
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
			code, out, errOut = verify()
			if code != 1 || !strings.Contains(errOut, "BROKEN at entry 2 after 1 good entries") || strings.Contains(out, "intact") {
				t.Fatalf("edited chain: exit %d, stdout %q, stderr %q", code, out, errOut)
			}
		})
	}
}

func TestAuditCommandUsage(t *testing.T) {
	for _, args := range [][]string{{"audit"}, {"audit", "repair"}} {
		if code, _, errOut := cli(t, filepath.Join(t.TempDir(), "chuhai.db"), args...); code != 2 || !strings.Contains(errOut, "usage: chuhai audit verify") {
			t.Errorf("%q: exit %d, stderr %q", args, code, errOut)
		}
	}
}

var anchorLine = regexp.MustCompile(`--anchor (\d+:[0-9a-f]{64})`)

// TestAuditVerifyAnchorCatchesARewrittenLog: whoever can write the database can replace the whole log
// with a consistent new one, checkpoint included; a head hash kept outside the database exposes it.
func TestAuditVerifyAnchorCatchesARewrittenLog(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			dsn := dbtest.DSN(t, dialect)
			d := migratedDB(t, dsn)
			recordEntries(t, d, 4)
			code, out, errOut := cli(t, dsn, "audit", "verify")
			m := anchorLine.FindStringSubmatch(out)
			if code != 0 || m == nil {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
			}
			anchor := m[1]
			if !strings.HasPrefix(anchor, "4:") {
				t.Fatalf("anchor %s, want entry 4", anchor)
			}
			recordEntries(t, d, 2)
			code, out, errOut = cli(t, dsn, "audit", "verify", "--anchor", anchor)
			if code != 0 || !strings.Contains(out, "intact: 6 entries") || !strings.Contains(out, "anchor entry 4 matches") {
				t.Fatalf("grown log: exit %d, stdout %q, stderr %q", code, out, errOut)
			}

			ctx := context.Background()
			drops := []string{`DROP TRIGGER audit_entry_no_delete`}
			if dialect == db.Postgres {
				drops = []string{`DROP TRIGGER audit_entry_no_update ON audit_entry`}
			}
			for _, q := range append(drops, `DELETE FROM audit_entry`, `UPDATE audit_head SET last_id = 0, last_hash = ''`) {
				if _, err := d.Exec(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			recordEntries(t, d, 6)
			if code, out, _ := cli(t, dsn, "audit", "verify"); code != 0 || !strings.Contains(out, "intact: 6 entries") {
				t.Fatalf("the rewritten log should verify on its own: %d %q", code, out)
			}
			code, out, errOut = cli(t, dsn, "audit", "verify", "--anchor", anchor)
			if code != 1 || !strings.Contains(errOut, "REWRITTEN: entry 4 has hash") {
				t.Fatalf("rewritten log: exit %d, stdout %q, stderr %q", code, out, errOut)
			}
			code, _, errOut = cli(t, dsn, "audit", "verify", "--anchor", "99:"+strings.Repeat("a", 64))
			if code != 1 || !strings.Contains(errOut, "anchor entry 99 no longer exists") {
				t.Fatalf("missing anchor entry: exit %d, stderr %q", code, errOut)
			}
			for _, bad := range []string{"4", "x:abc", "0:abc", "4:"} {
				if code, _, errOut := cli(t, dsn, "audit", "verify", "--anchor", bad); code != 2 || !strings.Contains(errOut, "--anchor must be ID:HASH") {
					t.Errorf("--anchor %q: exit %d, stderr %q", bad, code, errOut)
				}
			}
		})
	}
}
