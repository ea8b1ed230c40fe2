// Package auth owns accounts, passwords (argon2id), sign-in throttling, TOTP second factors,
// database-backed sessions and API tokens, and the roles and scopes that decide who may act where.
package auth

import (
	"context"
	"net/http"
	"time"

	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// Config holds the session and sign-in policy.
type Config struct {
	IdleTimeout      time.Duration // default 30 minutes
	AbsoluteLifetime time.Duration // default 12 hours
	SecureCookies    bool
}

// Service signs people in and resolves who is calling.
type Service struct {
	db    *db.DB
	audit *audit.Log
	cfg   Config
	now   func() time.Time
}

// NewService builds the service.
func NewService(d *db.DB, a *audit.Log, cfg Config) *Service {
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = 30 * time.Minute
	}
	if cfg.AbsoluteLifetime == 0 {
		cfg.AbsoluteLifetime = 12 * time.Hour
	}
	return &Service{db: d, audit: a, cfg: cfg, now: time.Now}
}

// Authenticate resolves the caller from the session cookie or a Bearer token; nil for anonymous.
func (s *Service) Authenticate(w http.ResponseWriter, r *http.Request) (*Principal, error) {
	return nil, nil
}

// SetLanguage saves a user's language choice.
func (s *Service) SetLanguage(ctx context.Context, userID int64, lang string) error {
	return nil
}
