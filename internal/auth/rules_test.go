package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"chuhai/internal/apperr"
)

func TestTOTPAcceptsOneStepEitherSide(t *testing.T) {
	const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	at := time.Date(2026, 3, 2, 9, 0, 15, 0, time.UTC) // mid-step
	code, err := totp.GenerateCodeCustom(secret, at, totpOpts)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		offset time.Duration
		ok     bool
	}{
		{"same step", 0, true},
		{"end of the same step", 14 * time.Second, true},
		{"next step (their clock is behind)", 30 * time.Second, true},
		{"previous step (they were slow)", -30 * time.Second, true},
		{"two steps later", 60 * time.Second, false},
		{"two steps earlier", -60 * time.Second, false},
		{"ten minutes later", 10 * time.Minute, false},
	} {
		step, ok := matchTOTP(secret, code, at.Add(tc.offset))
		if ok != tc.ok {
			t.Errorf("%s: ok = %v, want %v", tc.name, ok, tc.ok)
		}
		if ok && step != totpStep(at) {
			t.Errorf("%s: matched step %d, want the code's own step %d", tc.name, step, totpStep(at))
		}
	}
	spaced := code[:3] + " " + code[3:]
	if _, ok := matchTOTP(secret, spaced, at); !ok {
		t.Error("a code typed as two groups of three is refused")
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef", "12345x"} {
		if _, ok := matchTOTP(secret, bad, at); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	for code, want := range map[string]string{"": "error.required", "12": "auth.totp.format", "abcdef": "auth.totp.format", "123456": "auth.totp.wrong_code"} {
		if got := codeProblem(code); got != want {
			t.Errorf("codeProblem(%q) = %s, want %s", code, got, want)
		}
	}
}

func TestSessionIdleAndAbsoluteExpiry(t *testing.T) {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	idle, lifetime := 30*time.Minute, 12*time.Hour
	expires := start.Add(lifetime)
	for _, tc := range []struct {
		name          string
		lastSeen, now time.Time
		live          bool
	}{
		{"just signed in", start, start, true},
		{"29 minutes idle", start, start.Add(29 * time.Minute), true},
		{"30 minutes idle", start, start.Add(30 * time.Minute), false},
		{"active all day, within the lifetime", start.Add(11*time.Hour + 50*time.Minute), start.Add(11*time.Hour + 59*time.Minute), true},
		{"active all day, at the absolute end", start.Add(11*time.Hour + 59*time.Minute), start.Add(12 * time.Hour), false},
		{"active, past the absolute end", start.Add(12*time.Hour + time.Minute), start.Add(12*time.Hour + 2*time.Minute), false},
	} {
		if got := sessionLive(tc.now, tc.lastSeen, expires, idle); got != tc.live {
			t.Errorf("%s: live = %v, want %v", tc.name, got, tc.live)
		}
	}
}

func TestJurisdiction(t *testing.T) {
	const own, other = 7, 8
	for _, tc := range []struct {
		p                           *Principal
		point, enterprise, provider bool // may act for id `own`
		otherPoint                  bool
	}{
		{nil, false, false, false, false},
		{&Principal{Role: PointStaff, PointID: own}, true, false, false, false},
		{&Principal{Role: PointLead, PointID: own}, true, false, false, false},
		{&Principal{Role: CityCoordinator}, true, true, true, true},
		{&Principal{Role: SystemAdmin}, true, true, true, true},
		{&Principal{Role: EnterpriseMember, EnterpriseID: own}, false, true, false, false},
		{&Principal{Role: EnterpriseAdmin, EnterpriseID: own}, false, true, false, false},
		{&Principal{Role: ProviderMember, ProviderID: own}, false, false, true, false},
		{&Principal{Role: ProviderAdmin, ProviderID: own}, false, false, true, false},
		// A stray id on a role that does not use it grants nothing.
		{&Principal{Role: EnterpriseMember, EnterpriseID: other, PointID: own, ProviderID: own}, false, false, false, false},
	} {
		name := "anonymous"
		if tc.p != nil {
			name = string(tc.p.Role)
		}
		if got := tc.p.CanActForPoint(own); got != tc.point {
			t.Errorf("%s CanActForPoint = %v", name, got)
		}
		if got := tc.p.CanActForPoint(other); got != tc.otherPoint {
			t.Errorf("%s CanActForPoint(other) = %v", name, got)
		}
		if got := tc.p.CanActForEnterprise(own); got != tc.enterprise {
			t.Errorf("%s CanActForEnterprise = %v", name, got)
		}
		if got := tc.p.CanActForProvider(own); got != tc.provider {
			t.Errorf("%s CanActForProvider = %v", name, got)
		}
		if tc.p.CanActForPoint(0) || tc.p.CanActForEnterprise(0) || tc.p.CanActForProvider(-1) {
			t.Errorf("%s may act for a non-existent id", name)
		}
	}
}

func TestEachRoleNeedsItsOwnAffiliation(t *testing.T) {
	for _, tc := range []struct {
		role             Role
		point, ent, prov int64
		want             string
	}{
		{PointStaff, 1, 0, 0, ""},
		{PointLead, 0, 0, 0, "point_id:auth.user.point_required"},
		{PointStaff, 1, 2, 0, "enterprise_id:auth.user.scope_not_allowed"},
		{EnterpriseMember, 0, 2, 0, ""},
		{EnterpriseAdmin, 0, 0, 0, "enterprise_id:auth.user.enterprise_required"},
		{EnterpriseAdmin, 1, 2, 0, "point_id:auth.user.scope_not_allowed"},
		{ProviderMember, 0, 0, 3, ""},
		{ProviderAdmin, 0, 0, 0, "provider_id:auth.user.provider_required"},
		{CityCoordinator, 0, 0, 0, ""},
		{SystemAdmin, 1, 0, 0, "point_id:auth.user.scope_not_allowed"},
		{SystemAdmin, 0, 0, -1, "provider_id:auth.user.scope_not_allowed"},
	} {
		var v apperr.Validator
		ValidateScope(&v, tc.role, tc.point, tc.ent, tc.prov)
		if got := strings.Join(fieldKeys(v.Err()), ","); got != tc.want {
			t.Errorf("%s %d/%d/%d: got %q, want %q", tc.role, tc.point, tc.ent, tc.prov, got, tc.want)
		}
	}
}

func TestLoginFormat(t *testing.T) {
	for login, want := range map[string]string{
		"wang.li":               "",
		"li@example.cn":         "",
		"ops-01":                "",
		"ab":                    "login:auth.login.too_short",
		"":                      "login:error.required",
		".dot":                  "login:auth.login.format",
		"with space":            "login:auth.login.format",
		"王丽":                    "login:auth.login.too_short",
		"王丽丽":                   "login:auth.login.format",
		strings.Repeat("a", 65): "login:error.too_long",
	} {
		var v apperr.Validator
		validateLogin(&v, "login", login)
		if got := strings.Join(fieldKeys(v.Err()), ","); got != want {
			t.Errorf("%q: got %q, want %q", login, got, want)
		}
	}
}
