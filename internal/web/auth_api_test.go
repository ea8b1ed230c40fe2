package web_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"chuhai/internal/auth"
)

func TestAPISessionsWorkAsBearerTokens(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.as("dev", auth.NewUser{Name: "开发者", Role: auth.ProviderAdmin})
		resp := e.do(request{method: "POST", path: "/api/v1/sessions", body: `{"login":"DEV","password":"` + actorPassword + `"}`})
		if resp.StatusCode != 201 {
			t.Fatalf("sign in: %d %s", resp.StatusCode, body(t, resp))
		}
		var signed struct {
			Token string `json:"token"`
			User  struct {
				Login, Role, Via string
			} `json:"user"`
		}
		decode(t, resp, &signed)
		if !strings.HasPrefix(signed.Token, "chs_") || signed.User.Login != "dev" || signed.User.Role != "provider_admin" || signed.User.Via != "session" {
			t.Fatalf("sign-in response %+v", signed)
		}
		bearer := map[string]string{"Authorization": "Bearer " + signed.Token}
		runScenarios(t, e, []scenario{
			{name: "me by session", req: request{method: "GET", path: "/api/v1/me", header: bearer}, status: 200,
				contains: []string{`"login":"dev"`, `"via":"session"`, `"provider_id":`}},
			{name: "me by token", req: request{method: "GET", path: "/api/v1/me", actor: "dev"}, status: 200, contains: []string{`"via":"token"`}},
			{name: "a token is not a session", req: request{method: "DELETE", path: "/api/v1/sessions/current", actor: "dev"}, status: 400,
				contains: []string{"API 令牌"}},
			{name: "sign out", req: request{method: "DELETE", path: "/api/v1/sessions/current", header: bearer}, status: 204},
			{name: "session gone", req: request{method: "GET", path: "/api/v1/me", header: bearer}, status: 401},
			{name: "sign out again", req: request{method: "DELETE", path: "/api/v1/sessions/current", header: bearer}, status: 401},
			{name: "a session cookie works on the API too", req: request{method: "GET", path: "/api/v1/me", header: cookie(e.signIn("dev", actorPassword, ""))}, status: 200,
				contains: []string{`"via":"session"`}},
			{name: "wrong password", req: request{method: "POST", path: "/api/v1/sessions", ip: "10.1.0.1", body: `{"login":"dev","password":"Wrong-Password-1"}`}, status: 401,
				contains: []string{"登录名或密码不正确"}},
			{name: "missing fields", req: request{method: "POST", path: "/api/v1/sessions", body: `{}`}, status: 400,
				contains: []string{`"field":"login"`, `"field":"password"`}},
			{name: "malformed JSON", req: request{method: "POST", path: "/api/v1/sessions", body: `{"login":`}, status: 400},
			{name: "unknown field", req: request{method: "POST", path: "/api/v1/sessions", body: `{"login":"dev","password":"x","remember":true}`}, status: 400,
				contains: []string{`"field":"remember"`}},
			{name: "wrong type", req: request{method: "POST", path: "/api/v1/sessions", body: `{"login":"dev","password":12345}`}, status: 400,
				contains: []string{`"field":"password"`}},
			{name: "trailing data", req: request{method: "POST", path: "/api/v1/sessions", body: `{"login":"dev","password":"x"} {}`}, status: 400},
			{name: "too large", req: request{method: "POST", path: "/api/v1/sessions", body: `{"login":"` + strings.Repeat("x", 20<<10) + `"}`}, status: 413},
		})
	})
}

func TestAPITokens(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.as("bot", auth.NewUser{Role: auth.EnterpriseMember}).as("other", auth.NewUser{Role: auth.EnterpriseMember})
		resp := e.do(request{method: "POST", path: "/api/v1/tokens", actor: "bot", body: `{"name":"ERP sync"}`})
		if resp.StatusCode != 201 {
			t.Fatalf("create: %d %s", resp.StatusCode, body(t, resp))
		}
		var made struct {
			ID    int64  `json:"id"`
			Name  string `json:"name"`
			Hint  string `json:"hint"`
			Token string `json:"token"`
		}
		decode(t, resp, &made)
		if made.ID == 0 || made.Name != "ERP sync" || !strings.HasPrefix(made.Token, made.Hint) || len(made.Token) < 40 {
			t.Fatalf("created %+v", made)
		}
		e.tokens["erp"] = made.Token
		otherTokens, _ := e.app.Auth.ListAPITokens(context.Background(), e.users["other"])
		runScenarios(t, e, []scenario{
			{name: "new token works", req: request{method: "GET", path: "/api/v1/me", actor: "erp"}, status: 200, contains: []string{`"login":"bot"`}},
			{name: "list", req: request{method: "GET", path: "/api/v1/tokens", actor: "bot"}, status: 200,
				contains: []string{`"name":"ERP sync"`, `"name":"test bot"`, `"total":2`, `"hint":"` + made.Hint + `"`}, absent: []string{made.Token}},
			{name: "others' tokens are not listed", req: request{method: "GET", path: "/api/v1/tokens", actor: "other"}, status: 200,
				absent: []string{"ERP sync"}},
			{name: "name required", req: request{method: "POST", path: "/api/v1/tokens", actor: "bot", body: `{"name":""}`}, status: 400, contains: []string{`"field":"name"`}},
			{name: "name wrong type", req: request{method: "POST", path: "/api/v1/tokens", actor: "bot", body: `{"name":7}`}, status: 400},
			{name: "unknown field", req: request{method: "POST", path: "/api/v1/tokens", actor: "bot", body: `{"name":"x","scope":"all"}`}, status: 400},
			{name: "malformed", req: request{method: "POST", path: "/api/v1/tokens", actor: "bot", body: `name=x`}, status: 400},
			{name: "too large", req: request{method: "POST", path: "/api/v1/tokens", actor: "bot", body: `{"name":"` + strings.Repeat("x", 20<<10) + `"}`}, status: 413},
			{name: "revoke another user's", req: request{method: "DELETE", path: "/api/v1/tokens/" + itoa(otherTokens[0].ID), actor: "bot"}, status: 404},
			{name: "bad id", req: request{method: "DELETE", path: "/api/v1/tokens/abc", actor: "bot"}, status: 400, contains: []string{`"field":"id"`}},
			{name: "negative id", req: request{method: "DELETE", path: "/api/v1/tokens/-3", actor: "bot"}, status: 400},
			{name: "revoke", req: request{method: "DELETE", path: "/api/v1/tokens/" + itoa(made.ID), actor: "bot"}, status: 204},
			{name: "revoked token rejected", req: request{method: "GET", path: "/api/v1/me", actor: "erp"}, status: 401},
			{name: "revoke again", req: request{method: "DELETE", path: "/api/v1/tokens/" + itoa(made.ID), actor: "bot"}, status: 404},
			{name: "other's token still works", req: request{method: "GET", path: "/api/v1/me", actor: "other"}, status: 200},
		})
	})
}

func TestAPIUsers(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.as("admin", auth.NewUser{Role: auth.SystemAdmin}).
			as("coord", auth.NewUser{Role: auth.CityCoordinator}).
			as("member", auth.NewUser{Role: auth.ProviderMember})
		point := e.fixturePoint()
		runScenarios(t, e, []scenario{
			{name: "list", req: request{method: "GET", path: "/api/v1/users", actor: "admin"}, status: 200,
				contains: []string{`"login":"admin"`, `"login":"coord"`, `"total":3`, `"page":1`, `"per_page":20`}, absent: []string{`"password"`, "password_hash", "argon2", "totp_secret"}},
			{name: "filter and page", req: request{method: "GET", path: "/api/v1/users?role=city_coordinator&per_page=1", actor: "admin"}, status: 200,
				contains: []string{`"login":"coord"`, `"total":1`}, absent: []string{`"login":"admin"`}},
			{name: "second page", req: request{method: "GET", path: "/api/v1/users?per_page=2&page=2", actor: "admin"}, status: 200,
				contains: []string{`"login":"member"`, `"total":3`}},
			{name: "bad role", req: request{method: "GET", path: "/api/v1/users?role=mayor", actor: "admin"}, status: 400, contains: []string{`"field":"role"`}},
			{name: "bad page", req: request{method: "GET", path: "/api/v1/users?page=0", actor: "admin"}, status: 400, contains: []string{`"field":"page"`}},
			{name: "bad per_page", req: request{method: "GET", path: "/api/v1/users?per_page=1000", actor: "admin"}, status: 400},
			{name: "bad point_id", req: request{method: "GET", path: "/api/v1/users?point_id=x", actor: "admin"}, status: 400, contains: []string{`"field":"point_id"`}},
			{name: "coordinators may not", req: request{method: "GET", path: "/api/v1/users", actor: "coord"}, status: 403},
			{name: "providers may not", req: request{method: "GET", path: "/api/v1/users", actor: "member"}, status: 403},
			{name: "create", req: request{method: "POST", path: "/api/v1/users", actor: "admin",
				body: `{"login":"Xu.Staff","password":"Harbour-Lights-2026","name":"徐工","role":"point_staff","point_id":` + itoa(point) + `}`}, status: 201,
				contains: []string{`"login":"xu.staff"`, `"role":"point_staff"`, `"point_id":` + itoa(point), `"totp_enabled":false`}, absent: []string{"Harbour"}},
			{name: "duplicate", req: request{method: "POST", path: "/api/v1/users", actor: "admin",
				body: `{"login":"xu.staff","password":"Harbour-Lights-2026","role":"city_coordinator"}`}, status: 400, contains: []string{`"field":"login"`, "已被使用"}},
			{name: "rules", req: request{method: "POST", path: "/api/v1/users", actor: "admin", header: map[string]string{"Accept-Language": "en"},
				body: `{"login":"a","password":"short","role":"enterprise_admin","point_id":1}`}, status: 400,
				contains: []string{`"field":"login"`, `"field":"password"`, `"field":"enterprise_id"`, `"field":"point_id"`, "needs an enterprise"}},
			{name: "unknown point", req: request{method: "POST", path: "/api/v1/users", actor: "admin",
				body: `{"login":"ghost","password":"Harbour-Lights-2026","role":"point_lead","point_id":99999}`}, status: 400, contains: []string{`"field":"point_id"`}},
			{name: "wrong type", req: request{method: "POST", path: "/api/v1/users", actor: "admin", body: `{"login":"x","point_id":"XH"}`}, status: 400,
				contains: []string{`"field":"point_id"`}},
			{name: "unknown field", req: request{method: "POST", path: "/api/v1/users", actor: "admin", body: `{"login":"x","is_admin":true}`}, status: 400},
			{name: "malformed", req: request{method: "POST", path: "/api/v1/users", actor: "admin", body: `[`}, status: 400},
			{name: "too large", req: request{method: "POST", path: "/api/v1/users", actor: "admin", body: `{"name":"` + strings.Repeat("名", 8<<10) + `"}`}, status: 413},
			{name: "providers may not create", req: request{method: "POST", path: "/api/v1/users", actor: "member",
				body: `{"login":"sneaky","password":"Harbour-Lights-2026","role":"system_admin"}`}, status: 403},
		})
		if _, err := e.app.Auth.UserByLogin(context.Background(), "sneaky"); err == nil {
			t.Fatal("a forbidden create created")
		}
	})
}

// TestAccountRoutesByRole is the route × role matrix for the accounts routes that need no body.
func TestAccountRoutesByRole(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		for _, r := range auth.Roles {
			e.as(string(r), auth.NewUser{Login: strings.ReplaceAll(string(r), "_", "-"), Role: r})
		}
		for _, tc := range []struct {
			method, path string
			allowed      []auth.Role // nil: every signed-in role
		}{
			{"GET", "/console", nil},
			{"GET", "/account", nil},
			{"GET", "/api/v1/me", nil},
			{"GET", "/api/v1/tokens", nil},
			{"GET", "/console/users", []auth.Role{auth.SystemAdmin}},
			{"GET", "/api/v1/users", []auth.Role{auth.SystemAdmin}},
		} {
			for _, r := range auth.Roles {
				want := 200
				if tc.allowed != nil && !slices.Contains(tc.allowed, r) {
					want = 403
				}
				resp := e.do(request{method: tc.method, path: tc.path, actor: string(r)})
				resp.Body.Close()
				if resp.StatusCode != want {
					t.Errorf("%s %s as %s: %d, want %d", tc.method, tc.path, r, resp.StatusCode, want)
				}
			}
		}
	})
}
