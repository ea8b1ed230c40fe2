package demo_test

import (
	"context"
	"testing"

	"chuhai/internal/app"
	"chuhai/internal/auth"
	"chuhai/internal/casework"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
	"chuhai/internal/demo"
)

func TestCaseworkDemoIsIdempotent(t *testing.T) {
	dbtest.Each(t, app.Modules(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newApp(t, d)
		if err := demo.Load(ctx, a); err != nil {
			t.Fatal(err)
		}
		count := func() map[string]int {
			out := map[string]int{}
			for _, table := range []string{"casework_request", "casework_event", "casework_referral", "casework_engagement", "casework_invoice", "audit_entry"} {
				var n int
				if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
					t.Fatal(err)
				}
				out[table] = n
			}
			return out
		}
		if err := demo.LoadCasework(ctx, a); err != nil {
			t.Fatal(err)
		}
		first := count()
		if err := demo.LoadCasework(ctx, a); err != nil {
			t.Fatal(err)
		}
		for table, n := range count() {
			if first[table] != n {
				t.Errorf("%s: %d rows after the first load, %d after the second", table, first[table], n)
			}
		}
		if first["casework_request"] < 25 || first["casework_engagement"] != 1 || first["casework_referral"] != 2 {
			t.Errorf("demo casework %v", first)
		}
		// Every state is represented, and the journey ended closed at Jing'an's ODI point.
		states := map[string]int{}
		rows, err := d.Query(ctx, `SELECT state, COUNT(*) FROM casework_request GROUP BY state`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			var n int
			if err := rows.Scan(&s, &n); err != nil {
				t.Fatal(err)
			}
			states[s] = n
		}
		rows.Close()
		for _, s := range casework.States {
			if s != casework.StateInProgress && states[s] == 0 {
				t.Errorf("no %s request in the demo: %v", s, states)
			}
		}
		u, err := a.Auth.UserByLogin(ctx, "ent.admin")
		if err != nil {
			t.Fatal(err)
		}
		p := &auth.Principal{UserID: u.ID, Role: u.Role, EnterpriseID: u.EnterpriseID}
		rs, _, err := a.Casework.List(auth.WithPrincipal(ctx, p), casework.Filter{State: "all", Sort: "new"})
		if err != nil {
			t.Fatal(err)
		}
		var journey *casework.Request
		for i := range rs {
			if rs[i].Topic == "odi" {
				journey = &rs[i]
			}
		}
		if journey == nil || journey.Point.Code != "JA-ODI" || journey.State != casework.StateClosed || journey.Survey == nil {
			t.Errorf("the journey request: %+v", journey)
		}
	})
}
