package casework

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/idempotency"
)

func odiRequest() NewRequest {
	return NewRequest{Topic: "odi", Countries: []string{"VN"}, Title: "越南工厂 ODI 备案", Description: "拟在越南北宁省设立工厂，需办理发改委和商务部门备案。",
		NeededBy: "2026-04-30"}
}

func TestXuhuiODIRequestRoutesToJingAnODIPoint(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ent := f.enterprise("上海示例精密制造有限公司", xuhui)
		ctx := f.user("xh-firm", auth.NewUser{Role: auth.EnterpriseAdmin, EnterpriseID: ent})
		f.user("ja-odi-staff", auth.NewUser{Role: auth.PointStaff, PointID: f.points["JA-ODI"]})
		r, err := f.s.CreateRequest(ctx, odiRequest())
		if err != nil {
			t.Fatal(err)
		}
		if r.Ref != "JA-ODI-2026-000001" || r.Point.Code != "JA-ODI" || r.State != StateSubmitted || r.HomeDistrict != xuhui {
			t.Errorf("request %s at %s in %s, home %s", r.Ref, r.Point.Code, r.State, r.HomeDistrict)
		}
		if r.Routing.Kind != RuleCapability || r.Routing.RuleID == 0 || len(r.Routing.Detail.Candidates) != 1 {
			t.Errorf("routing %+v", r.Routing)
		}
		if r.Channel != ChannelOnline || r.Enterprise == nil || r.Enterprise.NameZh != "上海示例精密制造有限公司" || r.Contact != nil {
			t.Errorf("who asked: %+v %+v %s", r.Enterprise, r.Contact, r.Channel)
		}
		// Monday 10:00: first response by Tuesday's close, resolution in 15 working days (the ODI
		// policy), at JA-ODI's 17:30 closing.
		sh, _ := time.LoadLocation("Asia/Shanghai")
		if got := r.SLA.ResponseDueAt.In(sh).Format("2006-01-02 15:04"); got != "2026-03-03 17:30" {
			t.Errorf("response due %s", got)
		}
		if got := r.SLA.ResolutionDueAt.In(sh).Format("2006-01-02 15:04"); got != "2026-03-23 17:30" {
			t.Errorf("resolution due %s", got)
		}
		if r.SLA.Status != SLAOnTrack || r.SLA.Provisional {
			t.Errorf("sla %+v", r.SLA)
		}
		if n := f.count(`SELECT COUNT(*) FROM casework_timer WHERE request_id = $1 AND fired_at IS NULL`, r.ID); n != 6 {
			t.Errorf("%d timers, want 6", n)
		}
		if n := f.count(`SELECT COUNT(*) FROM audit_entry WHERE action = 'casework.request.create' AND object_id = $1`, r.Ref); n != 1 {
			t.Errorf("%d audit entries", n)
		}
		if n := f.count(`SELECT COUNT(*) FROM test_notice WHERE user_id = $1 AND key = 'casework.notice.new.subject'`, f.users["ja-odi-staff"].UserID); n != 1 {
			t.Errorf("the point's staff got %d notices of the new request", n)
		}
		// The enterprise sees its request; Xuhui's staff (not serving it) do not; Jing'an ODI's do.
		f.user("xh-staff", auth.NewUser{Role: auth.PointStaff, PointID: f.points["XH"]})
		if _, err := f.s.Get(f.as("xh-firm"), r.Ref); err != nil {
			t.Errorf("enterprise: %v", err)
		}
		if _, err := f.s.Get(f.as("xh-staff"), r.Ref); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("other point: %v", err)
		}
		if _, err := f.s.Get(f.as("ja-odi-staff"), r.Ref); err != nil {
			t.Errorf("serving point: %v", err)
		}
		tl, err := f.s.Timeline(ctx, r.Ref)
		if err != nil || len(tl) != 1 || tl[0].Kind != "submitted" {
			t.Errorf("timeline %+v %v", tl, err)
		}
	})
}

func TestWhoMaySubmit(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ent := f.enterprise("上海某贸易公司", jingan)
		f.user("firm", auth.NewUser{Role: auth.EnterpriseMember, EnterpriseID: ent})
		f.user("xh-staff", auth.NewUser{Role: auth.PointStaff, PointID: f.points["XH"]})
		f.user("coord", auth.NewUser{Role: auth.CityCoordinator})
		prov := f.provider("示例律师事务所", true)
		f.user("lawyer", auth.NewUser{Role: auth.ProviderAdmin, ProviderID: prov})

		// A visitor asks online and leaves a phone number: the city platform takes it.
		r, err := f.s.CreateRequest(context.Background(), NewRequest{Topic: "tax", Title: "出口退税咨询", Description: "想了解出口退税流程",
			Contact: &Contact{Name: "王女士", Phone: "+86 138-0000-0000"}})
		if err != nil {
			t.Fatal(err)
		}
		if r.Point.Code != "SH" || r.Contact == nil || r.Contact.Name != "王女士" || r.Enterprise != nil || r.Routing.Kind != RulePointKind {
			t.Errorf("visitor request %+v", r)
		}
		// Walk-in at Xuhui for a Jing'an enterprise: routed home to Jing'an, with Xuhui as intake.
		r, err = f.s.CreateRequest(f.as("xh-staff"), NewRequest{Channel: ChannelWalkIn, EnterpriseID: ent, Topic: "hr", Title: "外派员工社保",
			Description: "外派员工社保如何缴纳"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Point.Code != "JA" || r.IntakePoint == nil || r.IntakePoint.Code != "XH" || r.HomeDistrict != jingan {
			t.Errorf("walk-in %+v", r)
		}
		// A walk-in visitor stays at the point that took it in.
		r, err = f.s.CreateRequest(f.as("xh-staff"), NewRequest{Channel: ChannelPhone, Topic: "legal", Title: "合同审查",
			Description: "来电咨询", Contact: &Contact{Name: "李先生", Email: "li@example.cn"}})
		if err != nil || r.Point.Code != "XH" || r.Routing.Kind != RuleIntake {
			t.Errorf("phone visitor %+v %v", r.Point, err)
		}
		// A coordinator names the intake point.
		r, err = f.s.CreateRequest(f.as("coord"), NewRequest{Channel: ChannelOverseas, IntakePoint: "sg", Topic: "safety", Abroad: true,
			Countries: []string{"my"}, Title: "员工护照遗失", Description: "在吉隆坡的员工护照遗失", Contact: &Contact{Name: "张经理", Phone: "+60123456789"}})
		if err != nil || r.Point.Code != "SG" || r.IntakePoint.Code != "SG" || r.Countries[0] != "MY" {
			t.Errorf("overseas intake %+v %v", r.Point, err)
		}

		for _, tc := range []struct {
			name string
			ctx  context.Context
			in   NewRequest
			kind apperr.Kind
		}{
			{"providers do not submit", f.as("lawyer"), NewRequest{Topic: "tax", Title: "x", Description: "y"}, apperr.KindForbidden},
			{"an enterprise for another enterprise", f.as("firm"), NewRequest{EnterpriseID: ent + 1, Topic: "tax", Title: "x", Description: "y"}, apperr.KindForbidden},
			{"point staff for another point", f.as("xh-staff"), NewRequest{Channel: ChannelWalkIn, IntakePoint: "JA", EnterpriseID: ent, Topic: "tax", Title: "x", Description: "y"}, apperr.KindForbidden},
		} {
			before := f.rows()
			_, err := f.s.CreateRequest(tc.ctx, tc.in)
			wantKind(t, err, tc.kind, tc.name)
			if after := f.rows(); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("%s wrote %v → %v", tc.name, before, after)
			}
		}
	})
}

func TestBadRequestsWriteNothing(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ent := f.enterprise("上海某贸易公司", xuhui)
		ctx := f.user("firm", auth.NewUser{Role: auth.EnterpriseAdmin, EnterpriseID: ent})
		f.user("xh-staff", auth.NewUser{Role: auth.PointStaff, PointID: f.points["XH"]})
		pdf := []byte("%PDF-1.4\n%%EOF\n")
		good := func(mod func(*NewRequest)) NewRequest { in := odiRequest(); mod(&in); return in }
		for _, tc := range []struct {
			name, field, key string
			ctx              context.Context
			in               NewRequest
		}{
			{"unknown topic", "topic", "casework.topic.unknown", ctx, good(func(r *NewRequest) { r.Topic = "astrology" })},
			{"no topic", "topic", "error.required", ctx, good(func(r *NewRequest) { r.Topic = " " })},
			{"impossible date", "needed_by", "casework.date.format", ctx, good(func(r *NewRequest) { r.NeededBy = "2026-02-30" })},
			{"date in the past", "needed_by", "casework.date.past", ctx, good(func(r *NewRequest) { r.NeededBy = "2026-03-01" })},
			{"date far away", "needed_by", "casework.date.too_far", ctx, good(func(r *NewRequest) { r.NeededBy = "2031-01-01" })},
			{"date with time", "needed_by", "casework.date.format", ctx, good(func(r *NewRequest) { r.NeededBy = "2026-04-01T00:00:00Z" })},
			{"unknown country", "countries", "casework.countries.unknown", ctx, good(func(r *NewRequest) { r.Countries = []string{"XX"} })},
			{"not a country code", "countries", "casework.countries.unknown", ctx, good(func(r *NewRequest) { r.Countries = []string{"Vietnam"} })},
			{"abroad without a country", "countries", "casework.countries.abroad", ctx, good(func(r *NewRequest) { r.Abroad, r.Countries = true, nil })},
			{"unknown urgency", "urgency", "error.bad_choice", ctx, good(func(r *NewRequest) { r.Urgency = "yesterday" })},
			{"no title", "title", "error.required", ctx, good(func(r *NewRequest) { r.Title = "" })},
			{"long title", "title", "error.too_long", ctx, good(func(r *NewRequest) { r.Title = strings.Repeat("长", maxTitle+1) })},
			{"control characters", "description", "casework.text.control", ctx, good(func(r *NewRequest) { r.Description = "a\x00b" })},
			{"enterprise not online", "channel", "casework.channel.online_only", ctx, good(func(r *NewRequest) { r.Channel = ChannelPhone })},
			{"staff: unknown channel", "channel", "error.bad_choice", f.as("xh-staff"), good(func(r *NewRequest) { r.Channel = "fax"; r.EnterpriseID = ent })},
			{"staff: unknown enterprise", "enterprise_id", "casework.enterprise.unknown", f.as("xh-staff"), good(func(r *NewRequest) { r.Channel = ChannelWalkIn; r.EnterpriseID = 99999 })},
			{"visitor without contact", "contact.name", "error.required", context.Background(), good(func(r *NewRequest) {})},
			{"visitor unreachable", "contact.phone", "casework.contact.reachable", context.Background(), good(func(r *NewRequest) { r.Contact = &Contact{Name: "王"} })},
			{"bad e-mail", "contact.email", "casework.contact.email", context.Background(), good(func(r *NewRequest) { r.Contact = &Contact{Name: "王", Email: "wang@"} })},
			{"bad phone", "contact.phone", "casework.contact.phone", context.Background(), good(func(r *NewRequest) { r.Contact = &Contact{Name: "王", Phone: "call me"} })},
			{"wrong attachment type", "attachments[1]", "casework.attachment.type", ctx, good(func(r *NewRequest) {
				r.Attachments = []Upload{{Name: "a.pdf", Content: pdf}, {Name: "b.exe", Content: []byte("MZ\x90\x00")}}
			})},
			{"attachment too big", "attachments[0]", "casework.attachment.too_big", ctx, good(func(r *NewRequest) {
				r.Attachments = []Upload{{Name: "a.pdf", Content: append(pdf, make([]byte, MaxAttachmentBytes)...)}}
			})},
			{"too many attachments", "attachments", "casework.attachment.too_many", ctx, good(func(r *NewRequest) {
				for range MaxAttachments + 1 {
					r.Attachments = append(r.Attachments, Upload{Name: "a.pdf", Content: pdf})
				}
			})},
		} {
			before := f.rows()
			_, err := f.s.CreateRequest(tc.ctx, tc.in)
			if err == nil {
				t.Errorf("%s: accepted", tc.name)
				continue
			}
			e, ok := apperr.As(err)
			found := false
			for _, fe := range e.Fields {
				found = found || fe.Name == tc.field && fe.Key == tc.key
			}
			if !ok || !found {
				t.Errorf("%s: got %v, want %s on %s", tc.name, err, tc.key, tc.field)
			}
			if after := f.rows(); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("%s wrote %v → %v", tc.name, before, after)
			}
		}
		// Good attachments are stored with their sniffed type.
		in := odiRequest()
		in.Attachments = []Upload{{Name: "营业执照.pdf", Content: pdf}}
		r, err := f.s.CreateRequest(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		as, err := f.s.Attachments(ctx, r.Ref)
		if err != nil || len(as) != 1 || as[0].ContentType != "application/pdf" || as[0].Name != "营业执照.pdf" || as[0].Size != int64(len(pdf)) {
			t.Errorf("attachments %+v %v", as, err)
		}
		_, data, err := f.s.AttachmentContent(ctx, r.Ref, as[0].ID)
		if err != nil || string(data) != string(pdf) {
			t.Errorf("content %q %v", data, err)
		}
	})
}

func TestReferenceNumbersAreUniqueUnderConcurrency(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		var ctxs []context.Context
		for i := range 4 {
			ent := f.enterprise(fmt.Sprintf("企业%d", i), xuhui)
			ctxs = append(ctxs, f.user(fmt.Sprintf("firm-%d", i), auth.NewUser{Role: auth.EnterpriseAdmin, EnterpriseID: ent}))
		}
		const n = 40
		refs := make(chan string, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := f.s.CreateRequest(ctxs[i%len(ctxs)], NewRequest{Topic: "tax", Title: fmt.Sprintf("咨询 %d", i), Description: "出口退税"})
				if err != nil {
					t.Error(err)
					return
				}
				refs <- r.Ref
			}()
		}
		wg.Wait()
		close(refs)
		seen := map[string]bool{}
		for ref := range refs {
			if seen[ref] {
				t.Errorf("reference %s issued twice", ref)
			}
			seen[ref] = true
		}
		for i := 1; i <= n; i++ {
			if ref := fmt.Sprintf("XH-2026-%06d", i); !seen[ref] {
				t.Errorf("%s missing", ref)
			}
		}
		// A new year starts a new sequence.
		f.clock.set(time.Date(2026, 12, 31, 16, 30, 0, 0, time.UTC)) // 1 January 2027, 00:30 in Shanghai
		r, err := f.s.CreateRequest(ctxs[0], NewRequest{Topic: "tax", Title: "新年咨询", Description: "出口退税"})
		if err != nil || r.Ref != "XH-2027-000001" {
			t.Errorf("new year: %s %v", r.Ref, err)
		}
		if !r.SLA.Provisional {
			t.Error("a deadline in 2027, whose calendar is not published, is not provisional")
		}
	})
}

func TestRetriedCreationCreatesOnce(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ent := f.enterprise("上海某贸易公司", xuhui)
		ctx := idempotency.WithKey(f.user("firm", auth.NewUser{Role: auth.EnterpriseAdmin, EnterpriseID: ent}), "u:1|key-1")
		var wg sync.WaitGroup
		refs := make(chan string, 5)
		for range 5 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := f.s.CreateRequest(ctx, odiRequest())
				if err != nil {
					t.Error(err)
					return
				}
				refs <- r.Ref
			}()
		}
		wg.Wait()
		close(refs)
		for ref := range refs {
			if ref != "JA-ODI-2026-000001" {
				t.Errorf("retry gave %s", ref)
			}
		}
		if n := f.count(`SELECT COUNT(*) FROM casework_request`); n != 1 {
			t.Errorf("%d requests", n)
		}
	})
}

func TestListFiltersAndScopes(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		a := f.enterprise("甲公司", xuhui)
		b := f.enterprise("乙公司", xuhui)
		f.user("firm-a", auth.NewUser{Role: auth.EnterpriseAdmin, EnterpriseID: a})
		f.user("firm-b", auth.NewUser{Role: auth.EnterpriseAdmin, EnterpriseID: b})
		f.user("xh-staff", auth.NewUser{Role: auth.PointStaff, PointID: f.points["XH"]})
		f.user("ja-staff", auth.NewUser{Role: auth.PointStaff, PointID: f.points["JA"]})
		f.user("coord", auth.NewUser{Role: auth.CityCoordinator})
		for i, topic := range []string{"tax", "legal", "hr"} {
			if _, err := f.s.CreateRequest(f.as("firm-a"), NewRequest{Topic: topic, Title: fmt.Sprintf("甲 %d", i), Description: "d"}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.s.CreateRequest(f.as("firm-b"), NewRequest{Topic: "tax", Title: "乙的请求", Description: "d", Urgency: UrgencyUrgent}); err != nil {
			t.Fatal(err)
		}
		list := func(ctx context.Context, fl Filter) (int, []Request) {
			t.Helper()
			rs, total, err := f.s.List(ctx, fl)
			if err != nil {
				t.Fatalf("%+v: %v", fl, err)
			}
			return total, rs
		}
		if n, _ := list(f.as("firm-a"), Filter{}); n != 3 {
			t.Errorf("enterprise A sees %d", n)
		}
		if n, _ := list(f.as("xh-staff"), Filter{}); n != 4 {
			t.Errorf("Xuhui queue %d", n)
		}
		if n, _ := list(f.as("ja-staff"), Filter{}); n != 0 {
			t.Errorf("Jing'an queue %d", n)
		}
		if n, rs := list(f.as("xh-staff"), Filter{Urgency: UrgencyUrgent}); n != 1 || rs[0].Title != "乙的请求" {
			t.Errorf("urgent filter %d", n)
		}
		if n, _ := list(f.as("xh-staff"), Filter{Topic: "tax", Q: "甲"}); n != 1 {
			t.Errorf("topic+q %d", n)
		}
		if n, _ := list(f.as("coord"), Filter{Point: "XH", Assignee: "none"}); n != 4 {
			t.Errorf("unassigned %d", n)
		}
		if n, _ := list(f.as("xh-staff"), Filter{SLA: SLABreached}); n != 0 {
			t.Errorf("breached %d", n)
		}
		f.clock.add(30 * 24 * time.Hour)
		if n, _ := list(f.as("xh-staff"), Filter{SLA: SLABreached}); n != 4 {
			t.Errorf("breached a month later %d", n)
		}
		_, _, err := f.s.List(f.as("ja-staff"), Filter{Point: "XH"})
		wantKind(t, err, apperr.KindForbidden, "another point's queue")
		for _, fl := range []Filter{{State: "lost"}, {Topic: "astrology"}, {SLA: "purple"}, {Assignee: "x1"}, {Sort: "random"}, {Point: "ZZ"}} {
			_, _, err := f.s.List(f.as("coord"), fl)
			wantKind(t, err, apperr.KindInvalid, fmt.Sprintf("%+v", fl))
		}
	})
}
