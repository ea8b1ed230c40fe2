package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"chuhai/internal/audit"
	"chuhai/internal/db"
	"chuhai/internal/i18n"
	"chuhai/internal/jobs"
)

// Channels.
const (
	ChannelInbox   = "inbox"
	ChannelEmail   = "email"
	ChannelWebhook = "webhook"
)

// DeliverKind is the job kind that delivers one outbox row.
const DeliverKind = "notify.deliver"

// MaxDeliveryAttempts is how often an email or webhook is tried before its outbox row is failed.
const MaxDeliveryAttempts = 8

// Recipient is what delivery needs to know about a user; the accounts package supplies it.
type Recipient struct {
	Name     string
	Email    string // an address the account already has (e.g. a login that is one), or ""
	Lang     string
	Disabled bool
}

// Recipients looks users up (app wires it to auth).
type Recipients interface {
	Recipient(ctx context.Context, userID int64) (Recipient, error)
}

// Config is how the service reaches the outside world.
type Config struct {
	SMTP SMTPConfig
	// BaseURL makes message links absolute in email and webhooks, e.g. https://chuhai.example.gov.cn.
	BaseURL string
	// AllowHTTPWebhooks admits http:// webhook URLs (tests and closed networks); otherwise https only.
	AllowHTTPWebhooks bool
	// HTTPClient posts webhooks; nil means a client with a 10-second timeout that follows no redirects.
	HTTPClient *http.Client
}

// Service sends notifications and answers inbox and preference questions.
type Service struct {
	db     *db.DB
	audit  *audit.Log
	cat    *i18n.Catalogue
	people Recipients
	cfg    Config
	log    *slog.Logger
	topics []Topic
	now    func() time.Time
}

// New returns a Service.
func New(d *db.DB, a *audit.Log, cat *i18n.Catalogue, people Recipients, cfg Config, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	return &Service{db: d, audit: a, cat: cat, people: people, cfg: cfg, log: log,
		topics: append([]Topic(nil), defaultTopics...), now: time.Now}
}

// EmailEnabled reports whether an SMTP server is configured; without one no email is queued.
func (s *Service) EmailEnabled() bool { return s.cfg.SMTP.Host != "" }

// Register adds the delivery handler to a job runner.
func (s *Service) Register(r *jobs.Runner) { r.Register(DeliverKind, s.deliver) }

// Message is one notification to one user. Key and BodyKey are catalogue ids rendered with Data in
// the reader's language; Link is a path inside the platform (e.g. /requests/XH-2026-000123).
type Message struct {
	UserID  int64
	Topic   string
	Key     string
	BodyKey string
	Data    map[string]any
	Link    string
}

// Event is one notification to a service point's webhooks (once per event, however many staff are
// told by Send).
type Event struct {
	PointID int64
	Topic   string
	Key     string
	BodyKey string
	Data    map[string]any
	Link    string
}

// Send writes the message's outbox rows in the caller's transaction: the inbox always, email and the
// user's own webhooks when their preferences allow. Jobs deliver email and webhooks after commit.
// Errors here are programming mistakes (unknown topic or key, a link that leaves the platform).
func (s *Service) Send(ctx context.Context, tx *db.Tx, m Message) error {
	data, err := s.check(m.UserID, m.Topic, m.Key, m.BodyKey, m.Data, m.Link)
	if err != nil {
		return err
	}
	topic, _ := s.topic(m.Topic)
	row := outboxRow{userID: m.UserID, topic: m.Topic, subject: m.Key, body: m.BodyKey, data: data, link: m.Link}
	if _, err := s.insert(ctx, tx, row, ChannelInbox, 0); err != nil {
		return err
	}
	prefs, err := channelChoices(ctx, tx, m.UserID, m.Topic)
	if err != nil {
		return err
	}
	if s.EmailEnabled() && prefs.get(ChannelEmail, topic.EmailByDefault) {
		if _, err := s.insert(ctx, tx, row, ChannelEmail, 0); err != nil {
			return err
		}
	}
	if prefs.get(ChannelWebhook, true) {
		hooks, err := s.subscribed(ctx, tx, "user_id", m.UserID, m.Topic)
		if err != nil {
			return err
		}
		for _, h := range hooks {
			if _, err := s.insert(ctx, tx, row, ChannelWebhook, h); err != nil {
				return err
			}
		}
	}
	return nil
}

// Publish writes one webhook outbox row for each active webhook of the point subscribed to the topic.
func (s *Service) Publish(ctx context.Context, tx *db.Tx, e Event) error {
	if e.PointID <= 0 {
		return errors.New("notify: event without a point")
	}
	data, err := s.check(1, e.Topic, e.Key, e.BodyKey, e.Data, e.Link)
	if err != nil {
		return err
	}
	hooks, err := s.subscribed(ctx, tx, "point_id", e.PointID, e.Topic)
	if err != nil {
		return err
	}
	row := outboxRow{pointID: e.PointID, topic: e.Topic, subject: e.Key, body: e.BodyKey, data: data, link: e.Link}
	for _, h := range hooks {
		if _, err := s.insert(ctx, tx, row, ChannelWebhook, h); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) check(userID int64, topic, key, bodyKey string, data map[string]any, link string) ([]byte, error) {
	if userID <= 0 {
		return nil, fmt.Errorf("notify: invalid user %d", userID)
	}
	if _, ok := s.topic(topic); !ok {
		return nil, fmt.Errorf("notify: unknown topic %q", topic)
	}
	for _, k := range []string{key, bodyKey} {
		if k == "" && k == key {
			return nil, errors.New("notify: message without a subject key")
		}
		if k != "" && !s.cat.Has(i18n.Chinese, k) {
			return nil, fmt.Errorf("notify: %q is not in the catalogue", k)
		}
	}
	if link != "" && (!strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") || strings.ContainsAny(link, "\\\r\n")) {
		return nil, fmt.Errorf("notify: link %q must be a path inside the platform", link)
	}
	if data == nil {
		data = map[string]any{}
	}
	b, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("notify: data: %w", err)
	}
	return b, nil
}

type outboxRow struct {
	userID, pointID      int64
	topic, subject, body string
	data                 []byte
	link                 string
}

// insert writes one outbox row; email and webhook rows get a job keyed by the row, so a delivery is
// queued exactly once.
func (s *Service) insert(ctx context.Context, tx *db.Tx, r outboxRow, channel string, webhookID int64) (int64, error) {
	now := s.now()
	status, sentAt := "pending", any(nil)
	if channel == ChannelInbox {
		status, sentAt = "sent", now
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO notify_outbox (user_id, point_id, channel, webhook_id, topic, subject_key, body_key,
			data, link, status, sent_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
		nullID(r.userID), nullID(r.pointID), channel, nullID(webhookID), r.topic, r.subject, r.body, string(r.data), r.link,
		status, sentAt, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("notify: outbox: %w", err)
	}
	if channel != ChannelInbox {
		if _, err := jobs.EnqueueAttempts(ctx, tx, DeliverKind, deliverPayload{OutboxID: id}, now, fmt.Sprintf("outbox:%d", id), MaxDeliveryAttempts); err != nil {
			return 0, err
		}
	}
	return id, nil
}

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}
