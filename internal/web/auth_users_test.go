package web_test

import (
	"context"
	"fmt"
	"testing"

	"chuhai/internal/auth"
)

func TestUsersPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.as("admin", auth.NewUser{Name: "管理员", Role: auth.SystemAdmin}).
			as("admin2", auth.NewUser{Role: auth.SystemAdmin}).
			as("firm", auth.NewUser{Role: auth.ProviderMember}).
			as("maker", auth.NewUser{Role: auth.EnterpriseMember})
		for i := range 22 {
			e.as(fmt.Sprintf("staff%02d", i), auth.NewUser{Role: auth.PointStaff})
		}
		ctx := context.Background()
		provider := itoa(e.fixtureProvider())
		create := func(kv ...string) request {
			return request{method: "POST", path: "/console/users", actor: "admin", body: form(kv...)}
		}
		runScenarios(t, e, []scenario{
			{name: "list", req: request{method: "GET", path: "/console/users", actor: "admin"}, status: 200,
				contains: []string{"共 26 个账号", "<code>admin</code>", "徐汇区企业出海服务点", `rel="next"`, `action="/console/users"`, "第 1 页"},
				absent:   append([]string{`rel="prev"`, `action="/console/users/` + itoa(e.users["admin"]) + `/disable"`}, untranslated...)},
			{name: "page 2", req: request{method: "GET", path: "/console/users?page=2", actor: "admin"}, status: 200,
				contains: []string{`rel="prev"`, "第 2 页", "<code>staff21</code>"}, absent: []string{`rel="next"`, "<code>admin</code>"}},
			{name: "filter", req: request{method: "GET", path: "/console/users?role=provider_member", actor: "admin"}, status: 200,
				contains: []string{"共 1 个账号", "<code>firm</code>", "示例律师事务所"}, absent: []string{"<code>staff00</code>"}},
			{name: "search", req: request{method: "GET", path: "/console/users?q=STAFF1", actor: "admin"}, status: 200,
				contains: []string{"共 10 个账号", "<code>staff10</code>"}},
			{name: "bad filter", req: request{method: "GET", path: "/console/users?status=gone&page=x", actor: "admin"}, status: 400,
				contains: []string{`id="status-error"`}},
			{name: "coordinators may not", req: request{method: "GET", path: "/console/users", actor: "firm"}, status: 403, contains: []string{"无权"}},
			{name: "create: everything wrong", req: create("login", "A B", "role", "point_staff", "password", "short"), status: 400,
				contains: []string{`id="login-error"`, `id="password-error"`, `id="point-error"`, "须指定所属服务点", `value="A B"`}, absent: []string{`value="short"`}},
			{name: "create: unknown point", req: create("login", "new.staff", "role", "point_staff", "password", actorPassword, "point", "ZZ"), status: 400,
				contains: []string{`id="point-error"`, "找不到该单位"}},
			{name: "create: unknown enterprise", req: create("login", "new.maker", "role", "enterprise_member", "password", actorPassword, "enterprise", "91310104MA1FL4B24G"), status: 400,
				contains: []string{`id="enterprise-error"`}},
			{name: "create: provider number is not a number", req: create("login", "new.firm", "role", "provider_member", "password", actorPassword, "provider", "abc"), status: 400,
				contains: []string{`id="provider-error"`, "编号格式不正确"}},
			{name: "create: admin with a point", req: create("login", "new.admin", "role", "system_admin", "password", actorPassword, "point", "xh"), status: 400,
				contains: []string{`id="point-error"`, "请留空"}},
			{name: "create: no role", req: create("login", "new.x", "password", actorPassword), status: 400, contains: []string{`id="role-error"`}},
			{name: "create staff by point code", req: create("login", "New.Staff", "name", "新同事", "role", "point_lead", "password", actorPassword, "point", "xh"), status: 303},
			{name: "create enterprise user by USCC", req: create("login", "new.maker", "role", "enterprise_admin", "password", actorPassword, "enterprise", " 91310000ma1fl4b24g "), status: 303},
			{name: "create provider user by number", req: create("login", "new.firm", "role", "provider_admin", "password", actorPassword, "provider", provider, "lang", "en"), status: 303},
			{name: "created notice", req: request{method: "GET", path: "/console/users?created=new.staff", actor: "admin"}, status: 200, contains: []string{"账号 new.staff 已创建"}},
			{name: "duplicate", req: create("login", "new.staff", "role", "city_coordinator", "password", actorPassword), status: 400, contains: []string{"已被使用"}},
			{name: "providers may not create", req: request{method: "POST", path: "/console/users", actor: "firm", body: form("login", "x.y", "role", "system_admin", "password", actorPassword)}, status: 403},
		})
		for login, check := range map[string]func(auth.User) bool{
			"new.staff": func(u auth.User) bool {
				return u.Role == auth.PointLead && u.PointID == e.fixturePoint() && u.Name == "新同事"
			},
			"new.maker": func(u auth.User) bool {
				return u.Role == auth.EnterpriseAdmin && u.EnterpriseID == e.fixtureEnterprise()
			},
			"new.firm": func(u auth.User) bool {
				return u.Role == auth.ProviderAdmin && itoa(u.ProviderID) == provider && u.Lang == "en"
			},
		} {
			u, err := e.app.Auth.UserByLogin(ctx, login)
			if err != nil || !check(u) {
				t.Errorf("%s: %+v %v", login, u, err)
			}
		}
		firm := itoa(e.users["firm"])
		runScenarios(t, e, []scenario{
			{name: "disable", req: request{method: "POST", path: "/console/users/" + firm + "/disable", actor: "admin", body: form("back", "/console/users?role=provider_member")}, status: 303,
				after: func(t *testing.T, e *env) {
					resp := e.do(request{method: "GET", path: "/api/v1/me", actor: "firm"})
					resp.Body.Close()
					if resp.StatusCode != 401 {
						t.Errorf("disabled user's token: %d", resp.StatusCode)
					}
				}},
			{name: "shown as disabled", req: request{method: "GET", path: "/console/users?status=disabled", actor: "admin"}, status: 200,
				contains: []string{"<code>firm</code>", `/console/users/` + firm + `/enable`}},
			{name: "enable", req: request{method: "POST", path: "/console/users/" + firm + "/enable", actor: "admin", body: form("back", "//evil.example")}, status: 303},
			{name: "token works again", req: request{method: "GET", path: "/api/v1/me", actor: "firm"}, status: 200},
			{name: "not yourself", req: request{method: "POST", path: "/console/users/" + itoa(e.users["admin"]) + "/disable", actor: "admin"}, status: 409,
				contains: []string{"不能停用自己的账号"}},
			{name: "another admin", req: request{method: "POST", path: "/console/users/" + itoa(e.users["admin2"]) + "/disable", actor: "admin"}, status: 303},
			{name: "unknown user", req: request{method: "POST", path: "/console/users/999999/disable", actor: "admin"}, status: 404},
			{name: "bad id", req: request{method: "POST", path: "/console/users/x/disable", actor: "admin"}, status: 400},
			{name: "not for others", req: request{method: "POST", path: "/console/users/" + firm + "/disable", actor: "maker"}, status: 403},
		})
		resp := e.do(request{method: "POST", path: "/console/users/" + firm + "/enable", actor: "admin", body: form("back", "//evil.example")})
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); loc != "/console/users" {
			t.Errorf("open redirect: %q", loc)
		}
	})
}
