package jobs

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

// TestSweepUsesTheDueIndex checks the claim's query plan on a table that is mostly finished jobs, as
// it is in production: the sweep must read the partial job_due index, never scan the table.
func TestSweepUsesTheDueIndex(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Now()
		series := `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 20000) SELECT i FROM s`
		if d.Dialect() == db.Postgres {
			series = `SELECT generate_series(1, 20000) AS i`
		}
		if _, err := d.Exec(ctx, `INSERT INTO job (kind, key, payload, state, run_at, attempts, done_at, created_at, updated_at)
			SELECT 'demo.old', '', '{}', 'done', $1, 1, $1, $1, $1 FROM (`+series+`) AS s`, now.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		for range 20 {
			add(t, d, "demo.sweep", nil, now.Add(time.Minute), "")
		}
		if _, err := d.Exec(ctx, `ANALYZE`); err != nil {
			t.Fatal(err)
		}
		claim := `SELECT id FROM job WHERE ` + fmt.Sprintf(dueWhere, "$3, $4") + ` ORDER BY run_at LIMIT 1`
		bury := `SELECT id FROM job WHERE ` + fmt.Sprintf(buryWhere, "$3, $4")
		for name, q := range map[string]string{"claim": claim, "bury": bury} {
			plan := dbtest.Plan(t, d, q, now, 10, "demo.sweep", "demo.other")
			if !strings.Contains(plan, "job_due") {
				t.Errorf("%s does not use job_due:\n%s", name, plan)
			}
			if d.Dialect() == db.SQLite && strings.Contains(plan, "SCAN job") {
				t.Errorf("%s scans the job table:\n%s", name, plan)
			}
			if d.Dialect() == db.Postgres && strings.Contains(plan, "Seq Scan") {
				t.Errorf("%s scans the job table:\n%s", name, plan)
			}
		}
	})
}
