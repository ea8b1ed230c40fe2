package knowledge

import (
	"context"
	"slices"
	"strings"
	"testing"

	"chuhai/internal/audit"
	"chuhai/internal/country"
)

func TestLoadDemoIsCompleteAndIdempotent(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := audit.WithMeta(context.Background(), audit.Meta{ActorLogin: "demo-loader"})
		if err := LoadDemo(ctx, f.Store); err != nil {
			t.Fatal(err)
		}
		count := func(q string) int {
			var n int
			if err := f.d.QueryRow(ctx, q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := []int{count(`SELECT count(*) FROM guide_revision`), count(`SELECT count(*) FROM policy`), count(`SELECT count(*) FROM alert`),
			count(`SELECT count(*) FROM search_doc`)}
		if err := LoadDemo(ctx, f.Store); err != nil {
			t.Fatal(err)
		}
		after := []int{count(`SELECT count(*) FROM guide_revision`), count(`SELECT count(*) FROM policy`), count(`SELECT count(*) FROM alert`),
			count(`SELECT count(*) FROM search_doc`)}
		for i := range before {
			if before[i] != after[i] {
				t.Errorf("loading twice changed counts %v to %v", before, after)
				break
			}
		}
		gs := must[[]GuideSummary](t)(f.ListGuides(ctx, false))
		if len(gs) != 12 {
			t.Errorf("%d published guides, want 12", len(gs))
		}
		for _, code := range []string{"SA", "AE", "OM", "SG", "VN", "ID", "TH", "MY", "MX", "HU", "DE", "BR"} {
			g, err := f.Guide(ctx, code)
			if err != nil {
				t.Errorf("%s: %v", code, err)
				continue
			}
			in := g.Input()
			if err := in.validate(true); err != nil {
				t.Errorf("%s: sample guide incomplete: %v", code, err)
			}
			if !strings.Contains(g.Sections[0].BodyZh, "示例") || !strings.Contains(g.Sections[7].BodyZh, "12308") {
				t.Errorf("%s: not marked as sample, or no 12308 hotline", code)
			}
			// The guide names its country as the shared list does.
			if c, _ := country.ByCode(code); !strings.HasPrefix(g.TitleZh, c.NameZh+"投资") || !strings.HasPrefix(g.TitleEn, c.NameEn+":") {
				t.Errorf("%s: titled %q / %q, want the names of internal/country", code, g.TitleZh, g.TitleEn)
			}
		}
		// Short names people type stay searchable as keywords.
		if got := searchRefs(t, f.ix, "阿联酋", false); !slices.Contains(got, "guide:AE") {
			t.Errorf("search for 阿联酋 finds %v", got)
		}
		if g := must[Revision](t)(f.Guide(ctx, "VN")); g.Number != 2 {
			t.Errorf("Vietnam's guide is at version %d, want 2", g.Number)
		}
		if n := count(`SELECT count(*) FROM policy WHERE state = 'published'`); n < 40 {
			t.Errorf("%d published policies, want at least 40", n)
		}
		for _, st := range []string{StatusInForce, StatusExpired, StatusSuperseded, StatusPending} {
			if _, total, _ := f.ListPolicies(ctx, PolicyFilter{Status: st}); total == 0 {
				t.Errorf("no sample policy is %s", st)
			}
		}
		if _, total, _ := f.ListAlerts(ctx, AlertFilter{}); total < 5 {
			t.Errorf("%d published alerts", total)
		}
		if got := searchRefs(t, f.ix, "越南", false); len(got) < 3 {
			t.Errorf("search for 越南 finds %v", got)
		}
		if got := searchRefs(t, f.ix, "数据合规", false); len(got) == 0 {
			t.Error("search for 数据合规 finds nothing")
		}
	})
}
