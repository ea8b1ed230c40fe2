package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"chuhai/internal/app"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

// form encodes form fields.
func form(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v.Encode()
}

// signIn signs in through the form and returns the session cookie's value.
func (e *env) signIn(login, password, code string) string {
	e.t.Helper()
	resp := e.do(request{method: "POST", path: "/signin", body: form("login", login, "password", password, "totp", code)})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("sign in %s: status %d", login, resp.StatusCode)
	}
	for _, c := range resp.Cookies() {
		if c.Name == auth.CookieName {
			return c.Value
		}
	}
	e.t.Fatalf("sign in %s: no session cookie", login)
	return ""
}

func cookie(value string) map[string]string {
	return map[string]string{"Cookie": auth.CookieName + "=" + value}
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// untranslated are catalogue-id prefixes that must never reach a page: a missing id renders as itself.
var untranslated = []string{"auth.", "account.", "console.", "users.", "role.", "error.", "nav."}

func TestSignInAndOutWithTheSessionCookie(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.as("wang.li", auth.NewUser{Name: "王丽", Role: auth.PointStaff})
		var sessionCookie *http.Cookie
		runScenarios(t, e, []scenario{
			{name: "form", req: request{method: "GET", path: "/signin?next=/account"}, status: 200,
				contains: []string{`action="/signin"`, `name="next" value="/account"`, `autocomplete="current-password"`, "登录"}, absent: untranslated},
			{name: "form in English", req: request{method: "GET", path: "/signin", header: map[string]string{"Accept-Language": "en"}}, status: 200,
				contains: []string{"Sign in", "Authentication code"}},
			{name: "empty form", req: request{method: "POST", path: "/signin", body: form("login", "", "password", "")}, status: 400,
				contains: []string{`id="login-error"`, `id="password-error"`, `aria-invalid="true"`, "必填"}, absent: untranslated},
			{name: "wrong password", req: request{method: "POST", path: "/signin", body: form("login", "Wang.Li", "password", "Not-The-Password-1", "next", "/account")}, status: 401,
				contains: []string{"登录名或密码不正确", `value="Wang.Li"`, `name="next" value="/account"`}, absent: []string{"Not-The-Password-1"}},
			{name: "unknown login looks the same", req: request{method: "POST", path: "/signin", body: form("login", "nobody", "password", "Not-The-Password-1")}, status: 401,
				contains: []string{"登录名或密码不正确"}},
			{name: "success", req: request{method: "POST", path: "/signin", body: form("login", "wang.li", "password", actorPassword, "next", "/account?x=1")}, status: 303},
		})
		resp := e.do(request{method: "POST", path: "/signin", body: form("login", "WANG.LI", "password", actorPassword, "next", "/account")})
		resp.Body.Close()
		if resp.StatusCode != 303 || resp.Header.Get("Location") != "/account" {
			t.Fatalf("sign in: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		for _, c := range resp.Cookies() {
			if c.Name == auth.CookieName {
				sessionCookie = c
			}
		}
		if sessionCookie == nil || !sessionCookie.HttpOnly || sessionCookie.SameSite != http.SameSiteLaxMode || sessionCookie.Path != "/" ||
			sessionCookie.Secure || !strings.HasPrefix(sessionCookie.Value, "chs_") {
			t.Fatalf("session cookie %+v", sessionCookie)
		}
		for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", ""} {
			resp := e.do(request{method: "POST", path: "/signin", body: form("login", "wang.li", "password", actorPassword, "next", next)})
			resp.Body.Close()
			if got := resp.Header.Get("Location"); got != "/console" {
				t.Errorf("next %q redirected to %q, want /console", next, got)
			}
		}
		runScenarios(t, e, []scenario{
			{name: "console with the cookie", req: request{method: "GET", path: "/console", header: cookie(sessionCookie.Value)}, status: 200,
				contains: []string{"王丽", "服务点工作人员", "徐汇区企业出海服务点", `<h3><a href="/network">`, `<h3><a href="/account">`}, absent: append([]string{`href="/console/users"`}, untranslated...)},
			{name: "signed in visitors skip the form", req: request{method: "GET", path: "/signin?next=/account", header: cookie(sessionCookie.Value)}, status: 303},
			{name: "sign out", req: request{method: "POST", path: "/signout", header: cookie(sessionCookie.Value)}, status: 303},
			{name: "the cookie is dead after sign-out", req: request{method: "GET", path: "/console", header: cookie(sessionCookie.Value)}, status: 303},
			{name: "signing out twice is harmless", req: request{method: "POST", path: "/signout", header: cookie(sessionCookie.Value)}, status: 303},
		})
		var n int
		if err := e.app.DB.QueryRow(context.Background(), `SELECT count(*) FROM session s JOIN app_user u ON u.id = s.user_id WHERE u.login = 'wang.li'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 6 { // seven successful sign-ins above, less the one signed out
			t.Errorf("%d sessions left, want 6", n)
		}
	})
}

func TestAnonymousVisitorsAreSentToSignIn(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		for _, tc := range []struct{ method, path, location string }{
			{"GET", "/console", "/signin?next=%2Fconsole"},
			{"GET", "/console/users?role=point_staff&page=2", "/signin?next=%2Fconsole%2Fusers%3Frole%3Dpoint_staff%26page%3D2"},
			{"GET", "/account", "/signin?next=%2Faccount"},
			{"POST", "/account/password", "/signin"},
			{"POST", "/console/users/1/disable", "/signin"},
		} {
			resp := e.do(request{method: tc.method, path: tc.path, body: form("x", "y")})
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != tc.location {
				t.Errorf("%s %s: %d → %q, want 303 → %q", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Location"), tc.location)
			}
		}
		runScenarios(t, e, []scenario{
			{name: "api me", req: request{method: "GET", path: "/api/v1/me"}, status: 401, contains: []string{`"status":401`}},
			{name: "api tokens", req: request{method: "POST", path: "/api/v1/tokens", body: `{"name":"x"}`}, status: 401},
			{name: "api users", req: request{method: "GET", path: "/api/v1/users"}, status: 401},
			{name: "api sign-out", req: request{method: "DELETE", path: "/api/v1/sessions/current"}, status: 401},
			{name: "bad bearer on the API", req: request{method: "GET", path: "/api/v1/me", header: map[string]string{"Authorization": "Bearer cht_forged"}}, status: 401,
				contains: []string{"令牌无效"}},
			{name: "bad bearer on a public page is anonymous", req: request{method: "GET", path: "/signin", header: map[string]string{"Authorization": "Bearer cht_forged"}}, status: 200},
			{name: "stale cookie on a page is anonymous", req: request{method: "GET", path: "/signin", header: cookie("chs_stale")}, status: 200},
		})
		resp := e.do(request{method: "GET", path: "/api/v1/me", header: map[string]string{"Authorization": "Bearer chs_forged"}})
		resp.Body.Close()
		if !strings.Contains(resp.Header.Get("WWW-Authenticate"), "invalid_token") {
			t.Errorf("WWW-Authenticate %q", resp.Header.Get("WWW-Authenticate"))
		}
	})
}

func TestSecureCookieWhenServedOverTLS(t *testing.T) {
	d := dbtest.Open(t, db.SQLite, app.Modules()...)
	a, err := app.New(d, app.Config{TLS: true}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	s, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, app: a, server: s, tokens: map[string]string{}, users: map[string]int64{}}
	e.as("coord", auth.NewUser{Role: auth.CityCoordinator})
	resp := e.do(request{method: "POST", path: "/signin", body: form("login", "coord", "password", actorPassword)})
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == auth.CookieName && c.Secure && c.HttpOnly {
			return
		}
	}
	t.Fatalf("no Secure session cookie: %v", resp.Header["Set-Cookie"])
}

func TestSignInLockout(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.as("li.na", auth.NewUser{Role: auth.EnterpriseMember})
		e.as("other", auth.NewUser{Role: auth.EnterpriseMember})
		wrong := func(login, ip string, status int) scenario {
			return scenario{name: login + " wrong from " + ip, status: status,
				req: request{method: "POST", path: "/api/v1/sessions", ip: ip, body: `{"login":"` + login + `","password":"Wrong-Password-1"}`}}
		}
		right := func(login, ip string, status int) scenario {
			return scenario{name: login + " right from " + ip, status: status,
				req: request{method: "POST", path: "/api/v1/sessions", ip: ip, body: `{"login":"` + login + `","password":"` + actorPassword + `"}`}}
		}
		// Per account: five failures from five addresses lock the account, not the addresses.
		runScenarios(t, e, []scenario{
			wrong("li.na", "10.0.0.1", 401), wrong("li.na", "10.0.0.2", 401), wrong("li.na", "10.0.0.3", 401), wrong("li.na", "10.0.0.4", 401),
			wrong("li.na", "10.0.0.5", 429),
			right("li.na", "10.0.0.6", 429),
			right("other", "10.0.0.1", 201),
		})
		resp := e.do(request{method: "POST", path: "/signin", ip: "10.0.0.7", body: form("login", "li.na", "password", actorPassword)})
		page := body(t, resp)
		if resp.StatusCode != 429 || !strings.Contains(page, "暂时锁定") || resp.Header.Get("Retry-After") == "" {
			t.Errorf("locked account on the form: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		// Per address: five failures at several accounts from one address lock the address.
		runScenarios(t, e, []scenario{
			wrong("x1", "10.9.0.1", 401), wrong("x2", "10.9.0.1", 401), wrong("x3", "10.9.0.1", 401), wrong("other", "10.9.0.1", 401),
			wrong("x4", "10.9.0.1", 429),
			right("other", "10.9.0.1", 429),
			right("other", "10.9.0.2", 201),
		})
		resp = e.do(request{method: "POST", path: "/api/v1/sessions", ip: "10.9.0.1", body: `{"login":"other","password":"` + actorPassword + `"}`})
		msg := body(t, resp)
		if resp.StatusCode != 429 || !strings.Contains(msg, `"status":429`) || resp.Header.Get("Retry-After") == "" {
			t.Errorf("locked address: %d %s", resp.StatusCode, msg)
		}
		var locks int
		if err := e.app.DB.QueryRow(context.Background(), `SELECT count(*) FROM audit_entry WHERE action = 'auth.signin.lock'`).Scan(&locks); err != nil || locks != 2 {
			t.Errorf("%d lock audit entries, want 2 (%v)", locks, err)
		}
	})
}

func TestAdminMustEnrolTOTPBeforeAnythingElse(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.as("root", auth.NewUser{Role: auth.SystemAdmin})
		resp := e.do(request{method: "POST", path: "/signin", body: form("login", "root", "password", actorPassword, "next", "/console/users")})
		resp.Body.Close()
		if resp.Header.Get("Location") != "/account#totp" {
			t.Fatalf("admin without TOTP sent to %q", resp.Header.Get("Location"))
		}
		var c string
		for _, k := range resp.Cookies() {
			if k.Name == auth.CookieName {
				c = k.Value
			}
		}
		apiResp := e.do(request{method: "POST", path: "/api/v1/sessions", body: `{"login":"root","password":"` + actorPassword + `"}`})
		var signed struct {
			Token string `json:"token"`
			User  struct {
				MustEnrol bool `json:"must_enrol_totp"`
			} `json:"user"`
		}
		decode(t, apiResp, &signed)
		if !signed.User.MustEnrol {
			t.Fatal("API sign-in does not say the admin must enrol")
		}
		bearer := map[string]string{"Authorization": "Bearer " + signed.Token}
		runScenarios(t, e, []scenario{
			{name: "console is closed", req: request{method: "GET", path: "/console", header: cookie(c)}, status: 303},
			{name: "users page is closed", req: request{method: "GET", path: "/console/users", header: cookie(c)}, status: 303},
			{name: "password change is closed", req: request{method: "POST", path: "/account/password", header: cookie(c), body: form("current_password", actorPassword)}, status: 303},
			{name: "account page shows only enrolment", req: request{method: "GET", path: "/account", header: cookie(c)}, status: 200,
				contains: []string{"系统管理员必须启用双因素认证", `action="/account/totp"`}, absent: []string{`action="/account/password"`, `action="/account/tokens"`, `href="/console/users"`}},
			{name: "API is closed", req: request{method: "GET", path: "/api/v1/users", header: bearer}, status: 403, contains: []string{"双因素认证"}},
			{name: "API me says why", req: request{method: "GET", path: "/api/v1/me", header: bearer}, status: 200, contains: []string{`"must_enrol_totp":true`}},
			{name: "start enrolment", req: request{method: "POST", path: "/account/totp", header: cookie(c)}, status: 303},
			{name: "wrong code", req: request{method: "POST", path: "/account/totp/confirm", header: cookie(c), body: form("code", "12")}, status: 400,
				contains: []string{`id="code-error"`, "6 位数字"}},
		})
		page := body(t, e.do(request{method: "GET", path: "/account", header: cookie(c)}))
		i := strings.Index(page, `<code class="secret">`)
		if i < 0 {
			t.Fatalf("no secret on the page")
		}
		secret := page[i+len(`<code class="secret">`):]
		secret = secret[:strings.Index(secret, "<")]
		if !strings.Contains(page, "otpauth://totp/chuhai:root?") {
			t.Fatal("no otpauth URI on the page")
		}
		code, _ := totp.GenerateCode(secret, time.Now())
		runScenarios(t, e, []scenario{
			{name: "confirm", req: request{method: "POST", path: "/account/totp/confirm", header: cookie(c), body: form("code", code)}, status: 303},
			{name: "console opens", req: request{method: "GET", path: "/console", header: cookie(c)}, status: 200, contains: []string{`<h3><a href="/console/users">`, `<h3><a href="/console/audit">`}},
			{name: "API opens", req: request{method: "GET", path: "/api/v1/users", header: bearer}, status: 200},
			{name: "admins keep the factor", req: request{method: "POST", path: "/account/totp/disable", header: cookie(c), body: form("code", code)}, status: 403},
			{name: "sign-in now needs the code", req: request{method: "POST", path: "/signin", body: form("login", "root", "password", actorPassword)}, status: 400,
				contains: []string{`id="totp-error"`, "请填写动态验证码"}},
			{name: "the confirmation code cannot be replayed", req: request{method: "POST", path: "/signin", body: form("login", "root", "password", actorPassword, "totp", code)}, status: 400,
				contains: []string{"已使用过"}},
		})
		// The next step's code is accepted (one step of clock drift is allowed).
		next, _ := totp.GenerateCode(secret, time.Now().Add(30*time.Second))
		if got := e.signIn("root", actorPassword, next); got == "" {
			t.Fatal("no session")
		}
	})
}
