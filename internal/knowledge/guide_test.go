package knowledge

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"chuhai/internal/apperr"
)

func TestGuideGoesFromDraftThroughReviewToNumberedVersions(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		draft := GuideInput{TitleZh: "越南投资指南", TitleEn: "Vietnam investment guide", ReviewedOn: "2026-02-01",
			Sections: map[string]SectionBody{"overview": {Zh: "越南位于东南亚。"}}}
		r, err := f.CreateGuide(editor, "vn", draft)
		if err != nil {
			t.Fatal(err)
		}
		if r.Country != "VN" || r.State != StateDraft || r.Version != 1 || len(r.Sections) != len(Sections) {
			t.Fatalf("created %+v", r)
		}
		if _, err := f.Guide(editor, "VN"); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("an unpublished guide is public: %v", err)
		}
		// The draft is searchable by editors only.
		if got := searchRefs(t, f.ix, "越南", false); len(got) != 0 {
			t.Errorf("public search finds the draft: %v", got)
		}
		if got := searchRefs(t, f.ix, "越南", true); !slices.Equal(got, []string{"guide:VN/draft"}) {
			t.Errorf("editor search: %v", got)
		}

		// An incomplete draft cannot go to review: every section in both languages, and a source.
		_, err = f.SubmitGuide(editor, "VN", r.Version)
		if fieldKey(err, "sections.tax.zh") != "error.required" || fieldKey(err, "sources") != "knowledge.source_required" {
			t.Errorf("incomplete submit: %v", err)
		}
		r = must[Revision](t)(f.SaveDraft(editor, "VN", r.Version, completeGuide("越南")))
		r = must[Revision](t)(f.SubmitGuide(editor, "VN", r.Version))
		if r.State != StateReview || r.SubmittedBy == "" {
			t.Fatalf("submitted %+v", r)
		}
		// Under review it cannot be edited, and only publishers may send it back or publish it.
		if _, err := f.SaveDraft(editor, "VN", r.Version, completeGuide("越南")); err == nil || !strings.Contains(err.Error(), "knowledge.guide_in_review") {
			t.Errorf("edit under review: %v", err)
		}
		if _, err := f.PublishGuide(editor, "VN", r.Version); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("a point lead published: %v", err)
		}
		if _, err := f.ReturnGuide(publisher, "VN", r.Version, ""); fieldKey(err, "review_note") != "error.required" {
			t.Errorf("return without a note: %v", err)
		}
		r = must[Revision](t)(f.ReturnGuide(publisher, "VN", r.Version, "请补充外汇管制的最新规定"))
		if r.State != StateDraft || r.ReviewNote != "请补充外汇管制的最新规定" {
			t.Fatalf("returned %+v", r)
		}
		in := completeGuide("越南")
		in.Sections["foreign_exchange"] = SectionBody{Zh: "越南实行外汇管制。\n\n利润汇出需完税证明。", En: "Vietnam controls foreign exchange."}
		in.ChangeNote = "首次发布"
		r = must[Revision](t)(f.SaveDraft(editor, "VN", r.Version, in))
		r = must[Revision](t)(f.SubmitGuide(editor, "VN", r.Version))
		v1 := must[Revision](t)(f.PublishGuide(publisher, "VN", r.Version))
		if v1.State != StatePublished || v1.Number != 1 || v1.PublishedBy == "" || v1.PublishedAt == nil {
			t.Fatalf("published %+v", v1)
		}
		if _, err := f.WorkingCopy(editor, "VN"); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("the working copy outlived publishing: %v", err)
		}
		if got := searchRefs(t, f.ix, "外汇管制", true); !slices.Equal(got, []string{"guide:VN"}) {
			t.Errorf("after publishing, search finds %v", got)
		}

		// A second edit starts from the published text (version 0) and becomes version 2.
		in = v1.Input()
		in.Sections["foreign_exchange"] = SectionBody{Zh: "越南实行外汇管制。\n\n利润汇出需提供完税证明和审计报告。", En: "Vietnam controls foreign exchange."}
		in.ReviewedOn = "2026-03-01"
		r = must[Revision](t)(f.SaveDraft(editor, "VN", 0, in))
		if _, err := f.SaveDraft(editor, "VN", 0, in); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("a second working copy: %v", err)
		}
		if got := must[Revision](t)(f.Guide(editor, "VN")); got.Number != 1 {
			t.Errorf("readers see version %d while the edit is a draft", got.Number)
		}
		r = must[Revision](t)(f.SubmitGuide(editor, "VN", r.Version))
		v2 := must[Revision](t)(f.PublishGuide(publisher, "VN", r.Version))
		if v2.Number != 2 {
			t.Fatalf("second version numbered %d", v2.Number)
		}
		if got := must[Revision](t)(f.Guide(editor, "vn")); got.Number != 2 || got.ReviewedOn != "2026-03-01" {
			t.Errorf("readers see %+v", got)
		}
		if old := must[Revision](t)(f.GuideVersion(editor, "VN", 1)); old.ReviewedOn != "2026-02-01" {
			t.Errorf("version 1 changed: %+v", old)
		}
		vs := must[[]Revision](t)(f.GuideVersions(editor, "VN"))
		if len(vs) != 2 || vs[0].Number != 2 || vs[1].Number != 1 {
			t.Errorf("versions %+v", vs)
		}

		d := must[GuideDiff](t)(f.CompareGuide(editor, "VN", 1, 2))
		var changed []string
		for _, fd := range d.Fields {
			if fd.Changed {
				changed = append(changed, fd.Field+"."+fd.Lang)
			}
		}
		if !slices.Equal(changed, []string{"reviewed_on.", "foreign_exchange.zh"}) {
			t.Errorf("changed fields %v", changed)
		}
		for _, fd := range d.Fields {
			if fd.Field == "foreign_exchange" && fd.Lang == "zh" {
				want := []DiffLine{{OpSame, "越南实行外汇管制。"}, {OpSame, ""}, {OpRemoved, "利润汇出需完税证明。"}, {OpAdded, "利润汇出需提供完税证明和审计报告。"}}
				if !slices.Equal(fd.Lines, want) {
					t.Errorf("diff lines %+v", fd.Lines)
				}
			}
		}
		if _, err := f.CompareGuide(editor, "VN", 1, 3); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("compare with a missing version: %v", err)
		}
		for action, n := range map[string]int{"knowledge.guide.create": 1, "knowledge.guide.save_draft": 3, "knowledge.guide.submit": 3,
			"knowledge.guide.return": 1, "knowledge.guide.publish": 2} {
			if got := auditCount(t, f.d, action); got != n {
				t.Errorf("%d audit entries %s, want %d", got, action, n)
			}
		}
	})
}

func TestGuideWritesRefuseStaleVersionsAndOutsiders(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		r := must[Revision](t)(f.CreateGuide(editor, "TH", completeGuide("泰国")))
		if _, err := f.SaveDraft(editor, "TH", r.Version+1, completeGuide("泰国")); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("stale save: %v", err)
		}
		r2 := must[Revision](t)(f.SaveDraft(editor, "TH", r.Version, completeGuide("泰国")))
		if _, err := f.SubmitGuide(editor, "TH", r.Version); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("submit with the version before the last save: %v", err)
		}
		if _, err := f.CreateGuide(staff, "SG", completeGuide("新加坡")); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("point staff created a guide: %v", err)
		}
		if _, err := f.WorkingCopy(staff, "TH"); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("point staff read a working copy: %v", err)
		}
		if _, err := f.SaveDraft(editor, "SG", 0, completeGuide("新加坡")); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("draft of a guide that does not exist: %v", err)
		}
		if err := f.DiscardDraft(editor, "TH", r2.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := f.WorkingCopy(editor, "TH"); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("discarded draft remains: %v", err)
		}
		if got := searchRefs(t, f.ix, "泰国", true); len(got) != 0 {
			t.Errorf("discarded draft still searchable: %v", got)
		}
	})
}

func TestGuideInputIsValidated(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		for _, tc := range []struct {
			name, country string
			edit          func(*GuideInput)
			field, key    string
		}{
			{"unknown country", "XX", func(*GuideInput) {}, "country", "knowledge.unknown_country"},
			{"a district is not a country", "310104", func(*GuideInput) {}, "country", "knowledge.unknown_country"},
			{"no title", "VN", func(in *GuideInput) { in.TitleZh = " " }, "title_zh", "error.required"},
			{"bad date", "VN", func(in *GuideInput) { in.ReviewedOn = "2026-02-30" }, "reviewed_on", "knowledge.bad_date"},
			{"reviewed tomorrow", "VN", func(in *GuideInput) { in.ReviewedOn = "2026-03-02" }, "reviewed_on", "knowledge.reviewed_in_future"},
			{"unknown section", "VN", func(in *GuideInput) { in.Sections["gossip"] = SectionBody{Zh: "x"} }, "sections.gossip", "knowledge.unknown_section"},
			{"huge section", "VN", func(in *GuideInput) { in.Sections["tax"] = SectionBody{Zh: strings.Repeat("税", maxSection+1)} }, "sections.tax.zh", "error.too_long"},
			{"script URL source", "VN", func(in *GuideInput) { in.Sources[0].URL = "javascript:alert(1)" }, "sources.0.url", "knowledge.bad_url"},
			{"invalid UTF-8", "VN", func(in *GuideInput) { in.TitleEn = "bad \xff" }, "title_en", "knowledge.bad_text"},
		} {
			in := completeGuide("越南")
			tc.edit(&in)
			_, err := f.CreateGuide(editor, tc.country, in)
			if got := fieldKey(err, tc.field); got != tc.key {
				t.Errorf("%s: %v, want %s on %s", tc.name, err, tc.key, tc.field)
			}
		}
		must[Revision](t)(f.CreateGuide(editor, "VN", completeGuide("越南")))
		if _, err := f.CreateGuide(editor, "VN", completeGuide("越南")); fieldKey(err, "country") != "knowledge.guide_exists" {
			t.Errorf("second guide for a country: %v", err)
		}
	})
}

func TestDiffLines(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want string
	}{
		{"", "", ""},
		{"a\nb\nc", "a\nb\nc", "=a =b =c"},
		{"a\nb\nc", "a\nx\nc", "=a -b +x =c"},
		{"a\nb", "a\nb\nc", "=a =b +c"},
		{"a\nb\nc", "b", "-a =b -c"},
		{"", "new", "+new"},
		{"old", "", "-old"},
		{"a\r\nb\n", "a\nb", "=a =b"},
	} {
		var parts []string
		for _, l := range DiffLines(tc.a, tc.b) {
			parts = append(parts, map[string]string{OpSame: "=", OpAdded: "+", OpRemoved: "-"}[l.Op]+l.Text)
		}
		if got := strings.Join(parts, " "); got != tc.want {
			t.Errorf("DiffLines(%q, %q) = %q, want %q", tc.a, tc.b, got, tc.want)
		}
	}
}
