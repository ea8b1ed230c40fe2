package casework

import (
	"context"
	"strings"
	"testing"

	"chuhai/internal/auth"
)

func TestGeneratedRequestsLookLikeRealOnes(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ents := []int64{f.enterprise("甲", xuhui), f.enterprise("乙", jingan)}
		if err := f.s.Generate(context.Background(), 300, ents, 42); err != nil {
			t.Fatal(err)
		}
		if n := f.count(`SELECT COUNT(*) FROM casework_request`); n != 300 {
			t.Errorf("%d requests", n)
		}
		if n := f.count(`SELECT COUNT(DISTINCT ref) FROM casework_request`); n != 300 {
			t.Errorf("%d distinct references", n)
		}
		for _, q := range []string{`SELECT COUNT(*) FROM casework_request_point`, `SELECT COUNT(*) FROM casework_event`} {
			if n := f.count(q); n != 300 {
				t.Errorf("%s: %d", q, n)
			}
		}
		open := f.count(`SELECT COUNT(*) FROM casework_request WHERE sla_due_at IS NOT NULL`)
		if open == 0 || open > 30 || f.count(`SELECT COUNT(*) FROM casework_timer WHERE fired_at IS NULL`) != 3*open {
			t.Errorf("%d open requests, timers not three each", open)
		}
		// A request created afterwards numbers on from the generated ones.
		firm := f.user("firm", auth.NewUser{Role: auth.EnterpriseAdmin, EnterpriseID: ents[0]})
		var last string
		if err := f.db.QueryRow(context.Background(), `SELECT MAX(ref) FROM casework_request WHERE ref LIKE 'XH-2026-%'`).Scan(&last); err != nil {
			t.Fatal(err)
		}
		r, err := f.s.CreateRequest(firm, NewRequest{Topic: "tax", Title: "退税", Description: "退税"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(r.Ref, "XH-2026-") || r.Ref <= last {
			t.Errorf("new reference %s after %s", r.Ref, last)
		}
		rs, total, err := f.s.List(f.user("coord", auth.NewUser{Role: auth.CityCoordinator}), Filter{State: "all"})
		if err != nil || total != 301 || len(rs) != 20 {
			t.Errorf("list %d %v", total, err)
		}
	})
}
