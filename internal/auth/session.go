package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// maxUserAgentBytes bounds the user agent kept with a session.
const maxUserAgentBytes = 512

// sessionLive reports whether a session last seen at lastSeen and ending at expires may still be used
// at now: before its absolute end, and not idle for idle or longer.
func sessionLive(now, lastSeen, expires time.Time, idle time.Duration) bool {
	return now.Before(expires) && now.Sub(lastSeen) < idle
}

// principalOf is the principal of u signed in through a session or an API token.
func principalOf(u User, sessionID, tokenID int64) *Principal {
	return &Principal{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, PointID: u.PointID,
		EnterpriseID: u.EnterpriseID, ProviderID: u.ProviderID, Lang: u.Lang, SessionID: sessionID, TokenID: tokenID,
		TOTPEnabled: u.TOTPEnabled, MustEnrolTOTP: sessionID != 0 && u.Role == SystemAdmin && !u.TOTPEnabled}
}

// SignIn checks a login, password and, when the account has a second factor, its TOTP code, within
// the throttle; on success it opens a session of kind (SessionWeb or SessionAPI) and returns its
// token, shown this once. Failures say nothing about which part was wrong, except that a correct
// password on an account with a second factor asks for the code.
func (s *Service) SignIn(ctx context.Context, login, password, totpCode, ip, userAgent string, kind string) (string, *Principal, error) {
	if kind != SessionWeb && kind != SessionAPI {
		return "", nil, fmt.Errorf("unknown session kind %q", kind)
	}
	login = NormalizeLogin(login)
	var v apperr.Validator
	v.Check(login != "", "login", "error.required")
	v.Check(password != "", "password", "error.required")
	if err := v.Err(); err != nil {
		return "", nil, err
	}
	now := s.now()
	if err := s.checkLocks(ctx, login, ip, now); err != nil {
		return "", nil, err
	}
	a, err := s.accountWhere(ctx, s.db, "login", subject(login))
	found := err == nil
	if err != nil && !errors.Is(err, apperr.ErrNotFound) {
		return "", nil, err
	}
	hash := s.dummyHash()
	if found {
		hash = a.passwordHash
	}
	ok, stale, err := verifyPassword(password, hash, s.argon)
	if err != nil {
		return "", nil, fmt.Errorf("password of %s: %w", login, err)
	}
	if !found || !ok {
		return "", nil, s.failed(ctx, login, ip, a.ID, "password", now, apperr.New(apperr.KindUnauthorized, "auth.signin.failed"))
	}
	if a.Disabled {
		return "", nil, s.failed(ctx, login, ip, a.ID, "disabled", now, apperr.New(apperr.KindForbidden, "auth.signin.disabled"))
	}
	if a.TOTPEnabled && strings.TrimSpace(totpCode) == "" {
		return "", nil, apperr.Invalid(apperr.F("totp", "auth.totp.required"))
	}
	rehash := ""
	if stale {
		if rehash, err = hashPassword(password, s.argon); err != nil {
			return "", nil, err
		}
	}
	token, tokenHash, err := newSecret(sessionPrefix)
	if err != nil {
		return "", nil, err
	}
	m := audit.MetaFrom(ctx)
	m.ActorID, m.ActorLogin = a.ID, a.Login
	actx := audit.WithMeta(ctx, m)
	var sessionID int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if a.TOTPEnabled {
			if err := useTOTP(ctx, tx, a, totpCode, now); err != nil {
				return err
			}
		}
		if err := clearFailures(ctx, tx, login); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE app_user SET last_login_at = $1 WHERE id = $2`, now, a.ID); err != nil {
			return err
		}
		if rehash != "" {
			if _, err := tx.Exec(ctx, `UPDATE app_user SET password_hash = $1 WHERE id = $2`, rehash, a.ID); err != nil {
				return err
			}
		}
		// Sweep sessions nobody can use any more, so the table holds only live ones.
		if _, err := tx.Exec(ctx, `DELETE FROM session WHERE expires_at <= $1 OR last_seen_at <= $2`,
			now, now.Add(-s.cfg.IdleTimeout)); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO session (token_hash, user_id, kind, ip, user_agent, last_seen_at, expires_at,
			created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $6) RETURNING id`,
			tokenHash, a.ID, kind, subject(ip), clip(userAgent, maxUserAgentBytes), now, now.Add(s.cfg.AbsoluteLifetime)).Scan(&sessionID); err != nil {
			return err
		}
		return s.audit.Record(actx, tx, audit.Entry{Action: "auth.signin.success", ObjectType: "app_user", ObjectID: itoa(a.ID),
			Detail: map[string]any{"login": a.Login, "ip": ip, "kind": kind, "session_id": sessionID, "second_factor": a.TOTPEnabled}})
	})
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindInvalid {
		// A wrong or replayed code after a correct password: it counts like a wrong password.
		return "", nil, s.failed(ctx, login, ip, a.ID, "totp", now, err)
	}
	if err != nil {
		return "", nil, err
	}
	a.User.LastLoginAt = &now
	return token, principalOf(a.User, sessionID, 0), nil
}

// failed records a failure and returns the lock it caused, if any, or else what.
func (s *Service) failed(ctx context.Context, login, ip string, userID int64, reason string, now time.Time, what error) error {
	if err := s.recordFailure(ctx, login, ip, userID, reason, now); err != nil {
		return err
	}
	return what
}

// EndSession signs a session out.
func (s *Service) EndSession(ctx context.Context, sessionID int64) error {
	defer s.forget() // after the commit
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var userID int64
		err := tx.QueryRow(ctx, `DELETE FROM session WHERE id = $1 RETURNING user_id`, sessionID).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFound(fmt.Sprintf("session %d", sessionID))
		}
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "auth.signout", ObjectType: "app_user", ObjectID: itoa(userID),
			Detail: map[string]any{"session_id": sessionID}})
	})
}

// sessionPrincipal resolves a session token of kind. A session past its absolute end or idle too long
// is deleted and signs nobody in; otherwise its last_seen moves on, at most once a minute.
func (s *Service) sessionPrincipal(ctx context.Context, token, kind string) (*Principal, error) {
	var id int64
	var skind string
	var lastSeen, expires time.Time
	row := s.db.QueryRow(ctx, `SELECT s.id, s.kind, s.last_seen_at, s.expires_at, `+userColumns+`
		FROM session s JOIN app_user u ON u.id = s.user_id WHERE s.token_hash = $1`, hashToken(token))
	a, err := scanAccount(prefixed{row, []any{&id, &skind, &lastSeen, &expires}})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoCredential
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	if skind != kind || a.Disabled {
		return nil, errNoCredential
	}
	if !sessionLive(now, lastSeen, expires, s.cfg.IdleTimeout) {
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.Exec(ctx, `DELETE FROM session WHERE id = $1`, id)
			return err
		})
		if err != nil {
			return nil, err
		}
		return nil, errNoCredential
	}
	if now.Sub(lastSeen) >= touchEvery {
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.Exec(ctx, `UPDATE session SET last_seen_at = $1, updated_at = $1 WHERE id = $2`, now, id)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return principalOf(a.User, id, 0), nil
}

// prefixed scans some leading columns before the account's.
type prefixed struct {
	row  interface{ Scan(...any) error }
	head []any
}

func (p prefixed) Scan(dest ...any) error { return p.row.Scan(append(p.head, dest...)...) }
