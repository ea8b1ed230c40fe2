package directory

import (
	"context"
	"slices"
	"testing"

	"chuhai/internal/search"
)

// TestProviderListSearchesTheProfileText: a provider list's query finds providers by the words of
// their profile in either language — services, description, the names of their categories and
// countries — through the shared search index, which every write keeps current in its own
// transaction; names and identifiers still match as typed. Unverified providers are found by staff
// only, and a rebuild from the tables gives the same index.
func TestProviderListSearchesTheProfileText(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		law := lawFirm()
		law.DescriptionZh = "专注东南亚并购与合规。"
		a := f.provider(1, law)
		b := f.provider(2, ProviderInput{NameZh: "启明会计师事务所", NameEn: "Qiming CPAs", Categories: []string{"accounting"},
			Countries: []string{"DE"}, DescriptionEn: "German tax and transfer pricing."})
		pending, err := f.store.CreateProvider(ctx, ProviderInput{NameZh: "待核验的越南咨询", Categories: []string{"consulting"}})
		if err != nil || pending.Status != ProviderPending {
			t.Fatalf("pending: %+v %v", pending, err)
		}
		list := func(f *fixture, pf ProviderFilter) []int64 {
			t.Helper()
			got, total, err := f.store.ListProviders(ctx, pf)
			if err != nil || total != len(got) {
				t.Fatalf("%+v: %v (total %d) %v", pf, ids(got), total, err)
			}
			out := ids(got)
			slices.Sort(out)
			return out
		}
		for _, tc := range []struct {
			name string
			f    ProviderFilter
			want []int64
		}{
			{"a service, in Chinese", ProviderFilter{Public: true, Query: "尽职调查"}, []int64{a.ID}},
			{"a service, in English", ProviderFilter{Public: true, Query: "due diligence"}, []int64{a.ID}},
			{"the description", ProviderFilter{Public: true, Query: "并购"}, []int64{a.ID}},
			{"the description, in English", ProviderFilter{Public: true, Query: "transfer pricing"}, []int64{b.ID}},
			{"a country's name", ProviderFilter{Public: true, Query: "德国"}, []int64{b.ID}},
			{"a category's name", ProviderFilter{Public: true, Query: "Accounting"}, []int64{b.ID}},
			{"words from several fields", ProviderFilter{Public: true, Query: "越南 知识产权"}, []int64{a.ID}},
			{"with another filter", ProviderFilter{Public: true, Query: "越南", Category: "accounting"}, []int64{}},
			{"part of a Latin name, as typed", ProviderFilter{Public: true, Query: "engping"}, []int64{a.ID}},
			{"part of the USCC", ProviderFilter{Public: true, Query: uscc(500002)[4:17]}, []int64{b.ID}},
			{"unbalanced quotes search names only", ProviderFilter{Public: true, Query: `"衡平`}, []int64{a.ID}},
			{"the public never finds the pending", ProviderFilter{Public: true, Query: "越南"}, []int64{a.ID}},
			{"staff do", ProviderFilter{Query: "越南"}, []int64{a.ID, pending.ID}},
		} {
			if got := list(f, tc.f); !slices.Equal(got, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			}
		}

		// The index follows every write: an edit, a suspension.
		in := a.Input()
		in.Services[0].NameZh = "柬埔寨投资法律尽职调查"
		if a, err = f.store.UpdateProvider(ctx, a.ID, a.Version, in); err != nil {
			t.Fatal(err)
		}
		if got := list(f, ProviderFilter{Query: "柬埔寨"}); !slices.Equal(got, []int64{a.ID}) {
			t.Errorf("after the edit: %v", got)
		}
		if _, err := f.store.SetProviderStatus(ctx, a.ID, a.Version, ProviderSuspended, "核查"); err != nil {
			t.Fatal(err)
		}
		if refs, _, _ := f.store.search.Refs(ctx, search.Request{Q: "柬埔寨", Kind: KindProvider}); len(refs) != 0 {
			t.Errorf("a suspended provider is in the public index: %v", refs)
		}

		// Imported providers are indexed too.
		rows := [][]string{{"机构名称", "统一社会信用代码", "服务类别", "服务国家"}, {"沪南物流", uscc(803), "物流", "泰国"}}
		if rep, err := f.store.Import(as(xuhuiStaff), KindProviders, csvFile(rows), ImportOptions{}); err != nil || rep.Created != 1 {
			t.Fatalf("import: %+v %v", rep, err)
		}
		if got, _, _ := f.store.ListProviders(ctx, ProviderFilter{Public: true, Query: "泰国 物流"}); len(got) != 1 || got[0].NameZh != "沪南物流" {
			t.Errorf("the imported provider: %v", ids(got))
		}

		// A rebuild from the tables yields the documents the writes left.
		before := f.count(`SELECT COUNT(*) FROM search_doc WHERE kind = 'provider' AND draft = $1`, true)
		n, err := f.store.search.Rebuild(ctx, f.store.SearchSource())
		if err != nil || n != 4 {
			t.Fatalf("rebuild: %d %v", n, err)
		}
		if after := f.count(`SELECT COUNT(*) FROM search_doc WHERE kind = 'provider' AND draft = $1`, true); after != before || after != 2 {
			t.Errorf("drafts: %d before the rebuild, %d after, want 2", before, after)
		}
		if got := list(f, ProviderFilter{Query: "柬埔寨"}); !slices.Equal(got, []int64{a.ID}) {
			t.Errorf("after the rebuild: %v", got)
		}
	})
}
