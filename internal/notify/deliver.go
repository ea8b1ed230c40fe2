package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"chuhai/internal/i18n"
	"chuhai/internal/jobs"
)

type deliverPayload struct {
	OutboxID int64 `json:"outbox_id"`
}

func permanentErr(err error) error { return jobs.Permanent(err) }

type pendingRow struct {
	id, userID, pointID, webhookID int64
	channel, topic, subject, body  string
	data                           map[string]any
	link, status                   string
	createdAt                      time.Time
}

// deliver sends one email or webhook outbox row. Delivery is at least once: a process that dies
// after the server accepted the message but before the row was marked sent sends it again, which is
// why webhooks carry the outbox id in X-Chuhai-Delivery.
func (s *Service) deliver(ctx context.Context, job jobs.Job) error {
	var p deliverPayload
	if err := job.Decode(&p); err != nil {
		return err
	}
	var r pendingRow
	var data string
	err := s.db.QueryRow(ctx, `SELECT id, COALESCE(user_id, 0), COALESCE(point_id, 0), COALESCE(webhook_id, 0), channel, topic,
			subject_key, body_key, data, link, status, created_at FROM notify_outbox WHERE id = $1`, p.OutboxID).
		Scan(&r.id, &r.userID, &r.pointID, &r.webhookID, &r.channel, &r.topic, &r.subject, &r.body, &data, &r.link, &r.status, &r.createdAt)
	if isNoRows(err) {
		return nil // its webhook or user was deleted: nothing left to deliver
	}
	if err != nil {
		return err
	}
	if r.status != "pending" {
		return nil
	}
	if err := json.Unmarshal([]byte(data), &r.data); err != nil {
		return s.record(ctx, r, job, permanentErr(fmt.Errorf("outbox data: %w", err)))
	}
	switch r.channel {
	case ChannelEmail:
		err = s.deliverEmail(ctx, r)
	case ChannelWebhook:
		err = s.deliverWebhook(ctx, r)
	default:
		err = permanentErr(fmt.Errorf("channel %q is not delivered by jobs", r.channel))
	}
	return s.record(ctx, r, job, err)
}

// record writes the attempt's outcome on the outbox row and hands err back to the runner (which
// retries unless it is permanent or this was the last attempt).
func (s *Service) record(ctx context.Context, r pendingRow, job jobs.Job, err error) error {
	now := s.now()
	if err == nil {
		_, uerr := s.db.Exec(ctx, `UPDATE notify_outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1, last_error = '', updated_at = $1
			WHERE id = $2 AND status = 'pending'`, now, r.id)
		return uerr
	}
	status := "pending"
	if jobs.IsPermanent(err) || job.Attempt >= MaxDeliveryAttempts {
		status = "failed"
	}
	msg := err.Error()
	if len(msg) > 1000 {
		msg = msg[:1000]
	}
	if _, uerr := s.db.Exec(ctx, `UPDATE notify_outbox SET status = $1, attempts = attempts + 1, last_error = $2, updated_at = $3
		WHERE id = $4 AND status = 'pending'`, status, msg, now, r.id); uerr != nil {
		return errors.Join(err, uerr)
	}
	return err
}

func (s *Service) recipient(ctx context.Context, userID int64) (Recipient, error) {
	if s.people == nil {
		return Recipient{Lang: i18n.Chinese}, nil
	}
	rc, err := s.people.Recipient(ctx, userID)
	if err != nil {
		return rc, err
	}
	if rc.Lang = i18n.Normalize(rc.Lang); rc.Lang == "" {
		rc.Lang = i18n.Chinese
	}
	return rc, nil
}

func (s *Service) render(lang string, r pendingRow) (subject, body string) {
	return InboxItem{Key: r.subject, BodyKey: r.body, Data: r.data}.Render(s.cat, lang)
}

func (s *Service) deliverEmail(ctx context.Context, r pendingRow) error {
	rc, err := s.recipient(ctx, r.userID)
	if err != nil {
		return err
	}
	if rc.Disabled {
		return permanentErr(errors.New("account disabled"))
	}
	to, err := s.address(ctx, r.userID, rc)
	if err != nil {
		return err
	}
	if to == "" {
		return permanentErr(errors.New("no email address for this user"))
	}
	subject, body := s.render(rc.Lang, r)
	text := body
	if r.link != "" {
		text += "\n\n" + s.cat.T(rc.Lang, "notify.email.link", map[string]any{"URL": s.cfg.BaseURL + r.link})
	}
	text += "\n\n-- \n" + s.cat.T(rc.Lang, "notify.email.footer", map[string]any{"URL": s.cfg.BaseURL + "/account/notifications"})
	return s.cfg.SMTP.SendEmail(ctx, Email{To: to, Subject: subject, Body: text,
		Headers: map[string]string{HeaderTopic: r.topic, HeaderDelivery: strconv.FormatInt(r.id, 10)}})
}

// WebhookPayload is the JSON body of every webhook POST.
type WebhookPayload struct {
	ID        int64                  `json:"id"` // the delivery id, the same on retries
	Topic     string                 `json:"topic"`
	CreatedAt time.Time              `json:"created_at"`
	Link      string                 `json:"link,omitempty"`
	Data      map[string]any         `json:"data"`
	Text      map[string]WebhookText `json:"text"` // by language: zh-CN and en
	PointID   int64                  `json:"point_id,omitempty"`
}

// WebhookText is a message rendered in one language.
type WebhookText struct {
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

func (s *Service) deliverWebhook(ctx context.Context, r pendingRow) error {
	var url, secret string
	var active bool
	err := s.db.QueryRow(ctx, `SELECT url, secret, active FROM notify_webhook WHERE id = $1`, r.webhookID).Scan(&url, &secret, &active)
	if isNoRows(err) {
		return permanentErr(errors.New("webhook deleted"))
	}
	if err != nil {
		return err
	}
	if !active {
		return permanentErr(errors.New("webhook deactivated"))
	}
	p := WebhookPayload{ID: r.id, Topic: r.topic, CreatedAt: r.createdAt.UTC(), Data: r.data, PointID: r.pointID, Text: map[string]WebhookText{}}
	if r.link != "" {
		p.Link = s.cfg.BaseURL + r.link
	}
	for _, lang := range i18n.Languages {
		subject, body := s.render(lang, r)
		p.Text[lang] = WebhookText{Subject: subject, Body: body}
	}
	body, err := json.Marshal(p)
	if err != nil {
		return permanentErr(err)
	}
	ts := s.now().Unix()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return permanentErr(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "chuhai-webhook/1")
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(HeaderSignature, Sign(secret, ts, body))
	req.Header.Set(HeaderDelivery, strconv.FormatInt(r.id, 10))
	req.Header.Set(HeaderTopic, r.topic)
	resp, err := s.cfg.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return nil
	case resp.StatusCode == http.StatusBadRequest, resp.StatusCode == http.StatusNotFound, resp.StatusCode == http.StatusMethodNotAllowed,
		resp.StatusCode == http.StatusGone, resp.StatusCode == http.StatusRequestEntityTooLarge, resp.StatusCode == http.StatusUnprocessableEntity:
		return permanentErr(fmt.Errorf("webhook: receiver answered %s", resp.Status))
	default:
		return fmt.Errorf("webhook: receiver answered %s", resp.Status)
	}
}
