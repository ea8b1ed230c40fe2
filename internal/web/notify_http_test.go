package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/notify"
)

func (e *env) notice(name, title string) {
	e.t.Helper()
	err := e.app.DB.InTx(context.Background(), func(tx *db.Tx) error {
		return e.app.Notify.Send(context.Background(), tx, notify.Message{UserID: e.users[name], Topic: "system.notice",
			Key: "notify.system.notice_subject", BodyKey: "notify.system.notice_body", Data: map[string]any{"Title": title, "Text": "正文"},
			Link: "/requests/XH-2026-000001"})
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

func TestInboxAPIAndPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.as("zhang", auth.NewUser{Role: auth.PointStaff}).as("liwei", auth.NewUser{Role: auth.EnterpriseMember, Lang: "en"})
		e.notice("zhang", "第一号")
		e.notice("zhang", "第二号")
		e.notice("liwei", "第三号")
		var list struct {
			Items []struct {
				ID      int64
				Subject string
			}
			Total int
		}
		decode(t, e.do(request{method: "GET", path: "/api/v1/inbox", actor: "zhang"}), &list)
		if list.Total != 2 || list.Items[0].Subject != "平台公告：第二号" {
			t.Fatalf("inbox = %+v", list)
		}
		var theirs struct{ Items []struct{ ID int64 } }
		decode(t, e.do(request{method: "GET", path: "/api/v1/inbox", actor: "liwei"}), &theirs)
		first := fmt.Sprint(list.Items[0].ID)
		runScenarios(t, e, []scenario{
			{name: "English reader", req: request{method: "GET", path: "/api/v1/inbox", actor: "liwei"}, status: 200, contains: []string{`"subject":"Platform notice: 第三号"`, `"total":1`}},
			{name: "anonymous", req: request{method: "GET", path: "/api/v1/inbox"}, status: 401},
			{name: "bad unread flag", req: request{method: "GET", path: "/api/v1/inbox?unread=maybe", actor: "zhang"}, status: 400, contains: []string{`"field":"unread"`}},
			{name: "bad page", req: request{method: "GET", path: "/api/v1/inbox?per_page=1000", actor: "zhang"}, status: 400},
			{name: "mark read", req: request{method: "POST", path: "/api/v1/inbox/" + first + "/read", actor: "zhang"}, status: 204},
			{name: "mark read again", req: request{method: "POST", path: "/api/v1/inbox/" + first + "/read", actor: "zhang"}, status: 204},
			{name: "unread only", req: request{method: "GET", path: "/api/v1/inbox?unread=true", actor: "zhang"}, status: 200, contains: []string{`"total":1`, "第一号"}, absent: []string{"第二号"}},
			{name: "another user's message", req: request{method: "POST", path: fmt.Sprintf("/api/v1/inbox/%d/read", theirs.Items[0].ID), actor: "zhang"}, status: 404},
			{name: "malformed id", req: request{method: "POST", path: "/api/v1/inbox/abc/read", actor: "zhang"}, status: 400},
			{name: "inbox page", req: request{method: "GET", path: "/inbox", actor: "zhang"}, status: 200, contains: []string{"<h1>收件箱</h1>", "平台公告：第一号", `action="/inbox/`, `href="/requests/XH-2026-000001"`}},
			{name: "inbox page needs sign-in", req: request{method: "GET", path: "/inbox"}, status: 303},
			{name: "mark all read by form", req: request{method: "POST", path: "/inbox/read-all", actor: "zhang"}, status: 303},
			{name: "nothing unread", req: request{method: "GET", path: "/api/v1/inbox?unread=1", actor: "zhang"}, status: 200, contains: []string{`"total":0`}},
		})
	})
}

func TestNotificationPreferences(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.as("zhang", auth.NewUser{Role: auth.PointLead})
		runScenarios(t, e, []scenario{
			{name: "defaults", req: request{method: "GET", path: "/api/v1/notification-preferences", actor: "zhang"}, status: 200,
				contains: []string{`{"topic":"casework.sla_breach","inbox":true,"email":true,"webhook":true}`, `{"topic":"casework.assigned","inbox":true,"email":false,"webhook":true}`}},
			{name: "save", req: request{method: "PUT", path: "/api/v1/notification-preferences", actor: "zhang",
				body: `{"email":"zhang@xuhui.example.cn","topics":[{"topic":"casework.sla_breach","email":false,"webhook":false}]}`}, status: 200,
				contains: []string{`"email":"zhang@xuhui.example.cn"`, `{"topic":"casework.sla_breach","inbox":true,"email":false,"webhook":false}`}},
			{name: "bad email", req: request{method: "PUT", path: "/api/v1/notification-preferences", actor: "zhang", body: `{"email":"nope"}`}, status: 400,
				contains: []string{`"field":"email"`}},
			{name: "unknown topic", req: request{method: "PUT", path: "/api/v1/notification-preferences", actor: "zhang", body: `{"topics":[{"topic":"x.y"}]}`}, status: 400,
				contains: []string{`"field":"topics[0].topic"`}},
			{name: "unknown field", req: request{method: "PUT", path: "/api/v1/notification-preferences", actor: "zhang", body: `{"mail":"a@b.cn"}`}, status: 400},
			{name: "wrong type", req: request{method: "PUT", path: "/api/v1/notification-preferences", actor: "zhang", body: `{"topics":"all"}`}, status: 400},
			{name: "page", req: request{method: "GET", path: "/account/notifications", actor: "zhang"}, status: 200,
				contains: []string{"<h1>通知设置</h1>", `name="email:casework.sla_warning" checked`, `value="zhang@xuhui.example.cn"`}},
			{name: "form save", req: request{method: "POST", path: "/account/notifications", actor: "zhang", body: "email=&email%3Acasework.assigned=on"}, status: 303},
			{name: "form bad email", req: request{method: "POST", path: "/account/notifications", actor: "zhang", body: "email=not-an-address"}, status: 400,
				contains: []string{`aria-invalid="true"`, "电子邮箱"}},
			{name: "form saved", req: request{method: "GET", path: "/api/v1/notification-preferences", actor: "zhang"}, status: 200,
				contains: []string{`"email":""`, `{"topic":"casework.assigned","inbox":true,"email":true,"webhook":false}`, `{"topic":"casework.sla_warning","inbox":true,"email":false,"webhook":false}`}},
		})
	})
}

func TestWebhookAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.as("lead", auth.NewUser{Role: auth.PointLead}).as("staff", auth.NewUser{Role: auth.PointStaff}).
			as("coord", auth.NewUser{Role: auth.CityCoordinator}).as("firm", auth.NewUser{Role: auth.EnterpriseAdmin})
		point := fmt.Sprint(e.fixturePoint())
		resp := e.do(request{method: "POST", path: "/api/v1/webhooks", actor: "lead", body: `{"point_id":` + point + `,"url":"https://hooks.xuhui.example.cn/chuhai","topics":["casework.request_new"]}`})
		if resp.StatusCode != 201 {
			t.Fatalf("create: %d %s", resp.StatusCode, body(t, resp))
		}
		var hook struct {
			ID     int64
			Secret string
		}
		decode(t, resp, &hook)
		if !strings.HasPrefix(hook.Secret, "whsec_") {
			t.Fatalf("secret %q", hook.Secret)
		}
		id := fmt.Sprint(hook.ID)
		runScenarios(t, e, []scenario{
			{name: "list hides the secret", req: request{method: "GET", path: "/api/v1/webhooks", actor: "lead"}, status: 200,
				contains: []string{`"url":"https://hooks.xuhui.example.cn/chuhai"`, `"total":1`}, absent: []string{"whsec_"}},
			{name: "coordinator sees it", req: request{method: "GET", path: "/api/v1/webhooks/" + id, actor: "coord"}, status: 200},
			{name: "staff may not manage webhooks", req: request{method: "GET", path: "/api/v1/webhooks", actor: "staff"}, status: 403},
			{name: "enterprise may not", req: request{method: "POST", path: "/api/v1/webhooks", actor: "firm", body: `{"url":"https://a.example.cn"}`}, status: 403},
			{name: "anonymous", req: request{method: "GET", path: "/api/v1/webhooks"}, status: 401},
			{name: "http refused", req: request{method: "POST", path: "/api/v1/webhooks", actor: "lead", body: `{"url":"http://a.example.cn"}`}, status: 400, contains: []string{`"field":"url"`}},
			{name: "unknown topic", req: request{method: "POST", path: "/api/v1/webhooks", actor: "lead", body: `{"url":"https://a.example.cn","topics":["nope"]}`}, status: 400, contains: []string{`"field":"topics[0]"`}},
			{name: "another point", req: request{method: "POST", path: "/api/v1/webhooks", actor: "lead", body: `{"point_id":999999,"url":"https://a.example.cn"}`}, status: 403},
			{name: "malformed JSON", req: request{method: "POST", path: "/api/v1/webhooks", actor: "lead", body: `{"url":`}, status: 400},
			{name: "unknown field", req: request{method: "POST", path: "/api/v1/webhooks", actor: "lead", body: `{"url":"https://a.example.cn","secret":"mine"}`}, status: 400},
			{name: "wrong type", req: request{method: "POST", path: "/api/v1/webhooks", actor: "lead", body: `{"url":"https://a.example.cn","active":"yes"}`}, status: 400},
			{name: "too large", req: request{method: "POST", path: "/api/v1/webhooks", actor: "lead", body: `{"url":"` + strings.Repeat("x", 20<<10) + `"}`}, status: 413},
			{name: "update", req: request{method: "PUT", path: "/api/v1/webhooks/" + id, actor: "lead", body: `{"url":"https://hooks.xuhui.example.cn/v2","active":false}`}, status: 200,
				contains: []string{`"url":"https://hooks.xuhui.example.cn/v2"`, `"active":false`}},
			{name: "malformed id", req: request{method: "PUT", path: "/api/v1/webhooks/0", actor: "lead", body: `{"url":"https://a.example.cn"}`}, status: 400},
			{name: "missing", req: request{method: "DELETE", path: "/api/v1/webhooks/999999", actor: "lead"}, status: 404},
			{name: "delete", req: request{method: "DELETE", path: "/api/v1/webhooks/" + id, actor: "coord"}, status: 204},
			{name: "gone", req: request{method: "GET", path: "/api/v1/webhooks/" + id, actor: "lead"}, status: 404},
		})
	})
}
