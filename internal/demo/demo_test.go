package demo_test

import (
	"context"
	"log/slog"
	"testing"

	"chuhai/internal/app"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
	"chuhai/internal/demo"
	"chuhai/internal/directory"
	"chuhai/internal/network"
)

func newApp(t *testing.T, d *db.DB) *app.App {
	t.Helper()
	a, err := app.New(d, app.Config{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// counts is the number of rows in every table the demo fills.
func counts(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"service_point", "service_point_capability", "service_point_country", "alliance", "alliance_region",
		"alliance_member", "enterprise", "provider", "app_user", "audit_entry"} {
		var n int
		if err := d.QueryRow(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

func TestLoadIsIdempotent(t *testing.T) {
	dbtest.Each(t, app.Modules(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newApp(t, d)
		if err := demo.Load(ctx, a); err != nil {
			t.Fatal(err)
		}
		first := counts(t, d)
		if err := demo.Load(ctx, a); err != nil {
			t.Fatal(err)
		}
		second := counts(t, d)
		for table, n := range first {
			if second[table] != n {
				t.Errorf("%s: %d rows after the first load, %d after the second", table, n, second[table])
			}
		}
		// 1 city platform + 3 sub-platforms + 15 district points + the ODI point + 2 overseas points.
		if first["service_point"] != 22 || first["alliance"] != 4 || first["enterprise"] < 200 || first["provider"] < 60 ||
			first["app_user"] != len(demo.Accounts) {
			t.Errorf("loaded %v", first)
		}
	})
}

// TestDemoAccountsSignIn: every printed login works with its printed password, has its role and
// belongs where the table says; the administrator has the second factor administrators need.
func TestDemoAccountsSignIn(t *testing.T) {
	dbtest.Each(t, app.Modules(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newApp(t, d)
		if err := demo.Load(ctx, a); err != nil {
			t.Fatal(err)
		}
		roles := map[auth.Role]bool{}
		for _, acc := range demo.Accounts {
			roles[acc.Role] = true
			if acc.Role == auth.SystemAdmin {
				u, err := a.Auth.UserByLogin(ctx, acc.Login)
				if err != nil || !u.TOTPEnabled {
					t.Errorf("%s: %+v %v", acc.Login, u, err)
				}
				continue
			}
			_, p, err := a.Auth.SignIn(ctx, acc.Login, acc.Password, "", "127.0.0.1", "test", auth.SessionAPI)
			if err != nil {
				t.Errorf("%s: %v", acc.Login, err)
				continue
			}
			if p.Role != acc.Role {
				t.Errorf("%s: role %s", acc.Login, p.Role)
			}
			if acc.Point != "" {
				pt, err := a.Network.PointByCode(ctx, acc.Point)
				if err != nil || p.PointID != pt.ID {
					t.Errorf("%s: point %d, want %s", acc.Login, p.PointID, acc.Point)
				}
			}
			if acc.Role.Scope() == auth.ScopeEnterprise && p.EnterpriseID == 0 || acc.Role.Scope() == auth.ScopeProvider && p.ProviderID == 0 {
				t.Errorf("%s: %+v", acc.Login, p)
			}
		}
		if len(roles) != len(auth.Roles) {
			t.Errorf("demo accounts cover %d of %d roles", len(roles), len(auth.Roles))
		}
	})
}

// TestEveryDistrictHasOneHomePoint: each of Shanghai's 16 districts has exactly one district point
// or sub-platform (Pudong's is its sub-platform), as the "3+15" requires.
func TestEveryDistrictHasOneHomePoint(t *testing.T) {
	dbtest.Each(t, app.Modules(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newApp(t, d)
		if err := demo.Load(ctx, a); err != nil {
			t.Fatal(err)
		}
		districts, err := a.Network.ListRegions(ctx, network.RegionFilter{Kind: network.RegionDistrict})
		if err != nil {
			t.Fatal(err)
		}
		if len(districts) != 16 {
			t.Fatalf("%d districts", len(districts))
		}
		for _, dist := range districts {
			n := 0
			for _, kind := range []string{network.DistrictPoint, network.SubPlatform} {
				ps, _, err := a.Network.ListPoints(ctx, network.PointFilter{Kind: kind, Region: dist.Code, Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				n += len(ps)
			}
			if n != 1 {
				t.Errorf("%s %s has %d district points and sub-platforms, want 1", dist.Code, dist.NameZh, n)
			}
		}
		subs, _, _ := a.Network.ListPoints(ctx, network.PointFilter{Kind: network.SubPlatform})
		dps, _, _ := a.Network.ListPoints(ctx, network.PointFilter{Kind: network.DistrictPoint})
		if len(subs) != 3 || len(dps) != 15 {
			t.Errorf("%d sub-platforms and %d district points, want 3+15", len(subs), len(dps))
		}
		for _, code := range []string{"HK", "SG"} {
			p, err := a.Network.PointByCode(ctx, code)
			if err != nil || p.Kind != network.OverseasPoint || p.TimeZone == "Asia/Shanghai" {
				t.Errorf("%s: %+v %v", code, p, err)
			}
		}
		odi, err := a.Network.PointByCode(ctx, "JA-ODI")
		if err != nil || odi.OpenedOn != "2025-04-01" || odi.Capabilities[0] != "odi" {
			t.Errorf("ODI point %+v %v", odi, err)
		}
		g60, err := a.Network.AllianceByCode(ctx, "G60")
		if err != nil || len(g60.Regions) != 9 || g60.MemberCount == 0 {
			t.Errorf("G60 %+v %v", g60, err)
		}
	})
}

func TestSampleCodesAreValidUSCCs(t *testing.T) {
	dbtest.Each(t, app.Modules(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newApp(t, d)
		if err := demo.Load(ctx, a); err != nil {
			t.Fatal(err)
		}
		rows, err := d.Query(ctx, `SELECT uscc FROM enterprise UNION ALL SELECT uscc FROM provider WHERE uscc IS NOT NULL`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var code string
			if err := rows.Scan(&code); err != nil {
				t.Fatal(err)
			}
			if err := directory.ValidateUSCC("uscc", code); err != nil {
				t.Errorf("%s: %v", code, err)
			}
			n++
		}
		if n < 40 {
			t.Errorf("only %d codes", n)
		}
	})
}

func TestScaleAddsPointsInBatches(t *testing.T) {
	dbtest.Each(t, app.Modules(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newApp(t, d)
		if err := demo.Scale(ctx, a, 1203); err != nil {
			t.Fatal(err)
		}
		if err := demo.Scale(ctx, a, 10); err != nil {
			t.Fatal(err)
		}
		ps, total, err := a.Network.ListPoints(ctx, network.PointFilter{Kind: network.SpecialisedPoint, Limit: 20, Offset: 1200})
		if err != nil {
			t.Fatal(err)
		}
		if total != 1213 || len(ps) != 13 {
			t.Errorf("total %d, last page %d", total, len(ps))
		}
		if p, err := a.Network.PointByCode(ctx, "Z001213"); err != nil || len(p.Capabilities) == 0 {
			t.Errorf("the second run continues the numbering: %+v %v", p, err)
		}
		var batches int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM audit_entry WHERE action = 'network.point.import'`).Scan(&batches); err != nil || batches != 4 {
			t.Errorf("%d import audit entries, want 4 (3 batches + 1)", batches)
		}
	})
}
