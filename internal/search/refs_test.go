package search

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

// TestRefsNarrowsOneKind: Refs gives the refs of one kind's matches, best first, with the filters and
// the draft rule of a search, and every match up to the window.
func TestRefsNarrowsOneKind(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		ix := New(d)
		ix.window = 10
		docs := slices.Clone(sample)
		for i := range 12 {
			doc := Document{Kind: "provider", Ref: fmt.Sprint(100 + i), TitleZh: fmt.Sprintf("第%d律师事务所", i),
				BodyZh: "提供越南投资法律服务。", URL: fmt.Sprintf("/providers/%d", 100+i), Countries: []string{[]string{"VN", "TH"}[i%2]}}
			if i == 4 {
				doc.TitleZh = "越南法律服务所" // the one title match: first
			}
			doc.Draft = i == 11
			docs = append(docs, doc)
		}
		put(t, ix, docs...)
		ctx := context.Background()

		got, more, err := ix.Refs(ctx, Request{Q: "越南", Kind: "provider", Country: "VN"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 6 || got[0] != "104" || more {
			t.Errorf("VN providers: %v (more %v), want 6 with 104 first", got, more)
		}
		for _, ref := range got {
			var n int
			fmt.Sscan(ref, &n)
			if n%2 != 0 || n < 100 {
				t.Errorf("%s is not a Vietnam provider", ref)
			}
		}
		// Eleven visible providers match, one more than the window; with drafts, twelve.
		if got, more, _ := ix.Refs(ctx, Request{Q: "越南", Kind: "provider"}); len(got) != 10 || !more || got[0] != "104" || slices.Contains(got, "111") {
			t.Errorf("past the window: %v (more %v)", got, more)
		}
		if got, _, _ := ix.Refs(ctx, Request{Q: "第11律师事务所", Kind: "provider"}); slices.Contains(got, "111") {
			t.Errorf("a public Refs found the draft: %v", got)
		}
		if got, _, _ := ix.Refs(ctx, Request{Q: "第11律师事务所", Kind: "provider", Drafts: true}); len(got) == 0 || got[0] != "111" {
			t.Errorf("Refs with drafts: %v", got)
		}
		if got, _, err := ix.Refs(ctx, Request{Q: "？！", Kind: "provider"}); err != nil || len(got) != 0 {
			t.Errorf("punctuation: %v %v", got, err)
		}
		if _, _, err := ix.Refs(ctx, Request{Q: "越南", Kind: "provider", Country: "Vietnam"}); fieldKey(err, "country") == "" {
			t.Errorf("a bad filter: %v", err)
		}
		if _, _, err := ix.Refs(ctx, Request{Q: "越南"}); err == nil {
			t.Error("Refs without a kind")
		}
	})
}
