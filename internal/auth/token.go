package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// API token limits.
const (
	MaxTokenName     = 100
	MaxTokensPerUser = 20 // active ones; revoke one to make another
	tokenHintChars   = 8  // "cht_" and four random characters
)

// APIToken is a long-lived credential for programs acting as a user. Only its hash is stored; the
// token itself is shown once, when it is created.
type APIToken struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Hint       string     `json:"hint"` // the first characters, to tell tokens apart
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
}

// CreateAPIToken issues a token for a user and returns it; it cannot be shown again.
func (s *Service) CreateAPIToken(ctx context.Context, userID int64, name string) (string, error) {
	_, token, err := s.IssueAPIToken(ctx, userID, name)
	return token, err
}

// IssueAPIToken is CreateAPIToken that also returns the stored record.
func (s *Service) IssueAPIToken(ctx context.Context, userID int64, name string) (APIToken, string, error) {
	name = strings.TrimSpace(name)
	var v apperr.Validator
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		v.Add("name", "error.required")
	case n > MaxTokenName:
		v.Add("name", "error.too_long", "Max", MaxTokenName)
	}
	if err := v.Err(); err != nil {
		return APIToken{}, "", err
	}
	token, hash, err := newSecret(tokenPrefix)
	if err != nil {
		return APIToken{}, "", err
	}
	t := APIToken{Name: name, Hint: token[:tokenHintChars], CreatedAt: s.now().UTC().Truncate(time.Microsecond)}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := s.accountWhere(ctx, tx, "id", userID)
		if err != nil {
			return err
		}
		if a.Disabled {
			return apperr.New(apperr.KindConflict, "auth.user.disabled")
		}
		var active int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM api_token WHERE user_id = $1 AND revoked_at IS NULL`, userID).Scan(&active); err != nil {
			return err
		}
		if active >= MaxTokensPerUser {
			return apperr.Invalid(apperr.F("name", "auth.token.too_many", "Max", MaxTokensPerUser))
		}
		if err := tx.QueryRow(ctx, `INSERT INTO api_token (user_id, name, token_hash, hint, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, userID, name, hash, t.Hint, t.CreatedAt).Scan(&t.ID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "auth.token.create", ObjectType: "api_token", ObjectID: itoa(t.ID),
			Detail: map[string]any{"user_id": userID, "login": a.Login, "name": name, "hint": t.Hint}})
	})
	if err != nil {
		return APIToken{}, "", err
	}
	return t, token, nil
}

// ListAPITokens returns a user's tokens that still work, newest first.
func (s *Service) ListAPITokens(ctx context.Context, userID int64) ([]APIToken, error) {
	rows, err := s.db.Query(ctx, `SELECT id, name, hint, created_at, last_used_at FROM api_token
		WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []APIToken{}
	for rows.Next() {
		var t APIToken
		var last sql.NullTime
		if err := rows.Scan(&t.ID, &t.Name, &t.Hint, &t.CreatedAt, &last); err != nil {
			return nil, err
		}
		if last.Valid {
			lu := last.Time
			t.LastUsedAt = &lu
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken stops one of a user's tokens from working. Another user's token is not found.
func (s *Service) RevokeAPIToken(ctx context.Context, userID, tokenID int64) error {
	defer s.forget() // after the commit
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var name string
		err := tx.QueryRow(ctx, `UPDATE api_token SET revoked_at = $1, updated_at = $1
			WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL RETURNING name`, s.now(), tokenID, userID).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFound(fmt.Sprintf("api token %d of user %d", tokenID, userID))
		}
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "auth.token.revoke", ObjectType: "api_token", ObjectID: itoa(tokenID),
			Detail: map[string]any{"user_id": userID, "name": name}})
	})
}

// tokenPrincipal resolves an API token; a revoked token, or one of a disabled user, signs nobody in.
func (s *Service) tokenPrincipal(ctx context.Context, token string) (*Principal, error) {
	var id int64
	var revoked, lastUsed sql.NullTime
	row := s.db.QueryRow(ctx, `SELECT t.id, t.revoked_at, t.last_used_at, `+userColumns+`
		FROM api_token t JOIN app_user u ON u.id = t.user_id WHERE t.token_hash = $1`, hashToken(token))
	a, err := scanAccount(prefixed{row, []any{&id, &revoked, &lastUsed}})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoCredential
	}
	if err != nil {
		return nil, err
	}
	if revoked.Valid || a.Disabled {
		return nil, errNoCredential
	}
	now := s.now()
	if !lastUsed.Valid || now.Sub(lastUsed.Time) >= touchEvery {
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.Exec(ctx, `UPDATE api_token SET last_used_at = $1 WHERE id = $2`, now, id)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return principalOf(a.User, 0, id), nil
}
