// Package auth owns accounts, passwords (argon2id), sign-in throttling, TOTP second factors,
// database-backed sessions and API tokens, and the roles and scopes that decide who may act where.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
	"chuhai/internal/i18n"
	"chuhai/internal/readcache"
)

// Config holds the session and sign-in policy.
type Config struct {
	IdleTimeout      time.Duration // default 30 minutes
	AbsoluteLifetime time.Duration // default 12 hours
	SecureCookies    bool
}

// Throttle policy: this many failed sign-ins within the window lock the account, and separately the
// client address, for the lock duration.
const (
	MaxFailures   = 5
	FailureWindow = 15 * time.Minute
	LockDuration  = 15 * time.Minute
)

// CookieName is the session cookie.
const CookieName = "chuhai_session"

// Session kinds: a browser session carried by the cookie, or an API session carried as a Bearer token.
const (
	SessionWeb = "web"
	SessionAPI = "api"
)

// Token prefixes tell the two kinds of Bearer credential apart without a lookup.
const (
	sessionPrefix = "chs_"
	tokenPrefix   = "cht_"
)

// touchEvery bounds how often a session's last_seen (or a token's last_used) is written: once a minute
// is precise enough for a 30-minute idle timeout and keeps reads from becoming writes.
const touchEvery = time.Minute

// Service signs people in and resolves who is calling.
type Service struct {
	db    *db.DB
	audit *audit.Log
	cfg   Config
	now   func() time.Time
	argon argonParams

	dummyOnce sync.Once
	dummy     string // a hash to verify against when the login does not exist, so timing tells nothing

	creds *readcache.Cache[Principal] // credential hash → who it signed in lately; nil: no cache
}

// CacheCredentials makes the service remember, for up to ttl, whom a session or API token signed in,
// so that a burst of API calls costs one lookup. Signing out, revoking a token, disabling a user,
// changing a password or second factor or language on this instance take effect at once; on another
// instance sharing the database, within ttl. Keep ttl short (a second): it is the longest a revoked
// credential keeps working elsewhere.
func (s *Service) CacheCredentials(ttl time.Duration) {
	s.creds = readcache.New[Principal](ttl, 10_000)
}

// forget drops remembered credentials; every change to accounts, sessions or tokens calls it after
// its transaction.
func (s *Service) forget() { s.creds.Clear() }

// remembered resolves a credential through the cache. The caller gets its own copy of the principal.
func (s *Service) remembered(kind, token string, load func() (*Principal, error)) (*Principal, error) {
	p, err := s.creds.Get(kind+hashToken(token), func() (Principal, error) {
		p, err := load()
		if err != nil {
			return Principal{}, err
		}
		return *p, nil
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// NewService builds the service.
func NewService(d *db.DB, a *audit.Log, cfg Config) *Service {
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = 30 * time.Minute
	}
	if cfg.AbsoluteLifetime == 0 {
		cfg.AbsoluteLifetime = 12 * time.Hour
	}
	return &Service{db: d, audit: a, cfg: cfg, now: time.Now, argon: defaultArgon}
}

func (s *Service) dummyHash() string {
	s.dummyOnce.Do(func() {
		h, err := hashPassword("not a real password, never matches", s.argon)
		if err != nil {
			panic(err) // only when the system's random source fails, which nothing survives anyway
		}
		s.dummy = h
	})
	return s.dummy
}

// newSecret returns a random credential with a prefix, and the hash that is stored instead of it.
func newSecret(prefix string) (token, hash string, err error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", err
	}
	token = prefix + base64.RawURLEncoding.EncodeToString(b[:])
	return token, hashToken(token), nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// errNoCredential means the credential presented does not (or no longer) sign anyone in.
var errNoCredential = errors.New("no valid credential")

// Authenticate resolves the caller from the session cookie or a Bearer token; nil for anonymous.
// A Bearer token that signs nobody in is an error under /api/ (the client must learn that its token
// is bad) and anonymous elsewhere; a stale cookie is cleared and the visitor is anonymous.
func (s *Service) Authenticate(w http.ResponseWriter, r *http.Request) (*Principal, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		p, err := s.bearer(ctx, h)
		switch {
		case err == nil:
			return p, nil
		case !errors.Is(err, errNoCredential):
			return nil, err
		case strings.HasPrefix(r.URL.Path, "/api/"):
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			return nil, apperr.New(apperr.KindUnauthorized, "auth.token.invalid")
		}
	}
	c, err := r.Cookie(CookieName)
	if err != nil || c.Value == "" {
		return nil, nil
	}
	p, err := s.remembered(SessionWeb, c.Value, func() (*Principal, error) { return s.sessionPrincipal(ctx, c.Value, SessionWeb) })
	if errors.Is(err, errNoCredential) {
		http.SetCookie(w, s.cookie("", -1))
		return nil, nil
	}
	return p, err
}

func (s *Service) bearer(ctx context.Context, header string) (*Principal, error) {
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return nil, errNoCredential
	}
	token = strings.TrimSpace(token)
	switch {
	case strings.HasPrefix(token, sessionPrefix):
		return s.remembered(SessionAPI, token, func() (*Principal, error) { return s.sessionPrincipal(ctx, token, SessionAPI) })
	case strings.HasPrefix(token, tokenPrefix):
		return s.remembered("token", token, func() (*Principal, error) { return s.tokenPrincipal(ctx, token) })
	}
	return nil, errNoCredential
}

// Cookie returns the session cookie carrying token (an empty token with maxAge -1 deletes it). It
// lasts as long as the browser: the server decides when the session ends.
func (s *Service) Cookie(token string) *http.Cookie { return s.cookie(token, 0) }

// ClearCookie returns a cookie that removes the session cookie.
func (s *Service) ClearCookie() *http.Cookie { return s.cookie("", -1) }

func (s *Service) cookie(token string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: CookieName, Value: token, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode}
}

// SetLanguage saves a user's language choice.
func (s *Service) SetLanguage(ctx context.Context, userID int64, lang string) error {
	defer s.forget() // after the commit
	l := i18n.Normalize(lang)
	if l == "" {
		return apperr.Invalid(apperr.F("lang", "error.bad_choice"))
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE app_user SET lang = $1, updated_at = $2 WHERE id = $3`, l, s.now(), userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFound("user")
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "auth.user.language", ObjectType: "app_user",
			ObjectID: itoa(userID), Detail: map[string]any{"lang": l}})
	})
}
