package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"chuhai/internal/auth"
)

func TestAccountPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.as("zhao", auth.NewUser{Name: "赵磊", Role: auth.PointLead})
		e.as("firm", auth.NewUser{Role: auth.ProviderAdmin})
		c := e.signIn("zhao", actorPassword, "")
		other := e.signIn("zhao", actorPassword, "") // a second browser
		runScenarios(t, e, []scenario{
			{name: "page", req: request{method: "GET", path: "/account", header: cookie(c)}, status: 200,
				contains: []string{"赵磊", "服务点负责人", "徐汇区企业出海服务点", `action="/account/password"`, `action="/account/totp"`, `action="/account/tokens"`, "test zhao"},
				absent:   untranslated},
			{name: "providers get no second factor section", req: request{method: "GET", path: "/account", actor: "firm"}, status: 200,
				contains: []string{"示例律师事务所", `action="/account/tokens"`}, absent: []string{`action="/account/totp"`}},
			{name: "providers may not enrol", req: request{method: "POST", path: "/account/totp", actor: "firm"}, status: 403},
			{name: "passwords differ", req: request{method: "POST", path: "/account/password", header: cookie(c),
				body: form("current_password", actorPassword, "new_password", "New-Harbour-2026", "confirm_password", "New-Harbour-2027")}, status: 400,
				contains: []string{`id="confirm_password-error"`, "两次输入的新密码不一致"}},
			{name: "wrong current password", req: request{method: "POST", path: "/account/password", header: cookie(c),
				body: form("current_password", "Wrong-Password-1", "new_password", "New-Harbour-2026", "confirm_password", "New-Harbour-2026")}, status: 400,
				contains: []string{`id="current_password-error"`, "当前密码不正确"}},
			{name: "weak new password", req: request{method: "POST", path: "/account/password", header: cookie(c),
				body: form("current_password", actorPassword, "new_password", "zhao-zhao-zhao", "confirm_password", "zhao-zhao-zhao")}, status: 400,
				contains: []string{`id="new_password-error"`, "不能包含登录名", "至少 3 类"}},
			{name: "password changed", req: request{method: "POST", path: "/account/password", header: cookie(c),
				body: form("current_password", actorPassword, "new_password", "New-Harbour-2026", "confirm_password", "New-Harbour-2026")}, status: 303},
			{name: "notice", req: request{method: "GET", path: "/account?done=password", header: cookie(c)}, status: 200, contains: []string{"密码已修改"}},
			{name: "unknown notice is ignored", req: request{method: "GET", path: "/account?done=auth.signin.failed", header: cookie(c)}, status: 200,
				absent: []string{"登录名或密码不正确"}},
			{name: "the other browser is signed out", req: request{method: "GET", path: "/account", header: cookie(other)}, status: 303},
			{name: "bad language", req: request{method: "POST", path: "/account/language", header: cookie(c), body: form("lang", "fr")}, status: 400,
				contains: []string{`id="lang-error"`}},
			{name: "language", req: request{method: "POST", path: "/account/language", header: cookie(c), body: form("lang", "en")}, status: 303},
			{name: "now in English everywhere", req: request{method: "GET", path: "/account", header: cookie(c)}, status: 200,
				contains: []string{`<html lang="en">`, "My account", "Service point lead"}, absent: untranslated},
			{name: "token name required", req: request{method: "POST", path: "/account/tokens", header: cookie(c), body: form("name", " ")}, status: 400,
				contains: []string{`id="token_name-error"`}},
			{name: "token shown once", req: request{method: "POST", path: "/account/tokens", header: cookie(c), body: form("name", "nightly report")}, status: 200,
				contains: []string{"Copy this token now", `<code class="secret">cht_`, "nightly report"}},
			{name: "then only its start", req: request{method: "GET", path: "/account", header: cookie(c)}, status: 200,
				contains: []string{"nightly report", "Never"}, absent: []string{`<code class="secret">cht_`}},
			{name: "bad token id", req: request{method: "POST", path: "/account/tokens/x/revoke", header: cookie(c)}, status: 400},
			{name: "zero token id", req: request{method: "POST", path: "/account/tokens/0/revoke", header: cookie(c)}, status: 400},
			{name: "too large", req: request{method: "POST", path: "/account/tokens", header: cookie(c), body: form("name", strings.Repeat("x", 20<<10))}, status: 413},
		})
		u, err := e.app.Auth.UserByLogin(context.Background(), "zhao")
		if err != nil || u.Lang != "en" {
			t.Fatalf("language not saved: %+v %v", u, err)
		}
		tokens, _ := e.app.Auth.ListAPITokens(context.Background(), u.ID)
		var nightly int64
		for _, tk := range tokens {
			if tk.Name == "nightly report" {
				nightly = tk.ID
			}
		}
		firmTokens, _ := e.app.Auth.ListAPITokens(context.Background(), e.users["firm"])
		runScenarios(t, e, []scenario{
			{name: "another user's token is not found", req: request{method: "POST", path: "/account/tokens/" + itoa(firmTokens[0].ID) + "/revoke", header: cookie(c)}, status: 404},
			{name: "and still works", req: request{method: "GET", path: "/api/v1/me", actor: "firm"}, status: 200},
			{name: "revoke", req: request{method: "POST", path: "/account/tokens/" + itoa(nightly) + "/revoke", header: cookie(c)}, status: 303},
			{name: "gone from the list", req: request{method: "GET", path: "/account", header: cookie(c)}, status: 200, absent: []string{"nightly report"}},
			{name: "revoke twice", req: request{method: "POST", path: "/account/tokens/" + itoa(nightly) + "/revoke", header: cookie(c)}, status: 404},
		})
	})
}

func TestStaffTOTPEnrolmentOnTheAccountPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.as("chen", auth.NewUser{Role: auth.CityCoordinator})
		c := e.signIn("chen", actorPassword, "")
		runScenarios(t, e, []scenario{
			{name: "offer", req: request{method: "GET", path: "/account", header: cookie(c)}, status: 200, contains: []string{"开始设置"}},
			{name: "confirm before start", req: request{method: "POST", path: "/account/totp/confirm", header: cookie(c), body: form("code", "123456")}, status: 400,
				contains: []string{"请先开始设置"}},
			{name: "start", req: request{method: "POST", path: "/account/totp", header: cookie(c)}, status: 303},
		})
		pending, ok, err := e.app.Auth.PendingTOTP(context.Background(), e.users["chen"])
		if err != nil || !ok {
			t.Fatalf("pending %v %v", ok, err)
		}
		code, _ := totp.GenerateCode(pending.Secret, time.Now())
		next, _ := totp.GenerateCode(pending.Secret, time.Now().Add(30*time.Second))
		runScenarios(t, e, []scenario{
			{name: "secret shown", req: request{method: "GET", path: "/account?done=totp_started", header: cookie(c)}, status: 200,
				contains: []string{pending.Secret, "验证器应用"}},
			{name: "confirm", req: request{method: "POST", path: "/account/totp/confirm", header: cookie(c), body: form("code", code)}, status: 303},
			{name: "enabled", req: request{method: "GET", path: "/account?done=totp", header: cookie(c)}, status: 200,
				contains: []string{"双因素认证已启用", `action="/account/totp/disable"`}, absent: []string{pending.Secret}},
			{name: "enrol again", req: request{method: "POST", path: "/account/totp", header: cookie(c)}, status: 409},
			{name: "turn off needs a fresh code", req: request{method: "POST", path: "/account/totp/disable", header: cookie(c), body: form("code", code)}, status: 400,
				contains: []string{`id="code_off-error"`, "已使用过"}},
			{name: "turn off", req: request{method: "POST", path: "/account/totp/disable", header: cookie(c), body: form("code", next)}, status: 303},
			{name: "off", req: request{method: "GET", path: "/account", header: cookie(c)}, status: 200, contains: []string{"开始设置"}},
		})
	})
}

func TestConsoleIsDifferentPerRole(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.as("staff", auth.NewUser{Role: auth.PointStaff}).
			as("coord", auth.NewUser{Role: auth.CityCoordinator}).
			as("admin", auth.NewUser{Role: auth.SystemAdmin}).
			as("firm", auth.NewUser{Name: "律所用户", Role: auth.ProviderMember}).
			as("maker", auth.NewUser{Name: "企业用户甲", Role: auth.EnterpriseAdmin})
		links := []string{`<h3><a href="/network">`, `<h3><a href="/console/audit">`, `<h3><a href="/console/users">`}
		runScenarios(t, e, []scenario{
			{name: "staff", req: request{method: "GET", path: "/console", actor: "staff"}, status: 200,
				contains: []string{"服务点工作人员", "徐汇区企业出海服务点", links[0]}, absent: links[1:]},
			{name: "coordinator", req: request{method: "GET", path: "/console", actor: "coord"}, status: 200,
				contains: []string{"市级统筹人员", links[0], links[1]}, absent: []string{links[2], "所属服务点"}},
			{name: "admin", req: request{method: "GET", path: "/console", actor: "admin"}, status: 200,
				contains: []string{"系统管理员", links[0], links[1], links[2]}},
			{name: "provider", req: request{method: "GET", path: "/console", actor: "firm"}, status: 200,
				contains: []string{"律所用户", "服务机构用户", "示例律师事务所", `<h3><a href="/account">`}, absent: links},
			{name: "enterprise", req: request{method: "GET", path: "/console", actor: "maker"}, status: 200,
				contains: []string{"企业用户甲", "企业管理员", "所属企业", `<h3><a href="/account">`}, absent: links},
			{name: "English", req: request{method: "GET", path: "/console?lang=en", actor: "firm"}, status: 200,
				contains: []string{"Service provider user", "Example Law Firm"}, absent: untranslated},
		})
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
