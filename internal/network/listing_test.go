package network_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
	"chuhai/internal/network"
)

// TestPointListingUsesTheListingIndex keeps the public list from sorting every point per request: the
// plan of the unfiltered page query must read the listing index.
func TestPointListingUsesTheListingIndex(t *testing.T) {
	dbtest.Each(t, []db.Module{network.Module}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		q := `SELECT p.id FROM service_point p WHERE p.active = $1 ORDER BY p.kind_rank, p.region_code, p.code LIMIT 20 OFFSET 0`
		var plan strings.Builder
		err := d.InTx(ctx, func(tx *db.Tx) error {
			explain := "EXPLAIN QUERY PLAN " + q
			if d.Dialect() == db.Postgres {
				// A small table is seq-scanned anyway; ask what the planner does when scans are dear.
				explain = "EXPLAIN " + q
				if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
					return err
				}
			}
			rows, err := tx.Query(ctx, explain, true)
			if err != nil {
				return err
			}
			defer rows.Close()
			return readPlan(rows, &plan)
		})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan.String(), "service_point_listing") || strings.Contains(plan.String(), "TEMP B-TREE") || strings.Contains(plan.String(), "Sort") {
			t.Fatalf("listing query does not read the listing index in order:\n%s", plan.String())
		}
	})
}

func readPlan(rows *sql.Rows, plan *strings.Builder) error {
	for rows.Next() {
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for _, v := range vals {
			if s, ok := v.(string); ok {
				plan.WriteString(s + "\n")
			}
		}
	}
	return rows.Err()
}

// TestPointTallyMatchesCount keeps the triggers' tally equal to a real count through creations, kind
// changes, deactivations and deletions, so list totals stay exact.
func TestPointTallyMatchesCount(t *testing.T) {
	dbtest.Each(t, []db.Module{network.Module}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		check := func(when string) {
			t.Helper()
			rows, err := d.Query(ctx, `SELECT k.kind, k.active, COALESCE(t.n, 0), (SELECT COUNT(*) FROM service_point p WHERE p.kind = k.kind AND p.active = k.active)
				FROM (SELECT DISTINCT kind, active FROM service_point UNION SELECT kind, active FROM service_point_tally) k
				LEFT JOIN service_point_tally t ON t.kind = k.kind AND t.active = k.active`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var kind string
				var active bool
				var tally, count int
				if err := rows.Scan(&kind, &active, &tally, &count); err != nil {
					t.Fatal(err)
				}
				if tally != count {
					t.Errorf("%s: %s active=%v: tally %d, count %d", when, kind, active, tally, count)
				}
			}
		}
		now := time.Now()
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for i := range 30 {
				kind := []string{network.SpecialisedPoint, network.DistrictPoint, network.OverseasPoint}[i%3]
				if _, err := tx.Exec(ctx, `INSERT INTO service_point (code, kind, name_zh, name_en, region_code, active, created_at, updated_at)
					VALUES ($1, $2, '点', 'Point', '310104', $3, $4, $4)`, fmt.Sprintf("T%03d", i), kind, i%4 != 0, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		check("after inserts")
		for _, q := range []string{
			`UPDATE service_point SET active = $1 WHERE code IN ('T001', 'T002', 'T004')`,
			`UPDATE service_point SET kind = 'specialised_point' WHERE code IN ('T005', 'T008') AND active <> $1`,
			`UPDATE service_point SET phone = '021' WHERE active <> $1`,
			`DELETE FROM service_point WHERE code IN ('T010', 'T011', 'T012') AND active <> $1`,
		} {
			if _, err := d.Exec(ctx, q, false); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			check(q)
		}
	})
}

// TestKindRankFollowsPointKinds keeps the generated kind_rank column, which the list queries filter
// on, in the order of PointKinds, which the Go code ranks by.
func TestKindRankFollowsPointKinds(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, []db.Module{network.Module}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for want, kind := range network.PointKinds {
			var rank int
			err := d.InTx(ctx, func(tx *db.Tx) error {
				if _, err := tx.Exec(ctx, `INSERT INTO service_point (code, kind, name_zh, name_en, region_code, created_at, updated_at)
					VALUES ($1, $2, 'x', 'x', '310104', $3, $3)`, "K"+kind, kind, time.Now()); err != nil {
					return err
				}
				return tx.QueryRow(ctx, `SELECT kind_rank FROM service_point WHERE code = $1`, "K"+kind).Scan(&rank)
			})
			if err != nil {
				t.Fatal(err)
			}
			if rank != want {
				t.Errorf("kind %s: kind_rank %d, want %d (its place in PointKinds)", kind, rank, want)
			}
		}
	})
}
