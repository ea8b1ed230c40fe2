package web_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"chuhai/internal/auth"
)

var stylesheet = regexp.MustCompile(`href="(/static/app\.[0-9a-f]{10}\.css)"`)

// TestBadInputThroughTheRouter: hostile or broken requests get a 4xx answer in the right format —
// never a 500, never a file from outside the asset table.
func TestBadInputThroughTheRouter(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		resp := e.do(request{method: "GET", path: "/"})
		home, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		m := stylesheet.FindSubmatch(home)
		if m == nil {
			t.Fatalf("no hashed stylesheet link on the home page")
		}
		css := string(m[1])
		form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
		formJSON := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
		big := "lang=en&back=/" + strings.Repeat("a", 1<<20)
		problemJSON := map[string]string{"Content-Type": "application/problem+json"}
		noCookie := map[string]string{"Set-Cookie": ""}
		runScenarios(t, e, []scenario{
			// Static files: only hashed names from the table, whatever the encoding.
			{name: "hashed asset", req: request{method: "GET", path: css}, status: 200, contains: []string{"--brand"}},
			{name: "dot-dot", req: request{method: "GET", path: "/static/../../go.mod"}, status: 404, absent: []string{"module chuhai"}},
			{name: "encoded slash", req: request{method: "GET", path: "/static/..%2f..%2fgo.mod"}, status: 404, absent: []string{"module chuhai"}},
			{name: "encoded dots", req: request{method: "GET", path: "/static/%2e%2e/%2e%2e/go.mod"}, status: 404, absent: []string{"module chuhai"}},
			{name: "all encoded", req: request{method: "GET", path: "/static/%2e%2e%2f%2e%2e%2finternal%2fweb%2fassets.go"}, status: 404, absent: []string{"package web"}},
			{name: "double encoded", req: request{method: "GET", path: "/static/%252e%252e/%252e%252e/go.mod"}, status: 404, absent: []string{"module chuhai"}},
			{name: "backslashes", req: request{method: "GET", path: `/static/..\..\go.mod`}, status: 404, absent: []string{"module chuhai"}},
			{name: "NUL byte", req: request{method: "GET", path: "/static/app.css%00.png"}, status: 404},
			{name: "directory listing", req: request{method: "GET", path: "/static/"}, status: 404, absent: []string{"htmx.min.js"}},
			{name: "embedded directory itself", req: request{method: "GET", path: "/static/static/app.css"}, status: 404},
			{name: "double slash in front is cleaned to this site", req: request{method: "GET", path: "//static" + strings.TrimPrefix(css, "/static")},
				status: http.StatusTemporaryRedirect, headers: map[string]string{"Location": css}},
			{name: "double slash inside is cleaned", req: request{method: "GET", path: strings.Replace(css, "/static/", "/static//", 1)},
				status: http.StatusTemporaryRedirect, headers: map[string]string{"Location": css}},

			// Unknown routes: a problem under /api, a page elsewhere.
			{name: "unknown api route", req: request{method: "GET", path: "/api/v1/nothing"}, status: 404,
				contains: []string{`"status":404`, `"type":"about:blank"`, `"instance":"/api/v1/nothing"`}, headers: problemJSON},
			{name: "unknown api version", req: request{method: "GET", path: "/api/v9/audit"}, status: 404, headers: problemJSON},
			{name: "unknown page", req: request{method: "GET", path: "/no/such/page"}, status: 404, contains: []string{"<h1", "404"},
				headers: map[string]string{"Content-Type": "text/html; charset=utf-8"}},
			{name: "unknown page asking for JSON", req: request{method: "GET", path: "/no/such/page", header: map[string]string{"Accept": "application/json"}},
				status: 404, headers: problemJSON},
			{name: "escaped markup in the path is not echoed raw", req: request{method: "GET", path: "/%3Cscript%3Ealert(1)%3C/script%3E"}, status: 404,
				absent: []string{"<script>alert"}},

			// Wrong methods: 405 with Allow.
			{name: "DELETE on a GET route", req: request{method: "DELETE", path: "/healthz"}, status: 405, headers: map[string]string{"Allow": "GET"}},
			{name: "POST on an API list", req: request{method: "POST", path: "/api/v1/audit", body: `{}`}, status: 405,
				contains: []string{`"status":405`}, headers: map[string]string{"Allow": "GET", "Content-Type": "application/problem+json"}},
			{name: "GET on a POST route", req: request{method: "GET", path: "/lang"}, status: 405, headers: map[string]string{"Allow": "POST"}},
			{name: "PUT on a POST route", req: request{method: "PUT", path: "/lang", body: "lang=en", header: form}, status: 405, headers: map[string]string{"Allow": "POST"}},
			{name: "TRACE", req: request{method: "TRACE", path: "/"}, status: 405, headers: map[string]string{"Allow": "GET"}},

			// Bodies: over the limit is 413, malformed is 400, both before anything changes.
			{name: "form over 1 MiB", req: request{method: "POST", path: "/lang", body: big, header: form}, status: 413,
				contains: []string{"1 MiB"}, headers: noCookie},
			{name: "form over 1 MiB, JSON answer", req: request{method: "POST", path: "/lang", body: big, header: formJSON}, status: 413,
				contains: []string{`"status":413`, "1 MiB"}, headers: map[string]string{"Set-Cookie": "", "Content-Type": "application/problem+json"}},
			{name: "malformed form", req: request{method: "POST", path: "/lang", body: "lang=%zz", header: formJSON}, status: 400,
				contains: []string{`"status":400`}, headers: noCookie},
			{name: "malformed query", req: request{method: "POST", path: "/lang?x=%zz", body: "lang=en", header: form}, status: 400, headers: noCookie},
			{name: "off-site back link", req: request{method: "POST", path: "/lang", body: "lang=en&back=%2F%09%2Fevil.example", header: form},
				status: 303, headers: map[string]string{"Location": "/"}},

			// API routes refuse strangers before they look at the input.
			{name: "invalid id, anonymous", req: request{method: "GET", path: "/api/v1/audit/abc"}, status: 401, contains: []string{`"status":401`}},
			{name: "bad paging, anonymous", req: request{method: "GET", path: "/api/v1/audit?page=-1"}, status: 401},
		})
	})
}

// TestBadJSONThroughTheRouter sends broken bodies to a real JSON route (creating an API token) and
// broken ids to a real {id} route (revoking one): each gets a 4xx problem and nothing is created.
func TestBadJSONThroughTheRouter(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.as("ana", auth.NewUser{Role: auth.PointStaff})
		tokens := func(want int) func(*testing.T, *env) {
			return func(t *testing.T, e *env) {
				t.Helper()
				var l struct {
					Total int `json:"total"`
				}
				decode(t, e.do(request{method: "GET", path: "/api/v1/tokens", actor: "ana"}), &l)
				if l.Total != want {
					t.Errorf("%d tokens, want %d", l.Total, want)
				}
			}
		}
		post := func(body string) request {
			return request{method: "POST", path: "/api/v1/tokens", actor: "ana", body: body}
		}
		problem := map[string]string{"Content-Type": "application/problem+json"}
		var rows []scenario
		for _, tc := range []struct {
			name, body string
			status     int
			contains   []string
		}{
			{"malformed", `{"name":`, 400, []string{`"status":400`}},
			{"not JSON at all", `name=ci`, 400, []string{"syntax error"}},
			{"unknown field", `{"name":"ci","admin":true}`, 400, []string{`"field":"admin"`}},
			{"wrong type", `{"name":42}`, 400, []string{`"field":"name"`}},
			{"a list for the body", `[{"name":"ci"}]`, 400, []string{`"field":"(body)"`}},
			{"trailing data", `{"name":"ci"} {"name":"again"}`, 400, []string{"trailing data"}},
			{"over the route's limit", `{"name":"` + strings.Repeat("长", 6<<10) + `"}`, 413, []string{`"status":413`, "16 KiB"}},
		} {
			rows = append(rows, scenario{name: tc.name, req: post(tc.body), status: tc.status, contains: tc.contains, headers: problem, after: tokens(1)})
		}
		rows = append(rows, scenario{name: "empty body", req: request{method: "POST", path: "/api/v1/tokens", actor: "ana",
			header: map[string]string{"Content-Type": "application/json"}}, status: 400, contains: []string{"empty body"}, headers: problem, after: tokens(1)})
		for _, id := range []string{"abc", "0", "-1", "007", "1.5", "99999999999999999999"} {
			rows = append(rows, scenario{name: "token id " + id, req: request{method: "DELETE", path: "/api/v1/tokens/" + id, actor: "ana"},
				status: 400, contains: []string{`"field":"id"`}, headers: problem, after: tokens(1)})
		}
		rows = append(rows,
			scenario{name: "no such token", req: request{method: "DELETE", path: "/api/v1/tokens/999999", actor: "ana"}, status: 404, headers: problem, after: tokens(1)},
			scenario{name: "a good body, for contrast", req: post(`{"name":"ci"}`), status: 201, after: tokens(2)})
		runScenarios(t, e, rows)
	})
}
