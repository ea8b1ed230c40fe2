package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"chuhai/internal/app"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
	"chuhai/internal/web"
)

// env is a running chuhai on a fresh database of one engine, reached through the real router.
type env struct {
	t      *testing.T
	app    *app.App
	server *web.Server
	tokens map[string]string // actor name → bearer token
	users  map[string]int64  // actor name → user id
	// fixture affiliations, made on first use by as
	point, enterprise, provider int64
}

// newEnv builds the whole application on a fresh, migrated database.
func newEnv(t *testing.T, dialect db.Dialect) *env {
	t.Helper()
	return newEnvWith(t, dialect, app.Config{})
}

// newEnvWith is newEnv with a configuration.
func newEnvWith(t *testing.T, dialect db.Dialect, cfg app.Config) *env {
	t.Helper()
	d := dbtest.Open(t, dialect, app.Modules()...)
	a, err := app.New(d, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	s, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, app: a, server: s, tokens: map[string]string{}, users: map[string]int64{}}
}

// actorPassword is the password as gives every account it creates.
const actorPassword = "Harbour-Lights-2026"

// as creates an account and an API token for it, so that requests with actor name act as that user.
// Login defaults to name, Password to actorPassword; a role that needs a service point, enterprise or
// provider gets a fixture one when u names none.
func (e *env) as(name string, u auth.NewUser) *env {
	e.t.Helper()
	if u.Login == "" {
		u.Login = name
	}
	if u.Password == "" {
		u.Password = actorPassword
	}
	switch u.Role.Scope() {
	case auth.ScopePoint:
		if u.PointID == 0 {
			u.PointID = e.fixturePoint()
		}
	case auth.ScopeEnterprise:
		if u.EnterpriseID == 0 {
			u.EnterpriseID = e.fixtureEnterprise()
		}
	case auth.ScopeProvider:
		if u.ProviderID == 0 {
			u.ProviderID = e.fixtureProvider()
		}
	}
	ctx := context.Background()
	id, err := e.app.Auth.CreateUser(ctx, u)
	if err != nil {
		e.t.Fatalf("as %s: %v", name, err)
	}
	tok, err := e.app.Auth.CreateAPIToken(ctx, id, "test "+name)
	if err != nil {
		e.t.Fatalf("as %s: token: %v", name, err)
	}
	e.tokens[name], e.users[name] = tok, id
	return e
}

// exec runs fixture SQL that belongs to no store function yet.
func (e *env) exec(query string, args ...any) int64 {
	e.t.Helper()
	var id int64
	err := e.app.DB.InTx(context.Background(), func(tx *db.Tx) error {
		return tx.QueryRow(context.Background(), query, args...).Scan(&id)
	})
	if err != nil {
		e.t.Fatalf("fixture: %v", err)
	}
	return id
}

func (e *env) fixtureRegion() {
	e.t.Helper()
	_, err := e.app.DB.Exec(context.Background(), `INSERT INTO region (code, kind, name_zh, name_en) VALUES ('310104', 'district', '徐汇区', 'Xuhui')
		ON CONFLICT (code) DO NOTHING`)
	if err != nil {
		e.t.Fatalf("fixture region: %v", err)
	}
}

// fixturePoint is the Xuhui district service point (code XH).
func (e *env) fixturePoint() int64 {
	if e.point == 0 {
		e.fixtureRegion()
		e.point = e.exec(`INSERT INTO service_point (code, kind, name_zh, name_en, region_code, created_at, updated_at)
			VALUES ('XH', 'district_point', '徐汇区企业出海服务点', 'Xuhui going-global service point', '310104', $1, $1) RETURNING id`, time.Now())
	}
	return e.point
}

// fixtureEnterprise is a Xuhui manufacturer (USCC 91310000MA1FL4B24G).
func (e *env) fixtureEnterprise() int64 {
	if e.enterprise == 0 {
		e.fixtureRegion()
		e.enterprise = e.exec(`INSERT INTO enterprise (uscc, name_zh, name_en, home_district, created_at, updated_at)
			VALUES ('91310000MA1FL4B24G', '上海示例精密制造有限公司', 'Shanghai Example Precision Manufacturing', '310104', $1, $1) RETURNING id`, time.Now())
	}
	return e.enterprise
}

// fixtureProvider is a law firm.
func (e *env) fixtureProvider() int64 {
	if e.provider == 0 {
		e.provider = e.exec(`INSERT INTO provider (name_zh, name_en, created_at, updated_at)
			VALUES ('示例律师事务所', 'Example Law Firm', $1, $1) RETURNING id`, time.Now())
	}
	return e.provider
}

// eachEnv runs fn on every engine, in parallel.
func eachEnv(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			fn(t, newEnv(t, dialect))
		})
	}
}

// request is one HTTP call.
type request struct {
	method, path string
	actor        string // "" for anonymous; otherwise a name given to env.as
	body         string
	header       map[string]string
	ip           string // client address; the default is httptest's 192.0.2.1
}

// do sends r through the router and returns the response.
func (e *env) do(r request) *http.Response {
	e.t.Helper()
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	req := httptest.NewRequestWithContext(context.Background(), r.method, r.path, body)
	if r.body != "" && strings.HasPrefix(r.path, "/api/") {
		req.Header.Set("Content-Type", "application/json")
	} else if r.body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if r.ip != "" {
		req.RemoteAddr = r.ip + ":40000"
	}
	if r.actor != "" {
		tok, ok := e.tokens[r.actor]
		if !ok {
			e.t.Fatalf("unknown actor %q", r.actor)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	e.server.ServeHTTP(rec, req)
	return rec.Result()
}

// scenario is one row of an endpoint's table: the call, the expected status and body fragments.
type scenario struct {
	name     string
	req      request
	status   int
	contains []string
	absent   []string
	headers  map[string]string          // expected response headers; "" means absent
	after    func(t *testing.T, e *env) // checks side effects (or their absence)
}

func runScenarios(t *testing.T, e *env, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		resp := e.do(sc.req)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != sc.status {
			t.Errorf("%s: %s %s as %q: status %d, want %d; body: %.400s", sc.name, sc.req.method, sc.req.path, sc.req.actor, resp.StatusCode, sc.status, b)
			continue
		}
		for _, c := range sc.contains {
			if !bytes.Contains(b, []byte(c)) {
				t.Errorf("%s: body lacks %q; body: %.400s", sc.name, c, b)
			}
		}
		for _, c := range sc.absent {
			if bytes.Contains(b, []byte(c)) {
				t.Errorf("%s: body must not contain %q", sc.name, c)
			}
		}
		for k, v := range sc.headers {
			if got := resp.Header.Get(k); got != v {
				t.Errorf("%s: header %s = %q, want %q", sc.name, k, got, v)
			}
		}
		if sc.after != nil {
			sc.after(t, e)
		}
	}
}

// decode reads a JSON response body into v.
func decode(t *testing.T, resp *http.Response, v any) {
	t.Helper()
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("decode: %v", err)
	}
}
