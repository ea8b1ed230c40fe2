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

	"chuhai/internal/app"
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
}

// newEnv builds the whole application on a fresh, migrated database.
func newEnv(t *testing.T, dialect db.Dialect) *env {
	t.Helper()
	d := dbtest.Open(t, dialect, app.Modules()...)
	a, err := app.New(d, app.Config{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	s, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, app: a, server: s, tokens: map[string]string{}}
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
