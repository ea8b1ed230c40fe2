package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"chuhai/internal/apperr"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

func put(t *testing.T, ix *Index, docs ...Document) {
	t.Helper()
	err := ix.db.InTx(context.Background(), func(tx *db.Tx) error {
		for _, d := range docs {
			if err := ix.Put(context.Background(), tx, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func refs(res Results) []string {
	out := []string{}
	for _, h := range res.Hits {
		out = append(out, h.Kind+":"+h.Ref)
	}
	return out
}

func search(t *testing.T, ix *Index, r Request) Results {
	t.Helper()
	res, err := ix.Search(context.Background(), r)
	if err != nil {
		t.Fatalf("search %+v: %v", r, err)
	}
	return res
}

var sample = []Document{
	{Kind: "guide", Ref: "VN", TitleZh: "越南投资指南", TitleEn: "Vietnam investment guide", Keywords: "yuenan",
		BodyZh: "越南鼓励外商投资制造业。企业应关注数据合规与劳动法。", BodyEn: "Vietnam welcomes manufacturing.",
		URL: "/guides/VN", Countries: []string{"VN"}, Dated: "2025-11-01"},
	{Kind: "policy", Ref: "1", TitleZh: "关于数据合规的指引", TitleEn: "Guidance on data compliance",
		BodyZh: "出境数据应当进行安全评估。适用于在越南、泰国开展业务的企业。", URL: "/policies/1",
		Countries: []string{"VN", "TH"}, Issuer: "mofcom", IssuerZh: "商务部", IssuerEn: "MOFCOM", Dated: "2025-10-10"},
	{Kind: "policy", Ref: "2", TitleZh: "徐汇区专业服务补贴", TitleEn: "Xuhui professional services subsidy",
		BodyZh: "对购买区内服务机构服务的企业给予30%补贴，最高300,000元。", URL: "/policies/2",
		Issuer: "310104", IssuerZh: "徐汇区", IssuerEn: "Xuhui District", Dated: "2025-06-01"},
	{Kind: "alert", Ref: "7", TitleZh: "提醒在泰中国公民注意安全", BodyZh: "近期泰国南部局势紧张。", URL: "/alerts/7",
		Countries: []string{"TH"}, Issuer: "mfa", IssuerZh: "外交部", IssuerEn: "MFA", Dated: "2026-01-05"},
	{Kind: "guide", Ref: "TH#draft", TitleZh: "泰国投资指南（草稿）", BodyZh: "泰国数据合规要求正在修订。", URL: "/guides/TH/edit",
		Countries: []string{"TH"}, Draft: true},
}

func TestSearchFindsRanksAndQuotes(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		ix := New(d)
		put(t, ix, sample...)

		res := search(t, ix, Request{Q: "越南"})
		if got := refs(res); !slices.Equal(got, []string{"guide:VN", "policy:1"}) {
			t.Errorf("越南 found %v, want the guide (title match) first, then the policy", got)
		}
		if res.Total != 2 {
			t.Errorf("total %d", res.Total)
		}
		if s := res.Hits[0].Snippet; len(s) < 2 || !slices.ContainsFunc(s, func(f Fragment) bool { return f.Hit && f.Text == "越南" }) {
			t.Errorf("snippet does not mark 越南: %+v", s)
		}

		res = search(t, ix, Request{Q: "数据合规"})
		if got := refs(res); !slices.Equal(got, []string{"policy:1", "guide:VN"}) {
			t.Errorf("数据合规 found %v", got)
		}
		for q, want := range map[string][]string{
			"越南 劳动":       {"guide:VN"},             // two terms: both required
			"yuenan":      {"guide:VN"},             // pinyin keyword
			"yue":         {"guide:VN"},             // pinyin typed partly
			"VIETNAM":     {"guide:VN"},             // case
			"vietnam":     {"guide:VN"},             // English body and title
			"300000":      {"policy:2"},             // amount typed without the comma
			"30":          {"policy:2"},             // number
			"补":           {"policy:2"},             // one character at the start of a word
			"贴":           {"policy:2"},             // one character at the end of a run
			"Xuhui subsi": {"policy:2"},             // prefixes of English words
			"据合":          {"guide:VN", "policy:1"}, // a bigram inside a word
			"合规数据":        {},                       // the characters, not in this order
			"越南 新加坡":      {},
		} {
			got := refs(search(t, ix, Request{Q: q}))
			slices.Sort(got)
			w := slices.Clone(want)
			slices.Sort(w)
			if !slices.Equal(got, w) {
				t.Errorf("%q found %v, want %v", q, got, w)
			}
		}
	})
}

func TestSearchShowsDraftsOnlyWhenAsked(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		ix := New(d)
		put(t, ix, sample...)
		if got := refs(search(t, ix, Request{Q: "泰国"})); slices.Contains(got, "guide:TH#draft") {
			t.Errorf("a public search found the draft: %v", got)
		}
		res := search(t, ix, Request{Q: "泰国", Drafts: true})
		if got := refs(res); !slices.Contains(got, "guide:TH#draft") {
			t.Errorf("an editor's search missed the draft: %v", got)
		}
		for _, h := range res.Hits {
			if h.Ref == "TH#draft" && !h.Draft {
				t.Error("the draft hit is not marked as a draft")
			}
		}
	})
}

func TestSearchFacetsAndFilters(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		ix := New(d)
		put(t, ix, sample...)
		// 企业 is in the guide and both policies; 泰国 narrows by country.
		res := search(t, ix, Request{Q: "企业"})
		if res.Total != 3 {
			t.Fatalf("企业: total %d, want 3 (%v)", res.Total, refs(res))
		}
		if got := facetString(res.Facets.Kinds); got != "policy=2 guide=1" {
			t.Errorf("kinds facet %s", got)
		}
		if got := facetString(res.Facets.Countries); got != "VN=2 TH=1" {
			t.Errorf("countries facet %s", got)
		}
		if got := facetString(res.Facets.Issuers); got != "310104=1 mofcom=1" {
			t.Errorf("issuers facet %s", got)
		}
		if res.Facets.Issuers[1].NameZh != "商务部" || res.Facets.Issuers[1].NameEn != "MOFCOM" {
			t.Errorf("issuer names %+v", res.Facets.Issuers[1])
		}

		res = search(t, ix, Request{Q: "企业", Kind: "policy"})
		if got := refs(res); len(got) != 2 || res.Total != 2 {
			t.Errorf("type=policy found %v", got)
		}
		// The chosen facet still counts the other kinds, so the reader can switch.
		if got := facetString(res.Facets.Kinds); got != "policy=2 guide=1" {
			t.Errorf("kinds facet under a kind filter %s", got)
		}
		if got := facetString(res.Facets.Countries); got != "TH=1 VN=1" {
			t.Errorf("countries facet under a kind filter %s", got)
		}

		res = search(t, ix, Request{Q: "企业", Country: "th"})
		if got := refs(res); !slices.Equal(got, []string{"policy:1"}) {
			t.Errorf("country=TH found %v", got)
		}
		res = search(t, ix, Request{Q: "企业", Issuer: "310104"})
		if got := refs(res); !slices.Equal(got, []string{"policy:2"}) {
			t.Errorf("issuer=310104 found %v", got)
		}
		res = search(t, ix, Request{Q: "企业", Country: "BR"})
		if res.Total != 0 || len(res.Hits) != 0 {
			t.Errorf("country=BR found %v", refs(res))
		}
		if got := facetString(res.Facets.Countries); got != "VN=2 TH=1 BR=0" {
			t.Errorf("a chosen country with no matches is still listed: %s", got)
		}
	})
}

func facetString(vs []FacetValue) string {
	var parts []string
	for _, v := range vs {
		parts = append(parts, v.Value+"="+strconv.Itoa(v.Count))
	}
	return strings.Join(parts, " ")
}

func TestSearchPages(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		ix := New(d)
		var docs []Document
		for i := range 45 {
			docs = append(docs, Document{Kind: "policy", Ref: strconv.Itoa(i), TitleZh: fmt.Sprintf("政策%d", i),
				BodyZh: strings.Repeat("出海服务。", 1+i%7), URL: "/policies/" + strconv.Itoa(i)})
		}
		put(t, ix, docs...)
		seen := map[string]bool{}
		for page := 1; page <= 3; page++ {
			res := search(t, ix, Request{Q: "出海", Page: page, PerPage: 20})
			if res.Total != 45 {
				t.Fatalf("total %d", res.Total)
			}
			if want := min(20, 45-(page-1)*20); len(res.Hits) != want {
				t.Errorf("page %d has %d hits, want %d", page, len(res.Hits), want)
			}
			for _, h := range res.Hits {
				if seen[h.Ref] {
					t.Errorf("%s on two pages", h.Ref)
				}
				seen[h.Ref] = true
			}
		}
		if res := search(t, ix, Request{Q: "出海", Page: 9}); len(res.Hits) != 0 || res.Total != 45 {
			t.Errorf("a page past the end: %d hits, total %d", len(res.Hits), res.Total)
		}
	})
}

func TestPutReplacesAndDeleteRemoves(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		ix := New(d)
		ctx := context.Background()
		put(t, ix, sample[0])
		changed := sample[0]
		changed.TitleZh, changed.BodyZh, changed.TitleEn, changed.BodyEn, changed.Keywords = "越南指南", "重点关注外汇管理。", "", "", ""
		put(t, ix, changed)
		if got := refs(search(t, ix, Request{Q: "劳动"})); len(got) != 0 {
			t.Errorf("old text still found: %v", got)
		}
		if got := refs(search(t, ix, Request{Q: "外汇"})); !slices.Equal(got, []string{"guide:VN"}) {
			t.Errorf("new text not found: %v", got)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return ix.Delete(ctx, tx, "guide", "VN") }); err != nil {
			t.Fatal(err)
		}
		if got := refs(search(t, ix, Request{Q: "外汇"})); len(got) != 0 {
			t.Errorf("deleted document still found: %v", got)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return ix.Delete(ctx, tx, "guide", "VN") }); err != nil {
			t.Errorf("deleting twice: %v", err)
		}
	})
}

// The index is written in the transaction of the content: when that transaction fails, neither is
// there.
func TestPutRollsBackWithItsTransaction(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		ix := New(d)
		ctx := context.Background()
		boom := errors.New("the record's own write failed")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if err := ix.Put(ctx, tx, sample[0]); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if got := refs(search(t, ix, Request{Q: "越南"})); len(got) != 0 {
			t.Errorf("rolled-back document found: %v", got)
		}
	})
}

func TestPutRefusesMalformedDocuments(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		ix := New(d)
		for _, doc := range []Document{
			{Kind: "", Ref: "1", URL: "/x"},
			{Kind: "Policy", Ref: "1", URL: "/x"},
			{Kind: "policy", Ref: "", URL: "/x"},
			{Kind: "policy", Ref: "1", URL: "https://elsewhere.example/x"},
			{Kind: "policy", Ref: "1", URL: "/x", Countries: []string{"vn"}},
			{Kind: "policy", Ref: "1", URL: "/x", Dated: "2025-13-01"},
		} {
			err := d.InTx(context.Background(), func(tx *db.Tx) error { return ix.Put(context.Background(), tx, doc) })
			if err == nil {
				t.Errorf("%+v accepted", doc)
			}
		}
	})
}

type fixedSource struct{ docs []Document }

func (fixedSource) Kind() string { return "policy" }
func (s fixedSource) Documents(_ context.Context, _ db.Querier, yield func(Document) error) error {
	for _, d := range s.docs {
		if err := yield(d); err != nil {
			return err
		}
	}
	return nil
}

func TestRebuildReplacesOneKind(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		ix := New(d)
		put(t, ix, sample...)
		n, err := ix.Rebuild(context.Background(), fixedSource{[]Document{
			{Kind: "policy", Ref: "9", TitleZh: "新的政策", BodyZh: "企业出海", URL: "/policies/9"},
		}})
		if err != nil || n != 1 {
			t.Fatalf("rebuild: %d, %v", n, err)
		}
		if got := refs(search(t, ix, Request{Q: "企业"})); !slices.Equal(got, []string{"policy:9", "guide:VN"}) && !slices.Equal(got, []string{"guide:VN", "policy:9"}) {
			t.Errorf("after the rebuild 企业 finds %v", got)
		}
		if _, err := ix.Rebuild(context.Background(), fixedSource{[]Document{{Kind: "alert", Ref: "1", TitleZh: "x", URL: "/a"}}}); err == nil {
			t.Error("a source yielding another kind was accepted")
		}
	})
}

// A migration that empties the index (as the trigram columns' did) leaves a request that the next
// migration run rebuilds every kind from its source; a fresh or rebuilt database asks nothing.
func TestRebuildPendingAfterAMigration(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ix := New(d)
		src := fixedSource{[]Document{{Kind: "policy", Ref: "1", TitleZh: "数据合规指引", BodyZh: "企业出海", URL: "/policies/1"}}}
		if n, err := ix.RebuildPending(ctx, []Source{src}); err != nil || n != 0 {
			t.Fatalf("fresh database: rebuilt %d, %v", n, err)
		}
		if _, err := d.Exec(ctx, `INSERT INTO search_rebuild (pending) VALUES (1)`); err != nil {
			t.Fatal(err)
		}
		if n, err := ix.RebuildPending(ctx, []Source{src}); err != nil || n != 1 {
			t.Fatalf("pending: rebuilt %d, %v", n, err)
		}
		if got := refs(search(t, ix, Request{Q: "数据合规"})); !slices.Equal(got, []string{"policy:1"}) {
			t.Errorf("after the rebuild 数据合规 finds %v", got)
		}
		if n, err := ix.RebuildPending(ctx, []Source{src}); err != nil || n != 0 {
			t.Errorf("second run rebuilt %d, %v", n, err)
		}
	})
}

// On PostgreSQL the term vectors are compressed with lz4 where the server has it.
func TestTermVectorsUseLZ4(t *testing.T) {
	d := dbtest.Open(t, db.Postgres, Module)
	ctx := context.Background()
	if _, err := d.Exec(ctx, `SET default_toast_compression = lz4`); err != nil {
		t.Skipf("this server has no lz4: %v", err)
	}
	for _, col := range []string{"tsv", "tsv_title"} {
		var method string
		err := d.QueryRow(ctx, `SELECT attcompression::text FROM pg_attribute WHERE attrelid = 'search_doc'::regclass AND attname = $1`, col).Scan(&method)
		if err != nil || method != "l" {
			t.Errorf("%s compression %q, %v; want l (lz4)", col, method, err)
		}
	}
}

// Each of these gives results or a field error on q — never an internal error, whatever the engine
// would have made of the text as its own query syntax.
func TestSearchSurvivesHostileQueries(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		ix := New(d)
		put(t, ix, sample...)
		for _, q := range []string{
			`"`, `""`, `"越南`, `越南"`, `*`, `越*`, `-越南`, `NEAR(越南 投资)`, `NEAR`, `near/3`, `title:越南`, `{title}: x`,
			`^越南`, `越南 AND`, `AND OR NOT`, `a & b`, `a | b`, `!a`, `a <-> b`, `a:*`, `(越南`, `越南)`, `((((`, `'`, `''`,
			`\`, `\\'`, `a:1`, `a:A`, `%`, `_`, `--`, `;DROP TABLE search_doc;--`, "\x00", "越\x00南", "NUL\u0000",
			strings.Repeat("(", 150), strings.Repeat(`"a" `, 40), "😀", "\u202e越南", "\ufeff越南",
		} {
			_, err := ix.Search(context.Background(), Request{Q: q})
			if err == nil {
				continue
			}
			if e, ok := apperr.As(err); !ok || e.Kind != apperr.KindInvalid {
				t.Errorf("%q: %v", q, err)
			}
		}
		for _, tc := range []struct {
			name, q, key string
		}{
			{"empty", "", "error.required"},
			{"10,000 characters", strings.Repeat("越南投资", 2500), "error.too_long"},
			{"invalid UTF-8", "\xff\xfe越南", "search.q_invalid_utf8"},
		} {
			_, err := ix.Search(context.Background(), Request{Q: tc.q})
			if got := fieldKey(err, "q"); got != tc.key {
				t.Errorf("%s: %v, want field q %s", tc.name, err, tc.key)
			}
		}
		if res := search(t, ix, Request{Q: `"越南" (投资* -数据合规)`}); !slices.Equal(refs(res), []string{"guide:VN"}) {
			t.Error("a query written in FTS syntax still finds the words in it")
		}
	})
}

func TestSearchValidatesFilters(t *testing.T) {
	ix := &Index{}
	for _, tc := range []struct {
		r     Request
		field string
	}{
		{Request{Q: "x", Kind: "NOT A KIND"}, "type"},
		{Request{Q: "x", Country: "VNM"}, "country"},
		{Request{Q: "x", Issuer: "\xff"}, "issuer"},
		{Request{Q: "x", Page: -1}, "page"},
		{Request{Q: "x", PerPage: 1000}, "per_page"},
		{Request{Q: "", Kind: "1"}, "q"},
	} {
		_, err := ix.Search(context.Background(), tc.r)
		if fieldKey(err, tc.field) == "" {
			t.Errorf("%+v: %v, want an error on %s", tc.r, err, tc.field)
		}
	}
}

// TestRecallIsExact checks, on a generated corpus, that every query finds exactly the documents that
// contain it: every one of them (two-character words above all), and no other.
func TestRecallIsExact(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		ix := New(d)
		c := newCorpus(7)
		type text struct{ ref, all string }
		var texts []text
		var docs []Document
		for i := range 240 {
			title, body := c.document(80, 600)
			ref := strconv.Itoa(i)
			docs = append(docs, Document{Kind: "policy", Ref: ref, TitleZh: title, BodyZh: body, URL: "/p/" + ref})
			texts = append(texts, text{ref, title + "\n" + body})
		}
		put(t, ix, docs...)

		// Queries: one-, two-, three-, four- and eight-character strings cut from the documents at
		// random, vocabulary words, and strings that occur nowhere.
		var queries []string
		for range 160 {
			rs := []rune(texts[c.rng.IntN(len(texts))].all)
			n := []int{1, 2, 2, 2, 3, 4, 8}[c.rng.IntN(7)]
			at := c.rng.IntN(len(rs) - n)
			q := string(rs[at : at+n])
			if strings.ContainsFunc(q, func(r rune) bool { return !ideographic(r) }) {
				continue
			}
			queries = append(queries, q)
		}
		for range 40 {
			queries = append(queries, c.word())
		}
		queries = append(queries, "越南", "数据合规", "境外投资", "企业", "的", "鬱鬱", "合规企业数据")

		for _, q := range queries {
			var want []string
			for _, tx := range texts {
				if strings.Contains(tx.all, q) {
					want = append(want, tx.ref)
				}
			}
			var got []string
			for page := 1; ; page++ {
				res := search(t, ix, Request{Q: q, Page: page, PerPage: MaxPerPage})
				for _, h := range res.Hits {
					got = append(got, h.Ref)
				}
				if page*MaxPerPage >= res.Total {
					if res.Total != len(want) {
						t.Errorf("%q: total %d, want %d", q, res.Total, len(want))
					}
					break
				}
			}
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				missing, extra := diff(want, got), diff(got, want)
				t.Errorf("%q: %d found, %d contain it; missing %v, extra %v", q, len(got), len(want), missing, extra)
			}
		}
	})
}

func diff(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// Past the window a search lists title matches first, then the rest newest first, over consistent
// pages; the total says "more" and the facets say they are partial.
func TestSearchBeyondTheWindow(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		ix := New(d)
		ix.window = 10
		var docs []Document
		for i := range 30 {
			doc := Document{Kind: []string{"policy", "alert"}[i%2], Ref: fmt.Sprintf("%02d", i), TitleZh: fmt.Sprintf("第%d号通知", i),
				BodyZh: "企业出海服务。", URL: fmt.Sprintf("/p/%d", i), Countries: []string{[]string{"VN", "TH", "SG"}[i%3]}}
			if i%7 == 0 {
				doc.TitleZh = fmt.Sprintf("出海指南%d", i) // 0, 7, 14, 21, 28 match in the title
			}
			if i == 29 {
				doc.Draft = true
			}
			docs = append(docs, doc)
		}
		put(t, ix, docs...)

		var got []string
		for page := 1; page <= 3; page++ {
			res := search(t, ix, Request{Q: "出海", Page: page, PerPage: 4})
			if res.Total != 10 || !res.More || !res.Facets.Partial {
				t.Fatalf("page %d: total %d, more %v, partial %v", page, res.Total, res.More, res.Facets.Partial)
			}
			for _, h := range res.Hits {
				got = append(got, h.Ref)
			}
		}
		// Title matches by relevance (equal here, so newest first), then the rest newest first; the
		// draft (29) is not shown; ten in all.
		want := []string{"28", "21", "14", "07", "00", "27", "26", "25", "24", "23"}
		if !slices.Equal(got, want) {
			t.Errorf("order %v, want %v", got, want)
		}

		res := search(t, ix, Request{Q: "出海", Kind: "alert", Country: "VN"})
		for _, h := range res.Hits {
			n, _ := strconv.Atoi(h.Ref)
			if h.Kind != "alert" || n%3 != 0 {
				t.Errorf("filters let %s %s through", h.Kind, h.Ref)
			}
		}
		if res.Total != 5 || res.More { // 3, 9, 15, 21, 27
			t.Errorf("filtered total %d, more %v", res.Total, res.More)
		}
		if res := search(t, ix, Request{Q: "出海", Drafts: true, PerPage: 1}); res.Hits[0].Ref != "28" {
			t.Errorf("with drafts the first hit is %s", res.Hits[0].Ref)
		}
		if res := search(t, ix, Request{Q: "出海", Page: 4, PerPage: 4}); len(res.Hits) != 0 {
			t.Errorf("a page past the window has %d hits", len(res.Hits))
		}
	})
}

func TestSnippetQuotesAroundTheMatches(t *testing.T) {
	text := strings.Repeat("无关的内容。", 30) + "企业在越南开展数据合规工作。" + strings.Repeat("其他内容。", 30)
	frags := Snippet([]string{"越南", "数据合规"}, "", text)
	var b strings.Builder
	var hits []string
	for _, f := range frags {
		b.WriteString(f.Text)
		if f.Hit {
			hits = append(hits, f.Text)
		}
	}
	s := b.String()
	if !strings.HasPrefix(s, "…") || !strings.HasSuffix(s, "…") || !strings.Contains(s, "企业在越南开展数据合规工作") {
		t.Errorf("snippet %q", s)
	}
	if !slices.Equal(hits, []string{"越南", "数据合规"}) {
		t.Errorf("marked %v", hits)
	}
	if n := len([]rune(s)); n > snippetRunes+2 {
		t.Errorf("snippet of %d characters", n)
	}
	// Latin words match at the start of a word, in any case and without diacritics.
	frags = Snippet([]string{"vietnam", "sao"}, "Vietnam and South-Vietnam, not XVietnam; São Paulo")
	hits = nil
	for _, f := range frags {
		if f.Hit {
			hits = append(hits, f.Text)
		}
	}
	if !slices.Equal(hits, []string{"Vietnam", "Vietnam", "São"}) {
		t.Errorf("marked %v", hits)
	}
	// Nothing matched in the body: the start of the text, unmarked.
	frags = Snippet([]string{"越南"}, "一段\n\n很长的  文字")
	if len(frags) != 1 || frags[0].Hit || frags[0].Text != "一段 很长的 文字" {
		t.Errorf("no-match snippet %+v", frags)
	}
	if frags := Snippet([]string{"x"}, "", ""); len(frags) != 0 {
		t.Errorf("empty texts give %+v", frags)
	}
}
