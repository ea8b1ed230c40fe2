package auth

import (
	"strings"
	"testing"

	"chuhai/internal/apperr"
)

func fieldKeys(err error) []string {
	e, ok := apperr.As(err)
	if !ok {
		return nil
	}
	var keys []string
	for _, f := range e.Fields {
		keys = append(keys, f.Name+":"+f.Key)
	}
	return keys
}

func TestPasswordPolicy(t *testing.T) {
	for _, tc := range []struct {
		name, password, login string
		want                  []string // field:key, in order; none for a good password
	}{
		{"three classes and long enough", "harbour-lights-2026", "wang.li", nil},
		{"four classes", goodPassword, "wang.li", nil},
		{"upper lower digit", "HarbourLights2026", "wang.li", nil},
		{"Chinese characters count as the fourth class", "上海出海服务platform2026", "wang.li", nil},
		{"exactly twelve", "Abcdefghij12", "wang.li", nil},
		{"empty", "", "wang.li", []string{"password:error.required"}},
		{"eleven characters", "Abcdefghi12", "wang.li", []string{"password:auth.password.too_short"}},
		{"length counts characters not bytes", "出海出海出海出海出Ab", "wang.li", []string{"password:auth.password.too_short"}},
		{"two classes", "harbourlights2026", "wang.li", []string{"password:auth.password.classes"}},
		{"one class", "harbourlightsatnight", "wang.li", []string{"password:auth.password.classes"}},
		{"short and simple", "abc", "wang.li", []string{"password:auth.password.too_short", "password:auth.password.classes"}},
		{"contains the login", "Wang.Li-2026-harbour", "wang.li", []string{"password:auth.password.contains_login"}},
		{"contains the login in another case", "xxWANG.LIxx2026", "wang.li", []string{"password:auth.password.contains_login"}},
		{"no login to compare", "Harbour-Lights-2026", "", nil},
		{"too long", "Aa1-" + strings.Repeat("x", MaxPasswordLength), "wang.li", []string{"password:error.too_long"}},
		{"not UTF-8", "Harbour-\xff-Lights-2026", "wang.li", []string{"password:auth.password.invalid_text"}},
	} {
		got := fieldKeys(ValidatePassword("password", tc.password, tc.login))
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestArgon2idRoundTripInPHCFormat(t *testing.T) {
	h, err := hashPassword(goodPassword, defaultArgon)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Count(h, "$") != 5 {
		t.Fatalf("not a PHC argon2id string: %s", h)
	}
	ok, stale, err := verifyPassword(goodPassword, h, defaultArgon)
	if err != nil || !ok || stale {
		t.Fatalf("verify own hash = %v, stale %v, %v", ok, stale, err)
	}
	if ok, _, _ := verifyPassword(goodPassword+"x", h, defaultArgon); ok {
		t.Fatal("a different password verified")
	}
	h2, _ := hashPassword(goodPassword, defaultArgon)
	if h2 == h {
		t.Fatal("two hashes of one password are equal: the salt is not per hash")
	}
	// A hash made with other costs still verifies, and is reported stale so sign-in rehashes it.
	cheap, _ := hashPassword(goodPassword, cheapArgon)
	if ok, stale, err := verifyPassword(goodPassword, cheap, defaultArgon); !ok || !stale || err != nil {
		t.Fatalf("cheap hash: ok %v stale %v err %v", ok, stale, err)
	}
	for _, bad := range []string{
		"",
		"plain",
		"$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=18$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=64,t=1,p=1$!!!$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$short",
		strings.Replace(h, "$argon2id$", "$argon2id$$", 1),
	} {
		if ok, _, err := verifyPassword(goodPassword, bad, defaultArgon); ok || err == nil {
			t.Errorf("malformed hash %q: ok %v err %v", bad, ok, err)
		}
	}
}
