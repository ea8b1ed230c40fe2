package web_test

import (
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"chuhai/internal/auth"
	"chuhai/internal/web"
)

// placeholder values for path wildcards: well-formed, so the handler runs, but naming no record, so a
// route that disables or revokes cannot touch the actors' own accounts; the access check runs before
// the handler looks at them anyway.
var wildcard = regexp.MustCompile(`\{([a-z_]+)(\.\.\.)?\}`)

func fillPath(pattern string) string {
	p := wildcard.ReplaceAllStringFunc(pattern, func(w string) string {
		switch name := wildcard.FindStringSubmatch(w)[1]; {
		case name == "id" || strings.HasSuffix(name, "_id"):
			return "999999"
		case name == "code":
			return "ZZ"
		case name == "ref":
			return "ZZ-2026-000001"
		default:
			return "x"
		}
	})
	p = strings.TrimSuffix(p, "{$}")
	if strings.HasSuffix(p, "/") && p != "/" {
		p += "x"
	}
	return p
}

// TestRouteRoleMatrix calls every route in the route table as every role and as an anonymous visitor.
// Whom the route's declared Access refuses gets 401 (API) or a redirect to sign-in (pages) when
// anonymous, and 403 when signed in; whom it admits is never refused at the door. Nobody ever gets a
// 5xx, whatever the route does with the placeholder input.
func TestRouteRoleMatrix(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		for _, r := range auth.Roles {
			e.as(string(r), auth.NewUser{Login: "m-" + strings.ReplaceAll(string(r), "_", "-"), Role: r})
		}
		actors := append([]string{""}, func() []string {
			var s []string
			for _, r := range auth.Roles {
				s = append(s, string(r))
			}
			return s
		}()...)
		routes := slices.Clone(e.server.Routes())
		// Routes that end sessions or revoke things run last, so they cannot sign an actor out early.
		slices.SortStableFunc(routes, func(a, b web.Route) int {
			return destructive(a) - destructive(b)
		})
		for _, rt := range routes {
			path := fillPath(rt.Pattern)
			api := strings.HasPrefix(path, "/api/")
			for _, actor := range actors {
				req := request{method: rt.Method, path: path, actor: actor}
				if rt.Method != http.MethodGet && api {
					req.body = "{}"
				}
				resp := e.do(req)
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				var p *auth.Principal
				if actor != "" {
					p = &auth.Principal{Role: auth.Role(actor)}
				}
				code := resp.StatusCode
				where := rt.Method + " " + rt.Pattern + " as " + orAnonymous(actor)
				if code >= 500 {
					t.Errorf("%s: %d", where, code)
					continue
				}
				toSignIn := code == http.StatusSeeOther && strings.HasPrefix(resp.Header.Get("Location"), "/signin")
				switch {
				case rt.Access.Allows(p):
					if code == http.StatusUnauthorized || toSignIn {
						t.Errorf("%s: refused with %d although the route admits this role", where, code)
					}
				case actor == "" && api:
					if code != http.StatusUnauthorized {
						t.Errorf("%s: %d, want 401", where, code)
					}
				case actor == "":
					if !toSignIn {
						t.Errorf("%s: %d (Location %q), want a redirect to sign-in", where, code, resp.Header.Get("Location"))
					}
				default:
					if code != http.StatusForbidden {
						t.Errorf("%s: %d, want 403", where, code)
					}
				}
			}
		}
	})
}

func destructive(r web.Route) int {
	if r.Method == http.MethodDelete || strings.Contains(r.Pattern, "signout") || strings.Contains(r.Pattern, "revoke") ||
		strings.Contains(r.Pattern, "disable") || strings.Contains(r.Pattern, "deactivate") {
		return 1
	}
	return 0
}

func orAnonymous(actor string) string {
	if actor == "" {
		return "anonymous"
	}
	return actor
}
