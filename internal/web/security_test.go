package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"chuhai/internal/app"
	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
	"chuhai/internal/i18n"
)

// csp parses a Content-Security-Policy into directive → sources.
func csp(header string) map[string][]string {
	out := map[string][]string{}
	for _, d := range strings.Split(header, ";") {
		f := strings.Fields(d)
		if len(f) > 0 {
			out[f[0]] = f[1:]
		}
	}
	return out
}

func TestSecurityHeadersOnEveryKindOfResponse(t *testing.T) {
	d := dbtest.Open(t, db.SQLite, app.Modules()...)
	plain := serverOn(t, d, app.Config{}, nopWriter{})
	tls := serverOn(t, d, app.Config{TLS: true}, nopWriter{})
	for _, path := range []string{"/", "/healthz", "/api/v1/openapi.json", "/api/v1/nothing", "/nothing", "/console/audit"} {
		for _, tc := range []struct {
			name string
			h    http.Handler
			hsts bool
		}{{"http", plain, false}, {"tls", tls, true}} {
			rec := get(tc.h, path)
			h := rec.Header()
			policy := csp(h.Get("Content-Security-Policy"))
			script := policy["script-src"]
			if script == nil {
				script = policy["default-src"]
			}
			if len(script) == 0 {
				t.Errorf("%s %s: no script-src in %q", tc.name, path, h.Get("Content-Security-Policy"))
			}
			for _, src := range append(append([]string{}, script...), policy["style-src"]...) {
				if src == "'unsafe-inline'" || src == "'unsafe-eval'" || src == "*" || src == "data:" {
					t.Errorf("%s %s: CSP allows %s for scripts or styles", tc.name, path, src)
				}
			}
			if strings.Join(policy["frame-ancestors"], " ") != "'none'" || strings.Join(policy["object-src"], " ") != "'none'" {
				t.Errorf("%s %s: frame-ancestors %v, object-src %v", tc.name, path, policy["frame-ancestors"], policy["object-src"])
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" || h.Get("Referrer-Policy") == "" {
				t.Errorf("%s %s: nosniff %q, frame options %q, referrer %q", tc.name, path, h.Get("X-Content-Type-Options"),
					h.Get("X-Frame-Options"), h.Get("Referrer-Policy"))
			}
			hsts := h.Get("Strict-Transport-Security")
			if tc.hsts != (hsts != "") {
				t.Errorf("%s %s: Strict-Transport-Security %q", tc.name, path, hsts)
			}
			if tc.hsts && !strings.Contains(hsts, "max-age=31536000") {
				t.Errorf("HSTS %q shorter than a year", hsts)
			}
		}
	}
}

type nopWriter struct{}

func (nopWriter) Write(p []byte) (int, error) { return len(p), nil }

// TestCrossOriginPostsAreRefused: a form posted from another site is stopped before any handler runs,
// so it changes nothing — here, no language cookie is set.
func TestCrossOriginPostsAreRefused(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		for _, tc := range []struct {
			name    string
			header  map[string]string
			refused bool
		}{
			{"cross-site fetch metadata", map[string]string{"Sec-Fetch-Site": "cross-site"}, true},
			{"same-site but another origin", map[string]string{"Sec-Fetch-Site": "same-site"}, true},
			{"Origin of another host", map[string]string{"Origin": "https://evil.example"}, true},
			{"Origin with another port", map[string]string{"Origin": "http://example.com:8443"}, true},
			{"Origin null (sandboxed frame)", map[string]string{"Origin": "null"}, true},
			{"same-origin fetch metadata", map[string]string{"Sec-Fetch-Site": "same-origin"}, false},
			{"typed into the address bar", map[string]string{"Sec-Fetch-Site": "none"}, false},
			{"same Origin", map[string]string{"Origin": "http://example.com"}, false},
			{"no browser headers (curl)", nil, false},
		} {
			req := httptest.NewRequest("POST", "/lang", strings.NewReader("lang=en&back=/about"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			e.server.ServeHTTP(rec, req)
			cookie := rec.Header().Get("Set-Cookie")
			if tc.refused {
				if rec.Code != http.StatusForbidden || cookie != "" || rec.Header().Get("Location") != "" {
					t.Errorf("%s: %d, Set-Cookie %q, Location %q; want 403 and nothing written", tc.name, rec.Code, cookie, rec.Header().Get("Location"))
				}
				continue
			}
			if rec.Code != http.StatusSeeOther || !strings.Contains(cookie, "chuhai_lang=en") || rec.Header().Get("Location") != "/about" {
				t.Errorf("%s: %d, Set-Cookie %q; want 303 with the cookie", tc.name, rec.Code, cookie)
			}
		}
		// Reading is not protected: cross-site GETs are links.
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		rec := httptest.NewRecorder()
		e.server.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Errorf("cross-site GET: %d", rec.Code)
		}
	})
}

// TestCrossOriginPostsBySignedInUsersChangeNothing: the account's language stays as it was and no
// audit entry appears, until the same request comes from the platform's own pages.
func TestCrossOriginPostsBySignedInUsersChangeNothing(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.as("coord", auth.NewUser{Role: auth.CityCoordinator, Lang: i18n.Chinese})
		ctx := context.Background()
		state := func() (string, int64) {
			t.Helper()
			u, err := e.app.Auth.UserByID(ctx, e.users["coord"])
			if err != nil {
				t.Fatal(err)
			}
			res, err := audit.Verify(ctx, e.app.DB)
			if err != nil {
				t.Fatal(err)
			}
			return u.Lang, res.LastID
		}
		lang, head := state()
		post := func(site string) int {
			return e.do(request{method: "POST", path: "/lang", actor: "coord", body: "lang=en&back=/console",
				header: map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": site}}).StatusCode
		}
		if code := post("cross-site"); code != http.StatusForbidden {
			t.Fatalf("cross-site: %d", code)
		}
		if l, h := state(); l != lang || h != head {
			t.Fatalf("a refused request changed the account (%s → %s) or the log (%d → %d)", lang, l, head, h)
		}
		if code := post("same-origin"); code != http.StatusSeeOther {
			t.Fatalf("same-origin: %d", code)
		}
		if l, h := state(); l != i18n.English || h != head+1 {
			t.Fatalf("same-origin request: lang %s, log head %d → %d", l, head, h)
		}
	})
}
