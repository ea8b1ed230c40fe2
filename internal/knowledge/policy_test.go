package knowledge

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"chuhai/internal/apperr"
)

func samplePolicy(title string) PolicyInput {
	return PolicyInput{TitleZh: title, TitleEn: "Sample policy", DocNumber: "沪商外经〔2025〕12号", IssuerKind: "district",
		IssuerCode: "310104", IssuerZh: "徐汇区商务委员会", IssuerEn: "Xuhui Commission of Commerce", Level: "district",
		Category: "funding", IssuedOn: "2025-06-01", EffectiveOn: "2025-07-01", ExpiresOn: "2027-06-30", Topics: []string{"subsidy"},
		Applies: Applicability{Districts: []string{"310104"}}, SummaryZh: "对购买区内专业服务给予30%补贴，最高30万元。",
		BodyZh: "## 第一条\n\n示例正文。"}
}

func TestStatusFollowsTheDates(t *testing.T) {
	for _, tc := range []struct {
		day, effective, expires, successor, want string
	}{
		{"2026-03-01", "2026-03-02", "", "", StatusPending},
		{"2026-03-01", "2026-03-01", "", "", StatusInForce},
		{"2026-03-01", "2025-01-01", "2026-03-01", "", StatusInForce}, // the last day is still in force
		{"2026-03-01", "2025-01-01", "2026-02-28", "", StatusExpired},
		{"2026-03-01", "2025-01-01", "", "2026-03-01", StatusSuperseded},
		{"2026-03-01", "2025-01-01", "", "2026-04-01", StatusInForce}, // successor not yet in force
		{"2026-03-01", "2025-01-01", "2025-12-31", "2025-06-01", StatusSuperseded},
		{"2026-03-01", "2026-05-01", "", "2026-01-01", StatusPending},
	} {
		if got := StatusOn(tc.day, tc.effective, tc.expires, tc.successor); got != tc.want {
			t.Errorf("StatusOn(%s, effective %s, expires %q, successor %q) = %s, want %s", tc.day, tc.effective, tc.expires, tc.successor, got, tc.want)
		}
	}
}

// The list filter computes the status in SQL; it must agree with StatusOn on every case.
func TestStatusSQLAgreesWithStatusOn(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := publisher
		successor := samplePolicy("继任政策")
		successor.EffectiveOn, successor.IssuedOn, successor.ExpiresOn = "2026-02-01", "2026-01-15", ""
		succ := must[Policy](t)(f.CreatePolicy(ctx, successor))
		succ = must[Policy](t)(f.PublishPolicy(ctx, succ.ID, succ.Version))
		later := samplePolicy("未来继任政策")
		later.EffectiveOn, later.IssuedOn, later.ExpiresOn = "2026-09-01", "2026-01-15", ""
		lat := must[Policy](t)(f.CreatePolicy(ctx, later))
		lat = must[Policy](t)(f.PublishPolicy(ctx, lat.ID, lat.Version))
		draftSucc := must[Policy](t)(f.CreatePolicy(ctx, successor)) // never published: supersedes nothing yet

		cases := []struct {
			effective, expires string
			successor          int64
		}{
			{"2026-03-02", "", 0}, {"2025-01-01", "", 0}, {"2025-01-01", "2026-03-01", 0}, {"2025-01-01", "2026-02-28", 0},
			{"2025-01-01", "", succ.ID}, {"2025-01-01", "", lat.ID}, {"2025-01-01", "", draftSucc.ID}, {"2025-01-01", "2025-12-31", succ.ID},
		}
		for _, c := range cases {
			in := samplePolicy("对照政策")
			in.IssuedOn, in.EffectiveOn, in.ExpiresOn, in.SupersededBy = "2024-12-01", c.effective, c.expires, c.successor
			p := must[Policy](t)(f.CreatePolicy(ctx, in))
			p = must[Policy](t)(f.PublishPolicy(ctx, p.ID, p.Version))
			for _, st := range Statuses {
				ps, _, err := f.ListPolicies(ctx, PolicyFilter{Status: st, Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				listed := slices.ContainsFunc(ps, func(x Policy) bool { return x.ID == p.ID })
				if listed != (p.Status == st) {
					t.Errorf("policy effective %s expires %q successor %d: Go says %s, SQL lists it under %s: %v", c.effective, c.expires, c.successor, p.Status, st, listed)
				}
			}
		}
	})
}

func TestPolicyLifecycleAndSupersession(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		old := must[Policy](t)(f.CreatePolicy(editor, samplePolicy("徐汇区专业服务补贴办法（2025）")))
		if old.State != StateDraft || old.Status != StatusInForce {
			t.Fatalf("created %+v", old)
		}
		if _, err := f.Policy(context.Background(), old.ID, false); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("a draft is public: %v", err)
		}
		if ps, total, _ := f.ListPolicies(context.Background(), PolicyFilter{}); total != 0 || len(ps) != 0 {
			t.Errorf("public list shows drafts: %d", total)
		}
		if _, err := f.PublishPolicy(editor, old.ID, old.Version); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("a point lead published: %v", err)
		}
		old = must[Policy](t)(f.PublishPolicy(publisher, old.ID, old.Version))
		if _, err := f.UpdatePolicy(editor, old.ID, old.Version, samplePolicy("改")); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("a point lead changed a published policy: %v", err)
		}
		if _, err := f.PublishPolicy(publisher, old.ID, old.Version); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("publishing twice: %v", err)
		}
		if got := searchRefs(t, f.ix, "专业服务补贴", false); len(got) != 1 {
			t.Errorf("published policy not found by search: %v", got)
		}

		in := samplePolicy("徐汇区专业服务补贴办法（2026）")
		in.IssuedOn, in.EffectiveOn, in.ExpiresOn = "2026-01-10", "2026-02-01", ""
		next := must[Policy](t)(f.CreatePolicy(editor, in))
		upd := old.PolicyInput
		upd.SupersededBy = next.ID
		old = must[Policy](t)(f.UpdatePolicy(publisher, old.ID, old.Version, upd))
		if old.Status != StatusInForce || old.Successor == nil || old.Successor.ID != next.ID {
			t.Errorf("superseded by a draft: %+v", old)
		}
		next = must[Policy](t)(f.PublishPolicy(publisher, next.ID, next.Version))
		if len(next.Supersedes) != 1 || next.Supersedes[0].ID != old.ID {
			t.Errorf("successor does not list what it supersedes: %+v", next.Supersedes)
		}
		old = must[Policy](t)(f.Policy(context.Background(), old.ID, false))
		if old.Status != StatusSuperseded {
			t.Errorf("after the successor took effect the status is %s", old.Status)
		}
		// No cycles: the successor cannot be superseded by what it superseded.
		nin := next.PolicyInput
		nin.SupersededBy = old.ID
		if _, err := f.UpdatePolicy(publisher, next.ID, next.Version, nin); fieldKey(err, "superseded_by") != "knowledge.supersession_cycle" {
			t.Errorf("cycle: %v", err)
		}
		nin.SupersededBy = next.ID
		if _, err := f.UpdatePolicy(publisher, next.ID, next.Version, nin); fieldKey(err, "superseded_by") != "knowledge.supersedes_itself" {
			t.Errorf("self: %v", err)
		}
		nin.SupersededBy = 999999
		if _, err := f.UpdatePolicy(publisher, next.ID, next.Version, nin); fieldKey(err, "superseded_by") != "knowledge.unknown_policy" {
			t.Errorf("unknown successor: %v", err)
		}
		if _, err := f.UpdatePolicy(publisher, next.ID, next.Version-1, next.PolicyInput); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("stale update: %v", err)
		}
		next = must[Policy](t)(f.WithdrawPolicy(publisher, next.ID, next.Version))
		if old = must[Policy](t)(f.Policy(context.Background(), old.ID, false)); old.Status != StatusInForce {
			t.Errorf("withdrawing the successor leaves the old policy %s", old.Status)
		}
		if auditCount(t, f.d, "knowledge.policy.publish") != 2 || auditCount(t, f.d, "knowledge.policy.withdraw") != 1 {
			t.Error("publishing and withdrawing are not audited")
		}
	})
}

func TestPolicyListFilters(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		add := func(title string, edit func(*PolicyInput)) Policy {
			in := samplePolicy(title)
			edit(&in)
			p := must[Policy](t)(f.CreatePolicy(publisher, in))
			return must[Policy](t)(f.PublishPolicy(publisher, p.ID, p.Version))
		}
		national := add("关于推进对外投资合作服务体系建设的指导意见", func(in *PolicyInput) {
			in.IssuerKind, in.IssuerCode, in.IssuerZh, in.Level, in.Category = "ministry", "mofcom", "商务部", "national", "guidance"
			in.Applies, in.Topics, in.ExpiresOn = Applicability{}, []string{"odi", "market_entry"}, ""
		})
		vietnam := add("越南市场拓展专项支持", func(in *PolicyInput) {
			in.Applies = Applicability{Countries: []string{"VN", "TH"}, Industries: []string{"C"}}
		})
		expired := add("已到期的旧办法", func(in *PolicyInput) {
			in.EffectiveOn, in.ExpiresOn = "2024-01-01", "2025-12-31"
			in.IssuedOn = "2023-12-01"
		})
		draft := must[Policy](t)(f.CreatePolicy(publisher, samplePolicy("尚未发布的草稿")))
		ids := func(flt PolicyFilter) []int64 {
			ps, total, err := f.ListPolicies(context.Background(), flt)
			if err != nil {
				t.Fatal(err)
			}
			if total != len(ps) {
				t.Errorf("%+v: total %d, page %d", flt, total, len(ps))
			}
			var out []int64
			for _, p := range ps {
				out = append(out, p.ID)
			}
			slices.Sort(out)
			return out
		}
		sorted := func(xs ...int64) []int64 { slices.Sort(xs); return xs }
		for name, tc := range map[string]struct {
			f    PolicyFilter
			want []int64
		}{
			"all public":     {PolicyFilter{}, sorted(national.ID, vietnam.ID, expired.ID)},
			"with drafts":    {PolicyFilter{Drafts: true}, sorted(national.ID, vietnam.ID, expired.ID, draft.ID)},
			"in force":       {PolicyFilter{Status: StatusInForce}, sorted(national.ID, vietnam.ID)},
			"expired":        {PolicyFilter{Status: StatusExpired}, sorted(expired.ID)},
			"national":       {PolicyFilter{Level: "national"}, sorted(national.ID)},
			"by issuer":      {PolicyFilter{Issuer: "mofcom"}, sorted(national.ID)},
			"by issuer kind": {PolicyFilter{IssuerKind: "district"}, sorted(vietnam.ID, expired.ID)},
			"by topic":       {PolicyFilter{Topic: "odi"}, sorted(national.ID)},
			"by country":     {PolicyFilter{Country: "th"}, sorted(vietnam.ID)},
			"by district":    {PolicyFilter{District: "310104"}, sorted(expired.ID)},
			"by category":    {PolicyFilter{Category: "guidance"}, sorted(national.ID)},
		} {
			if got := ids(tc.f); !slices.Equal(got, tc.want) {
				t.Errorf("%s: %v, want %v", name, got, tc.want)
			}
		}
		ps, total, err := f.ListPolicies(context.Background(), PolicyFilter{Limit: 2})
		if err != nil || total != 3 || len(ps) != 2 || ps[0].IssuedOn < ps[1].IssuedOn {
			t.Errorf("paging: %d of %d, %v", len(ps), total, err)
		}
		for _, bad := range []PolicyFilter{{Status: "alive"}, {Level: "galactic"}, {IssuerKind: "king"}, {Category: "x"}, {Country: "VNM"}} {
			if _, _, err := f.ListPolicies(context.Background(), bad); err == nil {
				t.Errorf("%+v accepted", bad)
			}
		}
	})
}

func TestPolicyInputIsValidated(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		for _, tc := range []struct {
			name       string
			edit       func(*PolicyInput)
			field, key string
		}{
			{"no title", func(in *PolicyInput) { in.TitleZh = "" }, "title_zh", "error.required"},
			{"unknown issuer kind", func(in *PolicyInput) { in.IssuerKind = "emperor" }, "issuer_kind", "error.bad_choice"},
			{"district issuer not a district", func(in *PolicyInput) { in.IssuerCode = "VN" }, "issuer_code", "knowledge.unknown_district"},
			{"issuer code with spaces", func(in *PolicyInput) { in.IssuerKind, in.IssuerCode = "ministry", "mof com" }, "issuer_code", "knowledge.bad_issuer_code"},
			{"effective before issued", func(in *PolicyInput) { in.EffectiveOn = "2025-05-01" }, "effective_on", "knowledge.effective_before_issued"},
			{"expires before effective", func(in *PolicyInput) { in.ExpiresOn = "2025-06-30" }, "expires_on", "knowledge.expires_before_effective"},
			{"bad date", func(in *PolicyInput) { in.IssuedOn = "1/6/2025" }, "issued_on", "knowledge.bad_date"},
			{"unknown topic", func(in *PolicyInput) { in.Topics = []string{"astrology"} }, "topics", "knowledge.unknown_topic"},
			{"unknown country", func(in *PolicyInput) { in.Applies.Countries = []string{"ZZ"} }, "applies_to.countries", "knowledge.unknown_country"},
			{"district that is a country", func(in *PolicyInput) { in.Applies.Districts = []string{"VN"} }, "applies_to.districts", "knowledge.unknown_district"},
			{"bad industry", func(in *PolicyInput) { in.Applies.Industries = []string{"Z99"} }, "applies_to.industries", "knowledge.bad_industry"},
			{"bad size", func(in *PolicyInput) { in.Applies.Sizes = []string{"huge"} }, "applies_to.sizes", "error.bad_choice"},
			{"bad ownership", func(in *PolicyInput) { in.Applies.Ownerships = []string{"pirate"} }, "applies_to.ownerships", "error.bad_choice"},
			{"script source", func(in *PolicyInput) { in.SourceURL = "javascript:alert(1)" }, "source_url", "knowledge.bad_url"},
		} {
			in := samplePolicy("校验")
			tc.edit(&in)
			_, err := f.CreatePolicy(editor, in)
			if got := fieldKey(err, tc.field); got != tc.key {
				t.Errorf("%s: %v, want %s on %s", tc.name, err, tc.key, tc.field)
			}
		}
		in := samplePolicy("规范化")
		in.Applies.Countries = []string{" vn", "VN", "th"}
		in.Applies.Industries = []string{"c38"}
		p := must[Policy](t)(f.CreatePolicy(editor, in))
		if !slices.Equal(p.Applies.Countries, []string{"TH", "VN"}) || !slices.Equal(p.Applies.Industries, []string{"C38"}) {
			t.Errorf("normalised applicability %+v", p.Applies)
		}
	})
}

var pdf = []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

func TestAttachmentsArePDFsWithinLimits(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		p := must[Policy](t)(f.CreatePolicy(editor, samplePolicy("附件测试")))
		a := must[Attachment](t)(f.AddAttachment(editor, p.ID, `C:\Users\王\Desktop\原文"签章版".pdf`, pdf))
		if a.Filename != "原文签章版.pdf" || a.Size != int64(len(pdf)) || len(a.SHA256) != 64 || a.ContentType != "application/pdf" {
			t.Errorf("stored %+v", a)
		}
		for _, tc := range []struct {
			name, filename string
			data           []byte
			want           string
		}{
			{"not a PDF", "x.pdf", []byte("<html><script>alert(1)</script></html>"), "knowledge.attachment_not_pdf"},
			{"a PDF named otherwise", "x.exe", pdf, "knowledge.attachment_not_pdf"},
			{"empty", "x.pdf", nil, "knowledge.attachment_empty"},
			{"no name", "", pdf, "error.required"},
		} {
			if _, err := f.AddAttachment(editor, p.ID, tc.filename, tc.data); fieldKey(err, "file") != tc.want {
				t.Errorf("%s: %v", tc.name, err)
			}
		}
		big := append(bytes.Clone(pdf), make([]byte, MaxAttachmentBytes)...)
		if _, err := f.AddAttachment(editor, p.ID, "big.pdf", big); err == nil {
			t.Error("an attachment over the limit was accepted")
		} else if e, ok := apperr.As(err); !ok || e.Kind != apperr.KindTooLarge {
			t.Errorf("too large: %v", err)
		}
		for i := 1; i < MaxAttachments; i++ {
			must[Attachment](t)(f.AddAttachment(editor, p.ID, "more.pdf", pdf))
		}
		if _, err := f.AddAttachment(editor, p.ID, "one-too-many.pdf", pdf); fieldKey(err, "file") != "knowledge.too_many_attachments" {
			t.Errorf("eleventh attachment: %v", err)
		}
		if _, err := f.AttachmentFile(context.Background(), p.ID, a.ID, false); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("an attachment of a draft is public: %v", err)
		}
		got := must[AttachmentFile](t)(f.AttachmentFile(context.Background(), p.ID, a.ID, true))
		if !bytes.Equal(got.Data, pdf) {
			t.Error("the stored bytes differ")
		}
		if _, err := f.AttachmentFile(context.Background(), p.ID+1, a.ID, true); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("attachment through another policy: %v", err)
		}
		if err := f.DeleteAttachment(staff, p.ID, a.ID); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("point staff deleted an attachment: %v", err)
		}
		if err := f.DeleteAttachment(editor, p.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.DeleteAttachment(editor, p.ID, a.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("deleting twice: %v", err)
		}
		var n int
		if err := f.d.QueryRow(context.Background(), `SELECT count(*) FROM policy_attachment WHERE policy_id = $1`, p.ID).Scan(&n); err != nil || n != MaxAttachments-1 {
			t.Errorf("%d attachments left, %v", n, err)
		}
	})
}

func TestCleanFilename(t *testing.T) {
	for in, want := range map[string]string{
		"a.pdf": "a.pdf", "../../etc/passwd.pdf": "passwd.pdf", `C:\x\y.pdf`: "y.pdf", "a\r\nb.pdf": "ab.pdf",
		"": "", "/": "", "..": "..", `"q".pdf`: "q.pdf", " 通知.pdf ": "通知.pdf",
	} {
		if got := cleanFilename(in); got != want {
			t.Errorf("cleanFilename(%q) = %q, want %q", in, got, want)
		}
	}
	if strings.ContainsAny(cleanFilename("x\x00y.pdf"), "\x00") {
		t.Error("NUL survives")
	}
}
