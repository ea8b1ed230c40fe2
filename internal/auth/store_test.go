package auth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
)

func kindOf(err error) apperr.Kind {
	if e, ok := apperr.As(err); ok {
		return e.Kind
	}
	return -1
}

func TestCreateUserValidatesAndAudits(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id, err := f.s.CreateUser(ctx, NewUser{Login: "  Wang.Li ", Password: goodPassword, Name: "王丽", Role: PointStaff,
			PointID: f.point, Lang: "en-US"})
		if err != nil {
			t.Fatal(err)
		}
		u, err := f.s.UserByLogin(ctx, "WANG.LI")
		if err != nil {
			t.Fatal(err)
		}
		if u.ID != id || u.Login != "wang.li" || u.Name != "王丽" || u.Role != PointStaff || u.PointID != f.point ||
			u.Lang != "en" || u.Disabled || u.TOTPEnabled || u.LastLoginAt != nil || !u.PasswordChangedAt.Equal(f.clock.t) {
			t.Fatalf("stored user = %+v", u)
		}
		var hash string
		if err := f.d.QueryRow(ctx, `SELECT password_hash FROM app_user WHERE id = $1`, id).Scan(&hash); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(hash, "$argon2id$") || strings.Contains(hash, goodPassword) {
			t.Fatalf("password stored as %q", hash)
		}
		var detail string
		if err := f.d.QueryRow(ctx, `SELECT detail FROM audit_entry WHERE action = 'auth.user.create'`).Scan(&detail); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(detail, goodPassword) || !strings.Contains(detail, "wang.li") {
			t.Fatalf("audit detail %s", detail)
		}
		for _, tc := range []struct {
			name string
			u    NewUser
			want string
		}{
			{"login taken, whatever the case", NewUser{Login: "WANG.li", Password: goodPassword, Role: CityCoordinator}, "login:auth.user.login_taken"},
			{"unknown role", NewUser{Login: "x.role", Password: goodPassword, Role: "mayor"}, "role:error.bad_choice"},
			{"staff without a point", NewUser{Login: "x.staff", Password: goodPassword, Role: PointLead}, "point_id:auth.user.point_required"},
			{"point that does not exist", NewUser{Login: "x.ghost", Password: goodPassword, Role: PointStaff, PointID: 9999}, "point_id:auth.user.scope_not_found"},
			{"enterprise that does not exist", NewUser{Login: "x.ghost2", Password: goodPassword, Role: EnterpriseAdmin, EnterpriseID: 9999}, "enterprise_id:auth.user.scope_not_found"},
			{"provider that does not exist", NewUser{Login: "x.ghost3", Password: goodPassword, Role: ProviderMember, ProviderID: 9999}, "provider_id:auth.user.scope_not_found"},
			{"coordinator with a point", NewUser{Login: "x.coord", Password: goodPassword, Role: CityCoordinator, PointID: f.point}, "point_id:auth.user.scope_not_allowed"},
			{"weak password containing the login", NewUser{Login: "harbour", Password: "harbour12345", Role: CityCoordinator},
				"password:auth.password.classes,password:auth.password.contains_login"},
			{"bad language", NewUser{Login: "x.lang", Password: goodPassword, Role: CityCoordinator, Lang: "fr"}, "lang:error.bad_choice"},
			{"everything wrong at once", NewUser{Login: "", Password: "", Role: ""}, "login:error.required,role:error.bad_choice,password:error.required"},
		} {
			_, err := f.s.CreateUser(ctx, tc.u)
			if got := strings.Join(fieldKeys(err), ","); got != tc.want {
				t.Errorf("%s: got %q (%v), want %q", tc.name, got, err, tc.want)
			}
		}
		if n := f.auditCount(t, "auth.user.create"); n != 1 {
			t.Errorf("%d create entries, want 1 (failed creates leave none)", n)
		}
		for _, role := range Roles {
			f.user(t, "every."+strings.ReplaceAll(string(role), "_", "-"), role)
		}
	})
}

func TestSignInLocksTheAccountAfterFiveFailuresIn15Minutes(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		f.user(t, "wang.li", PointStaff)
		signIn := func(password, ip string) error {
			_, _, err := f.s.SignIn(ctx, "wang.li", password, "", ip, "test", SessionWeb)
			return err
		}
		// Four failures 4 minutes apart: the first falls out of the window just before the fifth.
		for i := range 4 {
			if err := signIn("wrong", "10.0.0.1"); kindOf(err) != apperr.KindUnauthorized {
				t.Fatalf("failure %d: %v", i+1, err)
			}
			f.clock.advance(4 * time.Minute)
		}
		if err := signIn("wrong", "10.0.0.2"); kindOf(err) != apperr.KindUnauthorized {
			t.Fatalf("5th failure, but only 4 within 15 minutes: %v", err)
		}
		f.clock.advance(time.Minute)
		err := signIn("wrong", "10.0.0.3")
		if kindOf(err) != apperr.KindLocked {
			t.Fatalf("5 failures in 15 minutes from three addresses: %v, want locked", err)
		}
		if e, _ := apperr.As(err); e.Key != "auth.signin.locked" || e.Args["Minutes"] != 15 {
			t.Fatalf("lock error %+v", e)
		}
		if n := f.auditCount(t, "auth.signin.lock"); n != 1 {
			t.Fatalf("%d lock entries", n)
		}
		// Locked: even the right password, from a fresh address, is refused, without counting.
		f.clock.advance(14 * time.Minute)
		if err := signIn(goodPassword, "10.9.9.9"); kindOf(err) != apperr.KindLocked {
			t.Fatalf("right password while locked: %v", err)
		} else if e, _ := apperr.As(err); e.Args["Minutes"] != 1 {
			t.Fatalf("one minute left, message says %v", e.Args["Minutes"])
		}
		f.clock.advance(time.Minute)
		if err := signIn(goodPassword, "10.9.9.9"); err != nil {
			t.Fatalf("after 15 minutes: %v", err)
		}
		// Success cleared the account's failures: four more do not lock.
		for range 4 {
			if err := signIn("wrong", "10.0.0.4"); kindOf(err) != apperr.KindUnauthorized {
				t.Fatalf("after success: %v", err)
			}
		}
		if err := signIn(goodPassword, "10.0.0.5"); err != nil {
			t.Fatalf("4 failures after a success must not lock: %v", err)
		}
		if n := f.auditCount(t, "auth.signin.success"); n != 2 {
			t.Errorf("%d success entries, want 2", n)
		}
		var detail string
		if err := f.d.QueryRow(ctx, `SELECT detail FROM audit_entry WHERE action = 'auth.signin.failure' ORDER BY id LIMIT 1`).Scan(&detail); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(detail, "wrong") && !strings.Contains(detail, `"reason":"password"`) || strings.Contains(detail, goodPassword) {
			t.Errorf("failure detail %s", detail)
		}
	})
}

func TestSignInLocksTheAddressAcrossAccounts(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		f.user(t, "victim", CityCoordinator)
		// Five wrong guesses from one address at five logins (most do not exist).
		for i, login := range []string{"a1", "b2", "c3", "victim", "d4"} {
			_, _, err := f.s.SignIn(ctx, login, "Guess-Guess-123", "", "203.0.113.9", "", SessionAPI)
			want := apperr.KindUnauthorized
			if i == 4 {
				want = apperr.KindLocked
			}
			if kindOf(err) != want {
				t.Fatalf("guess %d: %v", i+1, err)
			}
		}
		if _, _, err := f.s.SignIn(ctx, "victim", goodPassword, "", "203.0.113.9", "", SessionAPI); kindOf(err) != apperr.KindLocked {
			t.Fatalf("locked address with the right password: %v", err)
		}
		// The account itself had one failure, so from elsewhere it still works.
		if _, _, err := f.s.SignIn(ctx, "victim", goodPassword, "", "198.51.100.1", "", SessionAPI); err != nil {
			t.Fatalf("other address: %v", err)
		}
		// A success elsewhere does not clear the address.
		if _, _, err := f.s.SignIn(ctx, "victim", goodPassword, "", "203.0.113.9", "", SessionAPI); kindOf(err) != apperr.KindLocked {
			t.Fatalf("address lock lifted by another address's success: %v", err)
		}
		f.clock.advance(LockDuration)
		if _, _, err := f.s.SignIn(ctx, "victim", goodPassword, "", "203.0.113.9", "", SessionAPI); err != nil {
			t.Fatalf("after the lock: %v", err)
		}
	})
}

func TestSessionsExpireWhenIdleAndAtTheirAbsoluteEnd(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		f.user(t, "li.na", EnterpriseMember)
		auth := func(token string) *Principal {
			t.Helper()
			r := httptest.NewRequest("GET", "/console", nil)
			r.AddCookie(&http.Cookie{Name: CookieName, Value: token})
			w := httptest.NewRecorder()
			p, err := f.s.Authenticate(w, r)
			if err != nil {
				t.Fatal(err)
			}
			if p == nil && !strings.Contains(w.Header().Get("Set-Cookie"), "Max-Age=0") {
				t.Error("a stale cookie is not cleared")
			}
			return p
		}
		token, p, err := f.s.SignIn(ctx, "li.na", goodPassword, "", "10.0.0.1", "Firefox", SessionWeb)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(token, "chs_") || p.SessionID == 0 || p.EnterpriseID != f.enterprise {
			t.Fatalf("token %q principal %+v", token, p)
		}
		var stored string
		if err := f.d.QueryRow(ctx, `SELECT token_hash FROM session WHERE id = $1`, p.SessionID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored == token || len(stored) != 64 {
			t.Fatalf("session token stored as %q", stored)
		}
		lastSeen := func() time.Time {
			var at time.Time
			if err := f.d.QueryRow(ctx, `SELECT last_seen_at FROM session WHERE id = $1`, p.SessionID).Scan(&at); err != nil {
				t.Fatal(err)
			}
			return at
		}
		// Activity every 25 minutes keeps the session alive well past 30 minutes.
		start := f.clock.t
		for range 4 {
			f.clock.advance(25 * time.Minute)
			if auth(token) == nil {
				t.Fatalf("active session dropped at %v", f.clock.t.Sub(start))
			}
		}
		f.clock.advance(30 * time.Second)
		auth(token)
		if got := lastSeen(); !got.Equal(start.Add(100 * time.Minute)) {
			t.Errorf("last_seen written again within a minute: %v", got.Sub(start))
		}
		f.clock.advance(30 * time.Minute)
		if auth(token) != nil {
			t.Fatal("session survived 30 minutes idle")
		}
		var n int
		if err := f.d.QueryRow(ctx, `SELECT count(*) FROM session`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("expired session left in the table: %d %v", n, err)
		}
		// Absolute lifetime: active every 20 minutes, still ends at 12 hours.
		token, _, err = f.s.SignIn(ctx, "li.na", goodPassword, "", "10.0.0.1", "Firefox", SessionWeb)
		if err != nil {
			t.Fatal(err)
		}
		start = f.clock.t
		for f.clock.t.Sub(start) < 12*time.Hour-20*time.Minute {
			f.clock.advance(20 * time.Minute)
			if auth(token) == nil {
				t.Fatalf("dropped at %v", f.clock.t.Sub(start))
			}
		}
		f.clock.advance(20 * time.Minute)
		if auth(token) != nil {
			t.Fatal("session outlived its absolute lifetime")
		}
	})
}

func TestBearerCredentials(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.user(t, "dev.ops", ProviderAdmin)
		other := f.user(t, "someone.else", ProviderMember)
		call := func(path, header string) (*Principal, error) {
			r := httptest.NewRequest("GET", path, nil)
			if header != "" {
				r.Header.Set("Authorization", header)
			}
			return f.s.Authenticate(httptest.NewRecorder(), r)
		}
		tok, err := f.s.CreateAPIToken(ctx, id, "  nightly export ")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(tok, "cht_") {
			t.Fatalf("token %q", tok)
		}
		p, err := call("/api/v1/me", "Bearer "+tok)
		if err != nil || p == nil || p.UserID != id || p.TokenID == 0 || p.SessionID != 0 || p.ProviderID != f.provider {
			t.Fatalf("token principal %+v, %v", p, err)
		}
		apiSession, _, err := f.s.SignIn(ctx, "dev.ops", goodPassword, "", "10.0.0.1", "curl", SessionAPI)
		if err != nil {
			t.Fatal(err)
		}
		webSession, _, err := f.s.SignIn(ctx, "dev.ops", goodPassword, "", "10.0.0.1", "Firefox", SessionWeb)
		if err != nil {
			t.Fatal(err)
		}
		if p, err := call("/api/v1/me", "bearer "+apiSession); err != nil || p == nil || p.SessionID == 0 {
			t.Fatalf("API session as Bearer: %+v %v", p, err)
		}
		for _, tc := range []struct{ name, header string }{
			{"unknown token", "Bearer cht_nothing"},
			{"unknown session", "Bearer chs_nothing"},
			{"no prefix", "Bearer " + strings.TrimPrefix(tok, "cht_")},
			{"basic auth", "Basic ZGV2Lm9wczpwdw=="},
			{"web session as Bearer", "Bearer " + webSession},
		} {
			if _, err := call("/api/v1/me", tc.header); !errors.Is(err, apperr.ErrUnauthorized) {
				t.Errorf("%s on /api: %v, want unauthorized", tc.name, err)
			}
			if p, err := call("/console", tc.header); p != nil || err != nil {
				t.Errorf("%s on a page: %+v %v, want anonymous", tc.name, p, err)
			}
		}
		list, err := f.s.ListAPITokens(ctx, id)
		if err != nil || len(list) != 1 || list[0].Name != "nightly export" || list[0].Hint != tok[:8] || list[0].LastUsedAt == nil {
			t.Fatalf("list = %+v, %v", list, err)
		}
		if err := f.s.RevokeAPIToken(ctx, other, list[0].ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("revoke another user's token: %v", err)
		}
		if err := f.s.RevokeAPIToken(ctx, id, list[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.RevokeAPIToken(ctx, id, list[0].ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("revoke twice: %v", err)
		}
		if _, err := call("/api/v1/me", "Bearer "+tok); !errors.Is(err, apperr.ErrUnauthorized) {
			t.Fatalf("revoked token: %v", err)
		}
		if list, _ := f.s.ListAPITokens(ctx, id); len(list) != 0 {
			t.Fatalf("revoked token still listed: %+v", list)
		}
		for _, name := range []string{"", "   ", strings.Repeat("名", MaxTokenName+1)} {
			if _, err := f.s.CreateAPIToken(ctx, id, name); kindOf(err) != apperr.KindInvalid {
				t.Errorf("token name %q: %v", name, err)
			}
		}
		for i := range MaxTokensPerUser {
			if _, err := f.s.CreateAPIToken(ctx, id, "t"+itoa(int64(i))); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.s.CreateAPIToken(ctx, id, "one too many"); strings.Join(fieldKeys(err), "") != "name:auth.token.too_many" {
			t.Fatalf("token %d: %v", MaxTokensPerUser+1, err)
		}
		// Disabling the user stops its tokens and ends its sessions.
		tok2, _ := f.s.CreateAPIToken(ctx, other, "x")
		if err := f.s.SetDisabled(ctx, id, true); err != nil {
			t.Fatal(err)
		}
		if _, err := call("/api/v1/me", "Bearer "+apiSession); !errors.Is(err, apperr.ErrUnauthorized) {
			t.Fatalf("session of a disabled user: %v", err)
		}
		if p, err := call("/api/v1/me", "Bearer "+tok2); err != nil || p == nil {
			t.Fatalf("another user's token stopped too: %v", err)
		}
		if _, err := f.s.CreateAPIToken(ctx, id, "while disabled"); kindOf(err) != apperr.KindConflict {
			t.Fatalf("token for a disabled user: %v", err)
		}
		if _, _, err := f.s.SignIn(ctx, "dev.ops", goodPassword, "", "10.0.0.1", "", SessionAPI); kindOf(err) != apperr.KindForbidden {
			t.Fatalf("disabled sign-in: %v", err)
		}
		if _, _, err := f.s.SignIn(ctx, "dev.ops", "wrong", "", "10.0.0.1", "", SessionAPI); kindOf(err) != apperr.KindUnauthorized {
			t.Fatalf("disabled account with a wrong password must look like any failure: %v", err)
		}
	})
}

func TestTOTPEnrolmentAndSignIn(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		admin := f.user(t, "root.admin", SystemAdmin)
		member := f.user(t, "member", EnterpriseMember)
		staff := f.user(t, "staff.one", PointStaff)
		// An admin without a second factor signs in, but only to enrol.
		_, p, err := f.s.SignIn(ctx, "root.admin", goodPassword, "", "10.0.0.1", "", SessionWeb)
		if err != nil || !p.MustEnrolTOTP {
			t.Fatalf("admin without TOTP: %+v %v", p, err)
		}
		if _, err := f.s.EnrolTOTP(ctx, member); kindOf(err) != apperr.KindForbidden {
			t.Fatalf("enterprise member enrolling: %v", err)
		}
		if err := f.s.ConfirmTOTP(ctx, admin, "123456"); strings.Join(fieldKeys(err), "") != "code:auth.totp.not_started" {
			t.Fatalf("confirm before enrol: %v", err)
		}
		e, err := f.s.EnrolTOTP(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(e.URI, "otpauth://totp/chuhai:root.admin?") || !strings.Contains(e.URI, "secret="+e.Secret) {
			t.Fatalf("enrolment %+v", e)
		}
		if pe, ok, err := f.s.PendingTOTP(ctx, admin); !ok || err != nil || pe != e {
			t.Fatalf("pending = %+v %v %v, want %+v", pe, ok, err, e)
		}
		// Until confirmed, the factor is not asked for.
		if _, p, err := f.s.SignIn(ctx, "root.admin", goodPassword, "", "10.0.0.1", "", SessionWeb); err != nil || !p.MustEnrolTOTP {
			t.Fatalf("pending factor: %+v %v", p, err)
		}
		code := func() string {
			c, err := totp.GenerateCodeCustom(e.Secret, f.clock.t, totpOpts)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		if err := f.s.ConfirmTOTP(ctx, admin, "000000"); strings.Join(fieldKeys(err), "") != "code:auth.totp.wrong_code" && code() != "000000" {
			t.Fatalf("wrong confirm code: %v", err)
		}
		if err := f.s.ConfirmTOTP(ctx, admin, code()); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := f.s.PendingTOTP(ctx, admin); ok {
			t.Fatal("still pending after confirmation")
		}
		if _, err := f.s.EnrolTOTP(ctx, admin); kindOf(err) != apperr.KindConflict {
			t.Fatalf("enrol twice: %v", err)
		}
		// The code used to confirm cannot sign in within the same step.
		if _, _, err := f.s.SignIn(ctx, "root.admin", goodPassword, code(), "10.0.0.1", "", SessionWeb); strings.Join(fieldKeys(err), "") != "totp:auth.totp.reused" {
			t.Fatalf("replayed code: %v", err)
		}
		f.clock.advance(30 * time.Second)
		if _, _, err := f.s.SignIn(ctx, "root.admin", goodPassword, "", "10.0.0.1", "", SessionWeb); strings.Join(fieldKeys(err), "") != "totp:auth.totp.required" {
			t.Fatalf("no code: %v", err)
		}
		c := code()
		_, p, err = f.s.SignIn(ctx, "root.admin", goodPassword, c, "10.0.0.1", "", SessionWeb)
		if err != nil || p.MustEnrolTOTP || !p.TOTPEnabled {
			t.Fatalf("with code: %+v %v", p, err)
		}
		if _, _, err := f.s.SignIn(ctx, "root.admin", goodPassword, c, "10.0.0.2", "", SessionWeb); strings.Join(fieldKeys(err), "") != "totp:auth.totp.reused" {
			t.Fatalf("same code twice: %v", err)
		}
		if n := f.auditCount(t, "auth.signin.failure"); n != 2 {
			t.Fatalf("%d failures audited, want 2 (two replays; a missing code is not a failure)", n)
		}
		// The wrong password still fails before any code is asked for.
		if _, _, err := f.s.SignIn(ctx, "root.admin", "Wrong-Password-1", "", "10.0.0.1", "", SessionWeb); kindOf(err) != apperr.KindUnauthorized {
			t.Fatalf("wrong password: %v", err)
		}
		if err := f.s.DisableTOTP(ctx, admin, code()); kindOf(err) != apperr.KindForbidden {
			t.Fatalf("admin disabling the factor: %v", err)
		}
		// Other staff may turn it off again with a code.
		se, err := f.s.EnrolTOTP(ctx, staff)
		if err != nil {
			t.Fatal(err)
		}
		sc, _ := totp.GenerateCodeCustom(se.Secret, f.clock.t, totpOpts)
		if err := f.s.ConfirmTOTP(ctx, staff, sc); err != nil {
			t.Fatal(err)
		}
		if got, pending, err := f.s.CurrentTOTPCode(ctx, "STAFF.ONE"); err != nil || got != sc || pending {
			t.Fatalf("current code %q %v %v, want %q", got, pending, err, sc)
		}
		f.clock.advance(30 * time.Second)
		sc, _ = totp.GenerateCodeCustom(se.Secret, f.clock.t, totpOpts)
		if err := f.s.DisableTOTP(ctx, staff, sc); err != nil {
			t.Fatal(err)
		}
		if _, p, err := f.s.SignIn(ctx, "staff.one", goodPassword, "", "10.0.0.3", "", SessionWeb); err != nil || p.TOTPEnabled {
			t.Fatalf("after disabling: %+v %v", p, err)
		}
		if _, _, err := f.s.CurrentTOTPCode(ctx, "member"); kindOf(err) != apperr.KindConflict {
			t.Fatalf("code for a user without a factor: %v", err)
		}
	})
}

func TestSetDisabledGuardsAdmins(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		a1 := f.user(t, "admin.one", SystemAdmin)
		a2 := f.user(t, "admin.two", SystemAdmin)
		asA1 := WithPrincipal(ctx, &Principal{UserID: a1, Role: SystemAdmin})
		if err := f.s.SetDisabled(asA1, a1, true); kindOf(err) != apperr.KindConflict {
			t.Fatalf("disable self: %v", err)
		}
		if err := f.s.SetDisabled(asA1, a2, true); err != nil {
			t.Fatal(err)
		}
		if err := f.s.SetDisabled(ctx, a1, true); kindOf(err) != apperr.KindConflict {
			t.Fatalf("disable the last admin: %v", err)
		}
		if err := f.s.SetDisabled(asA1, a2, false); err != nil {
			t.Fatal(err)
		}
		if err := f.s.SetDisabled(asA1, 9999, true); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("unknown user: %v", err)
		}
		if n, m := f.auditCount(t, "auth.user.disable"), f.auditCount(t, "auth.user.enable"); n != 1 || m != 1 {
			t.Fatalf("audit: %d disable, %d enable", n, m)
		}
	})
}

func TestChangePassword(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := audit.WithMeta(context.Background(), audit.Meta{ClientIP: "10.1.1.1"})
		id := f.user(t, "zhao.lei", PointLead)
		_, keep, err := f.s.SignIn(ctx, "zhao.lei", goodPassword, "", "10.1.1.1", "", SessionWeb)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.s.SignIn(ctx, "zhao.lei", goodPassword, "", "10.1.1.2", "", SessionAPI); err != nil {
			t.Fatal(err)
		}
		asUser := WithPrincipal(ctx, keep)
		for _, tc := range []struct{ current, next, want string }{
			{"", "New-Password-2026", "current_password:error.required"},
			{"wrong", "New-Password-2026", "current_password:auth.password.wrong_current"},
			{goodPassword, "short", "new_password:auth.password.too_short,new_password:auth.password.classes"},
			{goodPassword, goodPassword, "new_password:auth.password.same"},
			{goodPassword, "Zhao.Lei-2026-new", "new_password:auth.password.contains_login"},
		} {
			if got := strings.Join(fieldKeys(f.s.ChangePassword(asUser, id, tc.current, tc.next)), ","); got != tc.want {
				t.Errorf("%q → %q: got %q, want %q", tc.current, tc.next, got, tc.want)
			}
		}
		f.clock.advance(time.Hour)
		if err := f.s.ChangePassword(asUser, id, goodPassword, "New-Password-2026"); err != nil {
			t.Fatal(err)
		}
		var sessions []int64
		rows, err := f.d.Query(ctx, `SELECT id FROM session WHERE user_id = $1`, id)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var sid int64
			_ = rows.Scan(&sid)
			sessions = append(sessions, sid)
		}
		rows.Close()
		if len(sessions) != 1 || sessions[0] != keep.SessionID {
			t.Fatalf("sessions after change %v, want only %d", sessions, keep.SessionID)
		}
		u, _ := f.s.UserByID(ctx, id)
		if !u.PasswordChangedAt.Equal(f.clock.t) {
			t.Errorf("password_changed_at %v", u.PasswordChangedAt)
		}
		if _, _, err := f.s.SignIn(ctx, "zhao.lei", "New-Password-2026", "", "10.1.1.3", "", SessionAPI); err != nil {
			t.Fatalf("new password: %v", err)
		}
		// Wrong current passwords count toward the lock.
		for i := range MaxFailures {
			err := f.s.ChangePassword(asUser, id, "wrong", "Another-Password-1")
			if want := apperr.KindInvalid; i == MaxFailures-1 && kindOf(err) != apperr.KindLocked || i < MaxFailures-1 && kindOf(err) != want {
				t.Fatalf("wrong current %d: %v", i+1, err)
			}
		}
		if err := f.s.ChangePassword(asUser, id, "New-Password-2026", "Another-Password-1"); kindOf(err) != apperr.KindLocked {
			t.Fatalf("right current password while locked: %v", err)
		}
	})
}

func TestListUsersFiltersAndPages(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		for _, l := range []string{"a.staff", "b.staff", "c.staff"} {
			f.user(t, l, PointStaff)
		}
		f.user(t, "d.coord", CityCoordinator)
		id := f.user(t, "e_under", EnterpriseAdmin)
		if err := f.s.SetDisabled(ctx, id, true); err != nil {
			t.Fatal(err)
		}
		list := func(filter UserFilter, page Page) ([]string, int) {
			t.Helper()
			us, total, err := f.s.ListUsers(ctx, filter, page)
			if err != nil {
				t.Fatal(err)
			}
			var logins []string
			for _, u := range us {
				logins = append(logins, u.Login)
			}
			return logins, total
		}
		for _, tc := range []struct {
			name   string
			filter UserFilter
			page   Page
			want   string
			total  int
		}{
			{"all, first page", UserFilter{}, Page{Limit: 2}, "a.staff,b.staff", 5},
			{"all, last page", UserFilter{}, Page{Limit: 2, Offset: 4}, "e_under", 5},
			{"by role", UserFilter{Role: PointStaff}, Page{}, "a.staff,b.staff,c.staff", 3},
			{"by text", UserFilter{Query: "STAFF"}, Page{}, "a.staff,b.staff,c.staff", 3},
			{"underscore is literal", UserFilter{Query: "_"}, Page{}, "e_under", 1},
			{"percent is literal", UserFilter{Query: "%"}, Page{}, "", 0},
			{"disabled", UserFilter{Status: "disabled"}, Page{}, "e_under", 1},
			{"active at the point", UserFilter{Status: "active", PointID: f.point}, Page{}, "a.staff,b.staff,c.staff", 3},
		} {
			got, total := list(tc.filter, tc.page)
			if strings.Join(got, ",") != tc.want || total != tc.total {
				t.Errorf("%s: %v (%d), want %s (%d)", tc.name, got, total, tc.want, tc.total)
			}
		}
		if _, _, err := f.s.ListUsers(ctx, UserFilter{Role: "x", Status: "gone"}, Page{}); strings.Join(fieldKeys(err), ",") != "role:error.bad_choice,status:error.bad_choice" {
			t.Fatalf("bad filter: %v", err)
		}
	})
}

// TestListUsersOfOneTeam: an enterprise's or provider's administrator manages its own accounts, so
// the list narrows to one enterprise or one provider, never showing another's.
func TestListUsersOfOneTeam(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		var otherEnt, otherProv int64
		err := f.d.InTx(ctx, func(tx *db.Tx) error {
			now := time.Now()
			if err := tx.QueryRow(ctx, `INSERT INTO enterprise (uscc, name_zh, home_district, created_at, updated_at)
				VALUES ('91310000MA1FL4B25K', '另一家有限公司', '310104', $1, $1) RETURNING id`, now).Scan(&otherEnt); err != nil {
				return err
			}
			return tx.QueryRow(ctx, `INSERT INTO provider (name_zh, created_at, updated_at) VALUES ('另一家律所', $1, $1) RETURNING id`,
				now).Scan(&otherProv)
		})
		if err != nil {
			t.Fatal(err)
		}
		f.user(t, "ent.admin", EnterpriseAdmin)
		f.user(t, "ent.member", EnterpriseMember)
		f.user(t, "prov.admin", ProviderAdmin)
		f.user(t, "staff", PointStaff)
		for _, u := range []NewUser{
			{Login: "other.ent", Role: EnterpriseAdmin, EnterpriseID: otherEnt},
			{Login: "other.prov", Role: ProviderMember, ProviderID: otherProv},
		} {
			u.Password = goodPassword
			if _, err := f.s.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			name   string
			filter UserFilter
			want   string
		}{
			{"the enterprise's", UserFilter{EnterpriseID: f.enterprise}, "ent.admin,ent.member"},
			{"its admins", UserFilter{EnterpriseID: f.enterprise, Role: EnterpriseAdmin}, "ent.admin"},
			{"another enterprise's", UserFilter{EnterpriseID: otherEnt}, "other.ent"},
			{"the provider's", UserFilter{ProviderID: f.provider}, "prov.admin"},
			{"another provider's", UserFilter{ProviderID: otherProv}, "other.prov"},
			{"no such enterprise", UserFilter{EnterpriseID: otherEnt + 1000}, ""},
		} {
			us, total, err := f.s.ListUsers(ctx, tc.filter, Page{})
			if err != nil {
				t.Fatal(err)
			}
			var logins []string
			for _, u := range us {
				logins = append(logins, u.Login)
			}
			if got := strings.Join(logins, ","); got != tc.want || total != len(us) {
				t.Errorf("%s: %s (%d), want %s", tc.name, got, total, tc.want)
			}
		}
	})
}

func TestSetLanguage(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.user(t, "lang.user", ProviderMember)
		if err := f.s.SetLanguage(ctx, id, "EN"); err != nil {
			t.Fatal(err)
		}
		if u, _ := f.s.UserByID(ctx, id); u.Lang != "en" {
			t.Fatalf("lang %q", u.Lang)
		}
		if err := f.s.SetLanguage(ctx, id, "klingon"); strings.Join(fieldKeys(err), "") != "lang:error.bad_choice" {
			t.Fatalf("bad language: %v", err)
		}
		if err := f.s.SetLanguage(ctx, 9999, "en"); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("unknown user: %v", err)
		}
	})
}

func TestOperatorResets(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		id := f.user(t, "lost.phone", SystemAdmin)
		e, err := f.s.EnrolTOTP(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		code, _ := totp.GenerateCodeCustom(e.Secret, f.clock.t, totpOpts)
		if err := f.s.ConfirmTOTP(ctx, id, code); err != nil {
			t.Fatal(err)
		}
		f.clock.advance(time.Minute)
		code, _ = totp.GenerateCodeCustom(e.Secret, f.clock.t, totpOpts)
		if _, _, err := f.s.SignIn(ctx, "lost.phone", goodPassword, code, "10.0.0.1", "", SessionWeb); err != nil {
			t.Fatal(err)
		}
		if err := f.s.ResetPassword(ctx, id, "lost"); strings.Join(fieldKeys(err), ",") != "password:auth.password.too_short,password:auth.password.classes" {
			t.Fatalf("weak reset: %v", err)
		}
		if err := f.s.ResetPassword(ctx, id, "Brand-New-Pass-9"); err != nil {
			t.Fatal(err)
		}
		if err := f.s.ResetTOTP(ctx, id); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := f.d.QueryRow(ctx, `SELECT count(*) FROM session WHERE user_id = $1`, id).Scan(&n); err != nil || n != 0 {
			t.Fatalf("%d sessions survive the resets", n)
		}
		if _, _, err := f.s.SignIn(ctx, "lost.phone", goodPassword, "", "10.0.0.1", "", SessionWeb); kindOf(err) != apperr.KindUnauthorized {
			t.Fatalf("old password: %v", err)
		}
		_, p, err := f.s.SignIn(ctx, "lost.phone", "Brand-New-Pass-9", "", "10.0.0.1", "", SessionWeb)
		if err != nil || !p.MustEnrolTOTP {
			t.Fatalf("after resets: %+v %v", p, err)
		}
		if f.auditCount(t, "auth.password.reset") != 1 || f.auditCount(t, "auth.totp.reset") != 1 {
			t.Fatal("resets not audited")
		}
		if err := f.s.ResetTOTP(ctx, 9999); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("unknown user: %v", err)
		}
	})
}
