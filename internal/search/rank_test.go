package search

import (
	"slices"
	"strings"
	"testing"

	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

// TestRankingWeighsTitleThenFrequencyThenLength pins the order of a ranked result, the same on both
// engines: a document that names the query in its title comes before any that only mention it in the
// body, however often; among body matches, more mentions in a text of the same length rank higher; and
// of two texts that mention it equally often, the shorter (where it is more of the subject) ranks
// higher.
func TestRankingWeighsTitleThenFrequencyThenLength(t *testing.T) {
	filler := strings.Repeat("其他内容说明。", 40)
	docs := []Document{
		{Kind: "policy", Ref: "body-once-long", TitleZh: "通知一", BodyZh: "企业开展越南业务。" + filler + filler + filler, URL: "/p/1"},
		{Kind: "policy", Ref: "body-thrice", TitleZh: "通知二", BodyZh: strings.Repeat("越南市场。", 3) + filler, URL: "/p/2"},
		{Kind: "policy", Ref: "title", TitleZh: "越南投资指南", BodyZh: "概况。" + filler, URL: "/p/3"},
		{Kind: "policy", Ref: "body-once-short", TitleZh: "通知三", BodyZh: "企业开展越南业务。" + filler, URL: "/p/4"},
		{Kind: "policy", Ref: "body-many", TitleZh: "通知四", BodyZh: strings.Repeat("越南市场。", 12) + filler, URL: "/p/5"},
		{Kind: "policy", Ref: "none", TitleZh: "泰国投资指南", BodyZh: filler, URL: "/p/6"},
	}
	want := []string{"title", "body-many", "body-thrice", "body-once-short", "body-once-long"}
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		ix := New(d)
		put(t, ix, docs...)
		res := search(t, ix, Request{Q: "越南"})
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.Ref)
		}
		if !slices.Equal(got, want) {
			t.Errorf("越南 ranked %v, want %v", got, want)
		}
		// A two-term query: the document with both terms in its title first.
		put(t, ix, Document{Kind: "guide", Ref: "both", TitleZh: "越南市场准入", BodyZh: filler, URL: "/g/VN"})
		if res := search(t, ix, Request{Q: "越南 市场"}); len(res.Hits) == 0 || res.Hits[0].Ref != "both" {
			t.Errorf("越南 市场 ranked %v first, want the document with both in its title", refs(res))
		}
	})
}

// Among title matches, a short title naming the query comes before a long list of keywords that
// includes it, whatever the length of either body: Vietnam's guide before a policy for all of ASEAN.
func TestTitleMatchesRankByTheTitleAlone(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		ix := New(d)
		put(t, ix,
			Document{Kind: "guide", Ref: "VN", TitleZh: "越南投资合作指南", Keywords: "越南 Vietnam VN",
				BodyZh: strings.Repeat("投资环境、税收、劳动用工与外汇管理说明。", 300), URL: "/guides/VN"},
			Document{Kind: "policy", Ref: "asean", TitleZh: "支持企业深耕东盟市场若干措施",
				Keywords: "文莱 柬埔寨 印度尼西亚 老挝 马来西亚 缅甸 菲律宾 新加坡 泰国 越南 Brunei Cambodia Indonesia Laos Malaysia Myanmar Philippines Singapore Thailand Vietnam",
				BodyZh:   "越南等东盟国家。", URL: "/policies/1"},
			Document{Kind: "alert", Ref: "1", TitleZh: "台风提醒", BodyZh: "越南北部。", URL: "/alerts/1"})
		for _, window := range []int{Window, 2} { // ranked, and past the window (title tier by relevance)
			ix.window = window
			if got := refs(search(t, ix, Request{Q: "越南"})); len(got) < 2 || !slices.Equal(got[:2], []string{"guide:VN", "policy:asean"}) {
				t.Errorf("window %d: 越南 ranked %v, want the guide first", window, got)
			}
		}
	})
}
