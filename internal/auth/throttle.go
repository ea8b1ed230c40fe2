package auth

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// Lock scopes: the login typed and the client address are throttled separately, so guessing one
// account's password from many addresses and guessing many accounts from one address are both slowed.
const (
	lockLogin = "login"
	lockIP    = "ip"
)

// Advisory lock classes that serialise failure counting per login and per address on PostgreSQL, so
// two instances counting the same subject at once cannot both miss the limit. (SQLite has one writer.)
const (
	advisoryLogin = 0x61757431 // "aut1"
	advisoryIP    = 0x61757432 // "aut2"
)

// maxSubjectBytes bounds what is stored for a login or an address that someone typed or sent.
const maxSubjectBytes = 200

func subject(s string) string { return clip(s, maxSubjectBytes) }

// clip shortens s to at most n bytes without splitting a UTF-8 sequence.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// lockedError tells the caller how long to wait.
func lockedError(until, now time.Time) error {
	wait := until.Sub(now)
	minutes := int((wait + time.Minute - 1) / time.Minute)
	return apperr.New(apperr.KindLocked, "auth.signin.locked", "Minutes", max(minutes, 1),
		"Seconds", max(int(wait/time.Second), 1))
}

// checkLocks returns a KindLocked error while the login or the client address is locked.
func (s *Service) checkLocks(ctx context.Context, login, ip string, now time.Time) error {
	var until time.Time
	err := s.db.QueryRow(ctx, `SELECT locked_until FROM signin_lock
		WHERE ((scope = $1 AND subject = $2) OR (scope = $3 AND subject = $4)) AND locked_until > $5
		ORDER BY locked_until DESC LIMIT 1`, lockLogin, subject(login), lockIP, subject(ip), now).Scan(&until)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return lockedError(until, now)
}

// recordFailure stores and audits a failed attempt, and locks the login and/or the address when this
// failure reaches the limit within the window. It returns a KindLocked error when it locked the
// login or the address, and nil otherwise, so the caller chooses what else to say.
func (s *Service) recordFailure(ctx context.Context, login, ip string, userID int64, reason string, now time.Time) error {
	login, ip = subject(login), subject(ip)
	var locked bool
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		locked = false // InTx may retry
		if tx.Dialect() == db.Postgres {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, advisoryLogin, login); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, advisoryIP, ip); err != nil {
				return err
			}
		}
		since := now.Add(-FailureWindow)
		if _, err := tx.Exec(ctx, `DELETE FROM signin_failure WHERE at <= $1`, since); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO signin_failure (login, ip, at, created_at, updated_at) VALUES ($1, $2, $3, $3, $3)`,
			login, ip, now); err != nil {
			return err
		}
		objectID := ""
		if userID != 0 {
			objectID = itoa(userID)
		}
		if err := s.audit.Record(ctx, tx, audit.Entry{Action: "auth.signin.failure", ObjectType: "app_user", ObjectID: objectID,
			Detail: map[string]any{"login": login, "ip": ip, "reason": reason}}); err != nil {
			return err
		}
		for _, sc := range []struct{ scope, subject, column string }{{lockLogin, login, "login"}, {lockIP, ip, "ip"}} {
			if sc.subject == "" {
				continue
			}
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM signin_failure WHERE `+sc.column+` = $1 AND at > $2`,
				sc.subject, since).Scan(&n); err != nil {
				return err
			}
			if n < MaxFailures {
				continue
			}
			if _, err := tx.Exec(ctx, `INSERT INTO signin_lock (scope, subject, locked_until, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $4) ON CONFLICT (scope, subject) DO UPDATE SET locked_until = excluded.locked_until,
				updated_at = excluded.updated_at`, sc.scope, sc.subject, now.Add(LockDuration), now); err != nil {
				return err
			}
			if err := s.audit.Record(ctx, tx, audit.Entry{Action: "auth.signin.lock", ObjectType: "signin_lock",
				ObjectID: sc.scope + ":" + sc.subject, Detail: map[string]any{"scope": sc.scope, "subject": sc.subject,
					"failures": n, "minutes": int(LockDuration / time.Minute)}}); err != nil {
				return err
			}
			locked = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	if locked {
		return lockedError(now.Add(LockDuration), now)
	}
	return nil
}

// clearFailures forgets a login's failed attempts after it signs in. Its address keeps its count:
// a correct password for one account says nothing about guesses at others.
func clearFailures(ctx context.Context, tx *db.Tx, login string) error {
	_, err := tx.Exec(ctx, `DELETE FROM signin_failure WHERE login = $1`, subject(login))
	return err
}
