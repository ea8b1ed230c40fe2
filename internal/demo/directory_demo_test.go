package demo_test

import (
	"context"
	"testing"

	"chuhai/internal/app"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
	"chuhai/internal/demo"
	"chuhai/internal/directory"
)

// TestDirectoryDemoIsSpreadOut: the demo directory has at least 60 verified providers covering every
// category, several districts, foreign firms and every alliance, and at least 200 enterprises over all
// 16 districts; matching and the idle list have something to show.
func TestDirectoryDemoIsSpreadOut(t *testing.T) {
	dbtest.Each(t, app.Modules(), func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newApp(t, d)
		if err := demo.Load(ctx, a); err != nil {
			t.Fatal(err)
		}
		ps, total, err := a.Directory.ListProviders(ctx, directory.ProviderFilter{Limit: 1000})
		if err != nil || total < 60 {
			t.Fatalf("%d providers (%v)", total, err)
		}
		cats, offices, alliances := map[string]int{}, map[string]int{}, map[string]int{}
		foreign, menus := 0, 0
		for _, p := range ps {
			if p.Status != directory.ProviderVerified {
				t.Errorf("%s is %s", p.NameZh, p.Status)
			}
			for _, c := range p.Categories {
				cats[c]++
			}
			if p.ForeignRegNo != "" {
				foreign++
			}
			for _, m := range p.Alliances {
				alliances[m.Alliance]++
			}
			full, err := a.Directory.ProviderByID(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(full.Services) > 0 {
				menus++
			}
			for _, o := range full.Offices {
				offices[o.Region]++
			}
		}
		if len(cats) != 12 || foreign < 5 || menus != total || len(offices) < 6 {
			t.Errorf("categories %v, foreign %d, with menus %d of %d, office regions %d", cats, foreign, menus, total, len(offices))
		}
		for _, code := range []string{"SH-PSA", "XH-GSA", "JA-GSP", "G60"} {
			if alliances[code] < 3 {
				t.Errorf("alliance %s has %d members", code, alliances[code])
			}
		}
		_, total, err = a.Directory.ListEnterprises(ctx, directory.EnterpriseFilter{Limit: 1})
		if err != nil || total < 200 {
			t.Fatalf("%d enterprises (%v)", total, err)
		}
		districts, err := a.Directory.Districts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, dist := range districts {
			if _, n, _ := a.Directory.ListEnterprises(ctx, directory.EnterpriseFilter{District: dist.Code, Limit: 1}); n < 10 {
				t.Errorf("%s has %d enterprises", dist.NameZh, n)
			}
		}
		if _, n, _ := a.Directory.IdleProviders(ctx, directory.IdleFilter{Months: 12}); n == 0 {
			t.Error("the idle list is empty")
		}
		xh, _, err := a.Directory.ListEnterprises(ctx, directory.EnterpriseFilter{District: "310104", Limit: 1})
		if err != nil || len(xh) == 0 {
			t.Fatal(err)
		}
		res, err := a.Directory.Match(ctx, directory.Need{Categories: []string{"legal"}, Countries: []string{"VN"}, EnterpriseID: xh[0].ID})
		if err != nil || len(res.Matches) < 3 {
			t.Fatalf("matching legal/VN for a Xuhui firm: %+v %v", res, err)
		}
	})
}
