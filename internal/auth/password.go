package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"chuhai/internal/apperr"
)

// Password rules (MLPS 2.0 level 3 asks for complexity; these follow NIST SP 800-63B on length).
const (
	MinPasswordLength  = 12
	MaxPasswordLength  = 128 // characters; argon2 accepts more, but nobody types more and it bounds the work
	MinPasswordClasses = 3
)

// ValidatePassword checks a new password against the policy: at least 12 characters, at least three
// of lower case, upper case, digits and other characters (symbols, spaces, Chinese characters), and
// not containing the login. field names the form field the messages attach to.
func ValidatePassword(field, password, login string) error {
	var v apperr.Validator
	n := utf8.RuneCountInString(password)
	switch {
	case password == "":
		v.Add(field, "error.required")
	case !utf8.ValidString(password):
		v.Add(field, "auth.password.invalid_text")
	case n < MinPasswordLength:
		v.Add(field, "auth.password.too_short", "Min", MinPasswordLength)
	case n > MaxPasswordLength:
		v.Add(field, "error.too_long", "Max", MaxPasswordLength)
	}
	if password != "" && passwordClasses(password) < MinPasswordClasses {
		v.Add(field, "auth.password.classes", "Min", MinPasswordClasses)
	}
	if l := strings.ToLower(strings.TrimSpace(login)); l != "" && strings.Contains(strings.ToLower(password), l) {
		v.Add(field, "auth.password.contains_login")
	}
	return v.Err()
}

// passwordClasses counts how many of the four character classes s uses.
func passwordClasses(s string) int {
	var lower, upper, digit, other bool
	for _, r := range s {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	n := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			n++
		}
	}
	return n
}

// argonParams are argon2id's cost settings. The defaults are OWASP's recommendation for argon2id
// (19 MiB, 2 passes, 1 lane); they are written into every hash, so raising them later only makes new
// hashes dearer, and sign-in rehashes old ones.
type argonParams struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	KeyLen  uint32
	SaltLen int
}

var defaultArgon = argonParams{Memory: 19 * 1024, Time: 2, Threads: 1, KeyLen: 32, SaltLen: 16}

// hashPassword returns the PHC string of password with a fresh random salt:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>, both base64 without padding.
func hashPassword(password string, p argonParams) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("malformed password hash")

// parseHash reads a PHC argon2id string. Costs are bounded so that a tampered row cannot make a
// sign-in take minutes.
func parseHash(encoded string) (argonParams, []byte, []byte, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return argonParams{}, nil, nil, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return argonParams{}, nil, nil, errBadHash
	}
	var p argonParams
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return argonParams{}, nil, nil, errBadHash
	}
	if p.Memory < 8 || p.Memory > 1<<20 || p.Time < 1 || p.Time > 16 || p.Threads < 1 || p.Threads > 16 {
		return argonParams{}, nil, nil, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return argonParams{}, nil, nil, errBadHash
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 64 {
		return argonParams{}, nil, nil, errBadHash
	}
	p.KeyLen, p.SaltLen = uint32(len(key)), len(salt)
	return p, salt, key, nil
}

// verifyPassword reports whether password matches the PHC string, comparing in constant time, and
// whether the hash was made with other costs than want (so the caller can rehash it).
func verifyPassword(password, encoded string, want argonParams) (ok, stale bool, err error) {
	p, salt, key, err := parseHash(encoded)
	if err != nil {
		return false, false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	ok = subtle.ConstantTimeCompare(got, key) == 1
	stale = p.Memory != want.Memory || p.Time != want.Time || p.Threads != want.Threads || p.KeyLen != want.KeyLen
	return ok, stale, nil
}
