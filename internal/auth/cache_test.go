package auth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"chuhai/internal/audit"
)

// call authenticates a request carrying a Bearer credential or the session cookie.
func call(s *Service, bearer, cookie string) (*Principal, error) {
	r := httptest.NewRequest("GET", "/api/v1/me", nil)
	if bearer != "" {
		r.Header.Set("Authorization", "Bearer "+bearer)
	}
	if cookie != "" {
		r.AddCookie(&http.Cookie{Name: CookieName, Value: cookie})
	}
	return s.Authenticate(httptest.NewRecorder(), r)
}

// With the credential cache on, a change made through an instance shows on it at once, and on
// another instance sharing the database once the cache's time has passed, never later.
func TestCredentialCacheAcrossInstances(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		al, err := audit.New(audit.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		a, b := f.s, NewService(f.d, al, Config{})
		b.now, b.argon = f.clock.now, cheapArgon
		for _, s := range []*Service{a, b} {
			s.CacheCredentials(time.Second)
			s.creds.SetClock(f.clock.now)
		}
		uid := f.user(t, "cache.user", EnterpriseAdmin)
		token, err := a.CreateAPIToken(ctx, uid, "ci")
		if err != nil {
			t.Fatal(err)
		}
		for name, s := range map[string]*Service{"a": a, "b": b} {
			if p, err := call(s, token, ""); err != nil || p == nil || p.UserID != uid {
				t.Fatalf("instance %s: %+v, %v", name, p, err)
			}
		}

		// A caller may change its copy without changing what the next caller gets.
		p, _ := call(a, token, "")
		p.Role = SystemAdmin
		if p, _ := call(a, token, ""); p.Role != EnterpriseAdmin {
			t.Fatalf("the cached principal was shared: role %q", p.Role)
		}

		// The language is part of the principal: a change shows on the same instance at once.
		if err := a.SetLanguage(ctx, uid, "en"); err != nil {
			t.Fatal(err)
		}
		if p, _ := call(a, token, ""); p.Lang != "en" {
			t.Fatalf("language after change on the same instance: %q", p.Lang)
		}

		toks, err := a.ListAPITokens(ctx, uid)
		if err != nil || len(toks) != 1 {
			t.Fatalf("tokens: %v, %v", toks, err)
		}
		if err := a.RevokeAPIToken(ctx, uid, toks[0].ID); err != nil {
			t.Fatal(err)
		}
		if p, err := call(a, token, ""); p != nil || err == nil {
			t.Fatalf("revoked token still works on the revoking instance: %+v, %v", p, err)
		}
		if p, _ := call(b, token, ""); p == nil {
			t.Fatal("instance b forgot the token before its cache time passed (the test's premise is wrong)")
		}
		f.clock.advance(time.Second)
		if p, err := call(b, token, ""); p != nil || err == nil {
			t.Fatalf("revoked token still works on another instance after the cache time: %+v, %v", p, err)
		}

		// Signing out ends a cached browser session at once.
		cookie, _, err := a.SignIn(ctx, "cache.user", goodPassword, "", "192.0.2.1", "test", SessionWeb)
		if err != nil {
			t.Fatal(err)
		}
		p, err = call(a, "", cookie)
		if err != nil || p == nil {
			t.Fatalf("session: %+v, %v", p, err)
		}
		if err := a.EndSession(ctx, p.SessionID); err != nil {
			t.Fatal(err)
		}
		if p, _ := call(a, "", cookie); p != nil {
			t.Fatalf("session still works after signing out: %+v", p)
		}

		// Disabling the user ends every credential on the instance at once.
		token2, err := a.CreateAPIToken(ctx, uid, "ci2")
		if err != nil {
			t.Fatal(err)
		}
		if p, _ := call(a, token2, ""); p == nil {
			t.Fatal("new token refused")
		}
		if err := a.SetDisabled(ctx, uid, true); err != nil {
			t.Fatal(err)
		}
		if p, _ := call(a, token2, ""); p != nil {
			t.Fatalf("a disabled user's token still works: %+v", p)
		}
	})
}
