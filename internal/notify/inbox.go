package notify

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/i18n"
)

// InboxItem is one message in a user's inbox, not yet rendered: Render gives its text in a language.
type InboxItem struct {
	ID        int64          `json:"id"`
	Topic     string         `json:"topic"`
	Key       string         `json:"-"`
	BodyKey   string         `json:"-"`
	Data      map[string]any `json:"-"`
	Link      string         `json:"link,omitempty"`
	CreatedAt time.Time      `json:"created_at"`
	ReadAt    *time.Time     `json:"read_at"`
}

// Render returns the subject and body in lang.
func (it InboxItem) Render(cat *i18n.Catalogue, lang string) (subject, body string) {
	subject = cat.T(lang, it.Key, it.Data)
	if it.BodyKey != "" {
		body = cat.T(lang, it.BodyKey, it.Data)
	}
	return subject, body
}

// MaxPerPage bounds an inbox page.
const MaxPerPage = 100

// Inbox returns one page of the user's inbox, newest first, and the total count (of unread items
// when unreadOnly).
func (s *Service) Inbox(ctx context.Context, userID int64, unreadOnly bool, page, perPage int) ([]InboxItem, int, error) {
	if page < 1 || perPage < 1 || perPage > MaxPerPage {
		return nil, 0, apperr.Invalid(apperr.F("page", "error.bad_page", "Max", MaxPerPage))
	}
	cond := `user_id = $1 AND channel = 'inbox'`
	if unreadOnly {
		cond += ` AND read_at IS NULL`
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM notify_outbox WHERE `+cond, userID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("notify: inbox count: %w", err)
	}
	rows, err := s.db.Query(ctx, `SELECT id, topic, subject_key, body_key, data, link, created_at, read_at
		FROM notify_outbox WHERE `+cond+` ORDER BY id DESC LIMIT $2 OFFSET $3`, userID, perPage, (page-1)*perPage)
	if err != nil {
		return nil, 0, fmt.Errorf("notify: inbox: %w", err)
	}
	defer rows.Close()
	items := []InboxItem{}
	for rows.Next() {
		var it InboxItem
		var data string
		var read sql.NullTime
		if err := rows.Scan(&it.ID, &it.Topic, &it.Key, &it.BodyKey, &data, &it.Link, &it.CreatedAt, &read); err != nil {
			return nil, 0, err
		}
		if err := json.Unmarshal([]byte(data), &it.Data); err != nil {
			return nil, 0, fmt.Errorf("notify: inbox item %d: %w", it.ID, err)
		}
		it.CreatedAt = it.CreatedAt.UTC()
		if read.Valid {
			t := read.Time.UTC()
			it.ReadAt = &t
		}
		items = append(items, it)
	}
	return items, total, rows.Err()
}

// Unread counts the user's unread inbox items (for the badge in the navigation).
func (s *Service) Unread(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM notify_outbox WHERE user_id = $1 AND channel = 'inbox' AND read_at IS NULL`, userID).Scan(&n)
	return n, err
}

// MarkRead marks one of the user's inbox items read; marking it again changes nothing. Another
// user's item is not found. Reading is personal state, not an act of administration, so it is not
// audited.
func (s *Service) MarkRead(ctx context.Context, userID, itemID int64) error {
	var exists bool
	err := s.db.QueryRow(ctx, `SELECT TRUE FROM notify_outbox WHERE id = $1 AND user_id = $2 AND channel = 'inbox'`, itemID, userID).Scan(&exists)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.NotFound("inbox item")
	}
	if err != nil {
		return err
	}
	_, err = s.db.Exec(ctx, `UPDATE notify_outbox SET read_at = $1, updated_at = $1
		WHERE id = $2 AND user_id = $3 AND channel = 'inbox' AND read_at IS NULL`, s.now(), itemID, userID)
	return err
}

// MarkAllRead marks every unread item of the user read.
func (s *Service) MarkAllRead(ctx context.Context, userID int64) (int64, error) {
	res, err := s.db.Exec(ctx, `UPDATE notify_outbox SET read_at = $1, updated_at = $1
		WHERE user_id = $2 AND channel = 'inbox' AND read_at IS NULL`, s.now(), userID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
