package notify

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/db"
)

// Limits on webhook endpoints.
const (
	MaxURLLength         = 500
	MaxDescriptionLength = 200
	MaxWebhooksPerOwner  = 10
)

// Webhook is a receiver of signed POSTs. Secret is filled only when it is created.
type Webhook struct {
	ID          int64     `json:"id"`
	UserID      int64     `json:"user_id,omitempty"`
	PointID     int64     `json:"point_id,omitempty"`
	URL         string    `json:"url"`
	Topics      []string  `json:"topics"` // empty: every topic
	Description string    `json:"description"`
	Active      bool      `json:"active"`
	Secret      string    `json:"secret,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// WebhookInput creates or replaces an endpoint. PointID 0 makes it the caller's own.
type WebhookInput struct {
	PointID     int64    `json:"point_id"`
	URL         string   `json:"url"`
	Topics      []string `json:"topics"`
	Description string   `json:"description"`
	Active      *bool    `json:"active"`
}

// canManagePoint: a point's lead for their own point, coordinators and admins for any.
func canManagePoint(p *auth.Principal, pointID int64) bool {
	return p != nil && pointID > 0 && (p.CityWide() || p.Role == auth.PointLead && p.PointID == pointID)
}

func (s *Service) validateWebhook(in *WebhookInput) error {
	var v apperr.Validator
	in.URL = strings.TrimSpace(in.URL)
	in.Description = strings.TrimSpace(in.Description)
	switch {
	case in.URL == "":
		v.Add("url", "error.required")
	case len(in.URL) > MaxURLLength:
		v.Add("url", "error.too_long", "Max", MaxURLLength)
	default:
		u, err := url.Parse(in.URL)
		ok := err == nil && u.Host != "" && u.User == nil && u.Fragment == "" &&
			(u.Scheme == "https" || u.Scheme == "http" && s.cfg.AllowHTTPWebhooks)
		v.Check(ok, "url", "notify.webhook_url_bad")
	}
	v.Check(utf8.RuneCountInString(in.Description) <= MaxDescriptionLength, "description", "error.too_long", "Max", MaxDescriptionLength)
	v.Check(!strings.ContainsFunc(in.Description, func(r rune) bool { return r < 0x20 }), "description", "notify.text_control")
	for i, t := range in.Topics {
		if _, ok := s.topic(t); !ok {
			v.Add(fmt.Sprintf("topics[%d]", i), "notify.topic_unknown", "Value", clip(t, 60))
		}
	}
	if in.PointID < 0 {
		v.Add("point_id", "error.bad_id")
	}
	slices.Sort(in.Topics)
	in.Topics = slices.Compact(in.Topics)
	return v.Err()
}

// CreateWebhook adds an endpoint for the caller (PointID 0) or for a point the caller leads, and
// returns it with its signing secret, which is shown this once.
func (s *Service) CreateWebhook(ctx context.Context, p *auth.Principal, in WebhookInput) (Webhook, error) {
	if p == nil {
		return Webhook{}, apperr.ErrUnauthorized
	}
	if err := s.validateWebhook(&in); err != nil {
		return Webhook{}, err
	}
	if in.PointID > 0 && !canManagePoint(p, in.PointID) {
		return Webhook{}, apperr.ErrForbidden
	}
	secret := "whsec_" + rand.Text() + rand.Text()
	active := in.Active == nil || *in.Active
	var w Webhook
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		owner, ownerID := "user_id", p.UserID
		if in.PointID > 0 {
			owner, ownerID = "point_id", in.PointID
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM notify_webhook WHERE `+owner+` = $1`, ownerID).Scan(&n); err != nil {
			return err
		}
		if n >= MaxWebhooksPerOwner {
			return apperr.Invalid(apperr.F("url", "notify.webhook_too_many", "Max", MaxWebhooksPerOwner))
		}
		now := s.now()
		var userID any
		if in.PointID == 0 {
			userID = p.UserID
		}
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO notify_webhook (user_id, point_id, url, secret, topics, description, active, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			userID, nullID(in.PointID), in.URL, secret, strings.Join(in.Topics, " "), in.Description, active, p.UserID, now).Scan(&id)
		if db.IsForeignKeyViolation(err) {
			return apperr.Invalid(apperr.F("point_id", "notify.point_unknown"))
		}
		if err != nil {
			return fmt.Errorf("notify: create webhook: %w", err)
		}
		if err := s.audit.Record(ctx, tx, audit.Entry{Action: "notify.webhook.create", ObjectType: "notify_webhook",
			ObjectID: fmt.Sprint(id), Detail: map[string]any{"point_id": in.PointID, "url": in.URL, "topics": in.Topics}}); err != nil {
			return err
		}
		w, err = s.webhook(ctx, tx, id)
		return err
	})
	w.Secret = secret
	return w, err
}

// Webhooks lists the endpoints the caller manages: their own, and their point's if they lead it
// (every point's for coordinators and admins).
func (s *Service) Webhooks(ctx context.Context, p *auth.Principal) ([]Webhook, error) {
	if p == nil {
		return nil, apperr.ErrUnauthorized
	}
	q := `SELECT ` + webhookColumns + ` FROM notify_webhook WHERE user_id = $1`
	args := []any{p.UserID}
	switch {
	case p.CityWide():
		q += ` OR point_id IS NOT NULL`
	case p.Role == auth.PointLead:
		q += ` OR point_id = $2`
		args = append(args, p.PointID)
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("notify: webhooks: %w", err)
	}
	defer rows.Close()
	out := []Webhook{}
	for rows.Next() {
		w, err := scanWebhook(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// Webhook returns one endpoint the caller manages.
func (s *Service) Webhook(ctx context.Context, p *auth.Principal, id int64) (Webhook, error) {
	w, err := s.webhook(ctx, s.db, id)
	if err != nil {
		return Webhook{}, err
	}
	if !manages(p, w) {
		return Webhook{}, apperr.NotFound("webhook")
	}
	return w, nil
}

func manages(p *auth.Principal, w Webhook) bool {
	if p == nil {
		return false
	}
	if w.UserID != 0 {
		return w.UserID == p.UserID
	}
	return canManagePoint(p, w.PointID)
}

// UpdateWebhook replaces an endpoint's URL, topics, description and active flag (its owner and
// secret stay).
func (s *Service) UpdateWebhook(ctx context.Context, p *auth.Principal, id int64, in WebhookInput) (Webhook, error) {
	if err := s.validateWebhook(&in); err != nil {
		return Webhook{}, err
	}
	var w Webhook
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := s.webhook(ctx, tx, id)
		if err != nil {
			return err
		}
		if !manages(p, old) {
			return apperr.NotFound("webhook")
		}
		if in.PointID != 0 && in.PointID != old.PointID {
			return apperr.Invalid(apperr.F("point_id", "notify.webhook_owner_fixed"))
		}
		active := old.Active
		if in.Active != nil {
			active = *in.Active
		}
		if _, err := tx.Exec(ctx, `UPDATE notify_webhook SET url = $1, topics = $2, description = $3, active = $4, updated_at = $5 WHERE id = $6`,
			in.URL, strings.Join(in.Topics, " "), in.Description, active, s.now(), id); err != nil {
			return fmt.Errorf("notify: update webhook: %w", err)
		}
		if err := s.audit.Record(ctx, tx, audit.Entry{Action: "notify.webhook.update", ObjectType: "notify_webhook",
			ObjectID: fmt.Sprint(id), Detail: map[string]any{"url": in.URL, "topics": in.Topics, "active": active}}); err != nil {
			return err
		}
		w, err = s.webhook(ctx, tx, id)
		return err
	})
	return w, err
}

// DeleteWebhook removes an endpoint; its undelivered outbox rows go with it.
func (s *Service) DeleteWebhook(ctx context.Context, p *auth.Principal, id int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		old, err := s.webhook(ctx, tx, id)
		if err != nil {
			return err
		}
		if !manages(p, old) {
			return apperr.NotFound("webhook")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM notify_webhook WHERE id = $1`, id); err != nil {
			return fmt.Errorf("notify: delete webhook: %w", err)
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "notify.webhook.delete", ObjectType: "notify_webhook",
			ObjectID: fmt.Sprint(id), Detail: map[string]any{"url": old.URL, "point_id": old.PointID}})
	})
}

const webhookColumns = `id, COALESCE(user_id, 0), COALESCE(point_id, 0), url, topics, description, active, created_at, updated_at`

func scanWebhook(row interface{ Scan(...any) error }) (Webhook, error) {
	var w Webhook
	var topics string
	if err := row.Scan(&w.ID, &w.UserID, &w.PointID, &w.URL, &topics, &w.Description, &w.Active, &w.CreatedAt, &w.UpdatedAt); err != nil {
		return Webhook{}, err
	}
	w.Topics = strings.Fields(topics)
	if w.Topics == nil {
		w.Topics = []string{}
	}
	w.CreatedAt, w.UpdatedAt = w.CreatedAt.UTC(), w.UpdatedAt.UTC()
	return w, nil
}

func (s *Service) webhook(ctx context.Context, q db.Querier, id int64) (Webhook, error) {
	w, err := scanWebhook(q.QueryRow(ctx, `SELECT `+webhookColumns+` FROM notify_webhook WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Webhook{}, apperr.NotFound("webhook")
	}
	return w, err
}

// subscribed lists the active webhooks of an owner that take the topic.
func (s *Service) subscribed(ctx context.Context, q db.Querier, owner string, ownerID int64, topic string) ([]int64, error) {
	rows, err := q.Query(ctx, `SELECT id, topics FROM notify_webhook WHERE `+owner+` = $1 AND active = $2 ORDER BY id`, ownerID, true)
	if err != nil {
		return nil, fmt.Errorf("notify: webhooks: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		var topics string
		if err := rows.Scan(&id, &topics); err != nil {
			return nil, err
		}
		if t := strings.Fields(topics); len(t) == 0 || slices.Contains(t, topic) {
			ids = append(ids, id)
		}
	}
	return ids, rows.Err()
}
