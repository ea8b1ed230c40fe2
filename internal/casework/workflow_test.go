package casework

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/workday"
)

func TestWorkflowFromSubmissionToClosure(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ent := f.enterprise("上海某贸易公司", xuhui)
		firm := f.user("firm", auth.NewUser{Role: auth.EnterpriseAdmin, EnterpriseID: ent})
		staff := f.user("xh-staff", auth.NewUser{Role: auth.PointStaff, PointID: f.points["XH"]})
		f.user("xh-lead", auth.NewUser{Role: auth.PointLead, PointID: f.points["XH"]})
		f.user("ja-staff", auth.NewUser{Role: auth.PointStaff, PointID: f.points["JA"]})
		r, err := f.s.CreateRequest(firm, NewRequest{Topic: "tax", Title: "出口退税", Description: "如何办理出口退税"})
		if err != nil {
			t.Fatal(err)
		}
		step := func(ctx context.Context, tr Transition) Request {
			t.Helper()
			if tr.Version == 0 {
				tr.Version = r.Version
			}
			out, err := f.s.Transition(ctx, r.Ref, tr)
			if err != nil {
				t.Fatalf("%s: %v", tr.Action, err)
			}
			r = out
			return out
		}
		refuse := func(ctx context.Context, tr Transition, kind apperr.Kind, key string) {
			t.Helper()
			if tr.Version == 0 {
				tr.Version = r.Version
			}
			before := f.rows()
			_, err := f.s.Transition(ctx, r.Ref, tr)
			e := wantKind(t, err, kind, tr.Action)
			if key != "" && e.Key != key && (len(e.Fields) == 0 || e.Fields[0].Key != key) {
				t.Errorf("%s: %v, want %s", tr.Action, err, key)
			}
			if after := f.rows(); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("refused %s wrote %v → %v", tr.Action, before, after)
			}
		}
		refuse(staff, Transition{Action: ActionStart}, apperr.KindConflict, "casework.transition.not_allowed")
		refuse(staff, Transition{Action: ActionClose}, apperr.KindConflict, "casework.transition.not_allowed")
		refuse(staff, Transition{Action: "launch"}, apperr.KindInvalid, "error.bad_choice")
		refuse(staff, Transition{Action: ActionTriage, Version: 7}, apperr.KindConflict, "error.conflict")
		refuse(firm, Transition{Action: ActionTriage}, apperr.KindForbidden, "")
		refuse(f.as("ja-staff"), Transition{Action: ActionTriage}, apperr.KindForbidden, "")
		refuse(staff, Transition{Action: ActionWithdraw}, apperr.KindForbidden, "")
		refuse(staff, Transition{Action: ActionResolve}, apperr.KindInvalid, "error.required")

		step(staff, Transition{Action: ActionTriage})
		if r.State != StateTriaged || r.SLA.RespondedAt == nil || r.Version != 2 {
			t.Errorf("triaged: %s %v v%d", r.State, r.SLA.RespondedAt, r.Version)
		}
		if n := f.count(`SELECT COUNT(*) FROM casework_timer WHERE request_id = $1 AND clock = 'response'`, r.ID); n != 0 {
			t.Errorf("%d response timers left after the first response", n)
		}
		refuse(staff, Transition{Action: ActionAssign, AssigneeID: f.users["ja-staff"].UserID}, apperr.KindInvalid, "casework.assignee.other_point")
		refuse(staff, Transition{Action: ActionAssign, AssigneeID: f.users["firm"].UserID}, apperr.KindInvalid, "casework.assignee.not_staff")
		refuse(staff, Transition{Action: ActionAssign, AssigneeID: 99999}, apperr.KindInvalid, "casework.assignee.unknown")
		step(staff, Transition{Action: ActionAssign, AssigneeID: f.users["xh-staff"].UserID})
		if r.Assignee == nil || r.Assignee.Name != "xh-staff" || r.State != StateAssigned {
			t.Errorf("assigned %+v", r.Assignee)
		}
		step(staff, Transition{Action: ActionStart})
		step(staff, Transition{Action: ActionResolve, Reason: "已告知出口退税申报流程并发送办事指南。"})
		if r.State != StateResolved || r.SLA.ResolvedAt == nil || r.SLA.Status != SLAMet || r.Resolution == "" {
			t.Errorf("resolved %s %+v", r.State, r.SLA)
		}
		if n := f.count(`SELECT COUNT(*) FROM test_notice WHERE user_id = $1 AND key = 'casework.notice.resolved.subject'`, f.users["firm"].UserID); n != 1 {
			t.Errorf("the enterprise was told of the resolution %d times", n)
		}
		// The enterprise is not satisfied and reopens; the resolution clock runs again.
		step(firm, Transition{Action: ActionReopen, Reason: "还需要了解退税时限"})
		if r.State != StateInProgress || r.SLA.ResolvedAt != nil || r.SLA.Status != SLAOnTrack {
			t.Errorf("reopened %s %+v", r.State, r.SLA)
		}
		if n := f.count(`SELECT COUNT(*) FROM casework_timer WHERE request_id = $1 AND clock = 'resolution' AND round = 2`, r.ID); n != 3 {
			t.Errorf("%d timers in round 2", n)
		}
		step(staff, Transition{Action: ActionResolve, Reason: "补充说明：退税一般在 20 个工作日内办结。"})
		step(firm, Transition{Action: ActionClose})
		if r.State != StateClosed || r.ClosedAt == nil {
			t.Errorf("closed %s", r.State)
		}
		refuse(firm, Transition{Action: ActionWithdraw}, apperr.KindConflict, "casework.transition.not_allowed")
		// A month on, the enterprise can no longer reopen; staff still can.
		f.clock.add(31 * 24 * time.Hour)
		refuse(firm, Transition{Action: ActionReopen, Reason: "again"}, apperr.KindConflict, "casework.reopen.too_late")
		step(staff, Transition{Action: ActionReopen, Reason: "企业来电补充材料"})

		tl, err := f.s.Timeline(staff, r.Ref)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, e := range tl {
			kinds = append(kinds, e.Kind)
		}
		want := "submitted triage assign start resolve reopen resolve close reopen"
		if got := strings.Join(kinds, " "); got != want {
			t.Errorf("timeline %s, want %s", got, want)
		}
		for _, a := range []string{"triage", "assign", "start", "resolve", "close", "reopen"} {
			if n := f.count(`SELECT COUNT(*) FROM audit_entry WHERE action = $1 AND object_id = $2`, "casework.request."+a, r.Ref); n == 0 {
				t.Errorf("no audit entry for %s", a)
			}
		}
		// The enterprise's timeline leaves internal events out.
		if _, err := f.s.AddNote(staff, r.Ref, "内部：企业此前有退税争议", false); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddNote(firm, r.Ref, "补充：出口目的地为越南", true); err != nil {
			t.Fatal(err)
		}
		pub, _ := f.s.Timeline(firm, r.Ref)
		all, _ := f.s.Timeline(staff, r.Ref)
		if len(all) != len(pub)+1 || strings.Contains(fmt.Sprint(pub), "内部") {
			t.Errorf("enterprise sees %d of %d events", len(pub), len(all))
		}
	})
}

func TestTransferAndCollaborationCredit(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ent := f.enterprise("上海示例精密制造有限公司", xuhui)
		firm := f.user("firm", auth.NewUser{Role: auth.EnterpriseAdmin, EnterpriseID: ent})
		xh := f.user("xh-staff", auth.NewUser{Role: auth.PointStaff, PointID: f.points["XH"]})
		ja := f.user("ja-staff", auth.NewUser{Role: auth.PointStaff, PointID: f.points["JA"]})
		odi := f.user("ja-odi-staff", auth.NewUser{Role: auth.PointStaff, PointID: f.points["JA-ODI"]})
		f.user("coord", auth.NewUser{Role: auth.CityCoordinator})

		r, err := f.s.CreateRequest(firm, NewRequest{Topic: "market_entry", Title: "越南市场准入", Description: "越南市场准入咨询"})
		if err != nil || r.Point.Code != "XH" {
			t.Fatalf("%v %s", err, r.Point.Code)
		}
		// Xuhui sends it on to Jing'an with a reason; the home district stays Xuhui.
		_, err = f.s.Transition(xh, r.Ref, Transition{Action: ActionTransfer, Version: r.Version, Point: "XH", Reason: "x"})
		wantField(t, err, "point", "casework.transfer.same_point")
		_, err = f.s.Transition(xh, r.Ref, Transition{Action: ActionTransfer, Version: r.Version, Point: "ZZ", Reason: "x"})
		wantField(t, err, "point", "casework.point.unknown")
		r, err = f.s.Transition(xh, r.Ref, Transition{Action: ActionTransfer, Version: r.Version, Point: "ja", Reason: "静安有越南市场专家"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Point.Code != "JA" || r.State != StateSubmitted || r.HomeDistrict != xuhui || r.Assignee != nil {
			t.Errorf("transferred %+v", r)
		}
		if _, err := f.s.Get(xh, r.Ref); err != nil {
			t.Errorf("the point that served it before may still see it: %v", err)
		}
		if _, err := f.s.Transition(xh, r.Ref, Transition{Action: ActionTriage, Version: r.Version}); !isKind(err, apperr.KindForbidden) {
			t.Errorf("the former point ran the workflow: %v", err)
		}
		// Jing'an invites the ODI point to collaborate.
		if _, err := f.s.AddNote(odi, r.Ref, "x", false); !isKind(err, apperr.KindForbidden) {
			t.Errorf("uninvited note: %v", err)
		}
		inv, err := f.s.Invite(ja, r.Ref, "JA-ODI", "请协助判断是否需要 ODI 备案")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Invite(ja, r.Ref, "JA-ODI", "again"); err == nil {
			t.Error("a second pending invitation")
		}
		if _, err := f.s.RespondInvitation(xh, r.Ref, inv.ID, true, ""); !isKind(err, apperr.KindForbidden) {
			t.Errorf("another point answered the invitation: %v", err)
		}
		if _, err := f.s.RespondInvitation(odi, r.Ref, inv.ID, true, "可以协助"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddNote(odi, r.Ref, "建议先做发改委备案", false); err != nil {
			t.Errorf("collaborator note: %v", err)
		}
		sv, err := f.s.Servings(ja, r.Ref)
		if err != nil || fmt.Sprint(sv) != fmt.Sprint([]Serving{{Point: sv[0].Point, Role: RoleServing}, {Point: sv[1].Point, Role: RoleServed}, {Point: sv[2].Point, Role: RoleCollaborator}}) ||
			sv[0].Point.Code != "JA" || sv[1].Point.Code != "XH" || sv[2].Point.Code != "JA-ODI" {
			t.Errorf("servings %+v %v", sv, err)
		}
		// A second request, served at home.
		if _, err := f.s.CreateRequest(firm, NewRequest{Topic: "tax", Title: "退税", Description: "退税"}); err != nil {
			t.Fatal(err)
		}
		c, err := f.s.Credit(f.as("coord"), workday.NewDate(2026, 1, 1), workday.NewDate(2026, 12, 31))
		if err != nil {
			t.Fatal(err)
		}
		byCode := map[string]PointCredit{}
		for _, p := range c.Points {
			byCode[p.Point.Code] = p
		}
		if p := byCode["XH"]; p.Led != 2 || p.Home != 2 || p.Collaborated != 0 || p.Open != 1 {
			t.Errorf("Xuhui %+v", p)
		}
		if p := byCode["JA"]; p.Led != 1 || p.Home != 0 || p.Open != 1 {
			t.Errorf("Jing'an %+v", p)
		}
		if p := byCode["JA-ODI"]; p.Led != 0 || p.Collaborated != 1 || p.Home != 0 {
			t.Errorf("Jing'an ODI %+v", p)
		}
		districts := map[string]DistrictCredit{}
		for _, d := range c.Districts {
			districts[d.Region] = d
		}
		// Jing'an's two points both worked on one request: it counts once for the district.
		if d := districts[jingan]; d.Served != 1 || d.Home != 0 {
			t.Errorf("Jing'an district %+v", d)
		}
		if d := districts[xuhui]; d.Served != 2 || d.Home != 2 {
			t.Errorf("Xuhui district %+v", d)
		}
		if _, err := f.s.Credit(firm, workday.NewDate(2026, 1, 1), workday.NewDate(2026, 12, 31)); !isKind(err, apperr.KindForbidden) {
			t.Errorf("enterprise report: %v", err)
		}
		_, err = f.s.Credit(f.as("coord"), workday.NewDate(2026, 5, 1), workday.NewDate(2026, 4, 1))
		wantField(t, err, "to", "casework.date.end_before_start")
	})
}

func isKind(err error, kind apperr.Kind) bool {
	e, ok := apperr.As(err)
	return ok && e.Kind == kind
}

func TestDuplicatesAreFlaggedAndMergedWithHistoryKept(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ent := f.enterprise("上海示例精密制造有限公司", xuhui)
		other := f.enterprise("另一家公司", xuhui)
		firm := f.user("firm", auth.NewUser{Role: auth.EnterpriseAdmin, EnterpriseID: ent})
		f.user("other", auth.NewUser{Role: auth.EnterpriseAdmin, EnterpriseID: other})
		xh := f.user("xh-staff", auth.NewUser{Role: auth.PointStaff, PointID: f.points["XH"]})
		odi := f.user("ja-odi-staff", auth.NewUser{Role: auth.PointStaff, PointID: f.points["JA-ODI"]})
		first, err := f.s.CreateRequest(firm, odiRequest())
		if err != nil {
			t.Fatal(err)
		}
		// Ten days later the same firm walks in at Xuhui with the same need.
		f.clock.add(10 * 24 * time.Hour)
		walkIn, err := f.s.CreateRequest(xh, NewRequest{Channel: ChannelWalkIn, EnterpriseID: ent, Topic: "odi", Title: "ODI 备案（窗口）",
			Description: "到窗口咨询越南工厂备案", Countries: []string{"VN"}})
		if err != nil {
			t.Fatal(err)
		}
		if walkIn.DuplicateOf != first.Ref {
			t.Errorf("duplicate of %q, want %s", walkIn.DuplicateOf, first.Ref)
		}
		// Another firm's request on the same topic is no duplicate; nor is one outside the window.
		o, _ := f.s.CreateRequest(f.as("other"), odiRequest())
		if o.DuplicateOf != "" {
			t.Errorf("other enterprise flagged as duplicate of %s", o.DuplicateOf)
		}
		_, err = f.s.Transition(odi, walkIn.Ref, Transition{Action: ActionMerge, Version: walkIn.Version, Into: o.Ref})
		wantField(t, err, "into", "casework.merge.other_enterprise")
		_, err = f.s.Transition(odi, walkIn.Ref, Transition{Action: ActionMerge, Version: walkIn.Version, Into: walkIn.Ref})
		wantField(t, err, "into", "casework.merge.target")
		merged, err := f.s.Transition(odi, walkIn.Ref, Transition{Action: ActionMerge, Version: walkIn.Version, Into: first.Ref, Reason: "同一需求"})
		if err != nil {
			t.Fatal(err)
		}
		if merged.State != StateClosed || merged.MergedInto != first.Ref || merged.SLA.Status != SLANone {
			t.Errorf("merged %+v", merged)
		}
		// History is kept on both: the duplicate keeps its timeline, the survivor records the merge,
		// and the point where the duplicate came in keeps its credit on the survivor.
		tl, _ := f.s.Timeline(odi, walkIn.Ref)
		if tl[len(tl)-1].Kind != ActionMerge {
			t.Errorf("duplicate's timeline ends with %s", tl[len(tl)-1].Kind)
		}
		tl, _ = f.s.Timeline(odi, first.Ref)
		if tl[len(tl)-1].Kind != "merged_from" || tl[len(tl)-1].Detail["ref"] != walkIn.Ref {
			t.Errorf("survivor's timeline ends with %+v", tl[len(tl)-1])
		}
		f.clock.add(25 * 24 * time.Hour)
		late, _ := f.s.CreateRequest(firm, odiRequest())
		if late.DuplicateOf != "" {
			t.Errorf("request 35 days later flagged as duplicate of %s", late.DuplicateOf)
		}
		_, err = f.s.Transition(odi, late.Ref, Transition{Action: ActionDismissDuplicate, Version: late.Version})
		wantKind(t, err, apperr.KindConflict, "dismissing what was never flagged")

		if n := f.count(`SELECT COUNT(*) FROM casework_timer WHERE request_id = $1 AND fired_at IS NULL`, walkIn.ID); n != 0 {
			t.Errorf("%d timers of the merged request still pending", n)
		}
		sv, _ := f.s.Servings(odi, first.Ref)
		if len(sv) != 1 || sv[0].Point.Code != "JA-ODI" {
			t.Errorf("servings %+v", sv)
		}
	})
}
