package notify

import (
	"context"
	"fmt"
	"net/mail"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// MaxEmailLength bounds a contact address (RFC 5321's path limit).
const MaxEmailLength = 254

type choices map[string]bool

func (c choices) get(channel string, def bool) bool {
	if v, ok := c[channel]; ok {
		return v
	}
	return def
}

func channelChoices(ctx context.Context, q db.Querier, userID int64, topic string) (choices, error) {
	rows, err := q.Query(ctx, `SELECT channel, enabled FROM notify_preference WHERE user_id = $1 AND topic = $2`, userID, topic)
	if err != nil {
		return nil, fmt.Errorf("notify: preferences: %w", err)
	}
	defer rows.Close()
	c := choices{}
	for rows.Next() {
		var ch string
		var on bool
		if err := rows.Scan(&ch, &on); err != nil {
			return nil, err
		}
		c[ch] = on
	}
	return c, rows.Err()
}

// TopicChoice is one row of the preferences form.
type TopicChoice struct {
	Topic   string `json:"topic"`
	NameKey string `json:"-"`
	Inbox   bool   `json:"inbox"` // always true: the inbox is not optional
	Email   bool   `json:"email"`
	Webhook bool   `json:"webhook"`
}

// Preferences is a user's notification settings.
type Preferences struct {
	Email        string        `json:"email"`         // the address set here; "" uses the account's own
	AccountEmail string        `json:"account_email"` // the address the account has, if any
	EmailEnabled bool          `json:"email_enabled"` // whether the platform sends email at all
	Topics       []TopicChoice `json:"topics"`
}

// Preferences returns the user's settings with defaults filled in.
func (s *Service) Preferences(ctx context.Context, userID int64) (Preferences, error) {
	p := Preferences{EmailEnabled: s.EmailEnabled()}
	if s.people != nil {
		r, err := s.people.Recipient(ctx, userID)
		if err != nil {
			return p, err
		}
		p.AccountEmail = r.Email
	}
	err := s.db.QueryRow(ctx, `SELECT email FROM notify_contact WHERE user_id = $1`, userID).Scan(&p.Email)
	if err != nil && !isNoRows(err) {
		return p, fmt.Errorf("notify: contact: %w", err)
	}
	rows, err := s.db.Query(ctx, `SELECT topic, channel, enabled FROM notify_preference WHERE user_id = $1`, userID)
	if err != nil {
		return p, fmt.Errorf("notify: preferences: %w", err)
	}
	defer rows.Close()
	set := map[string]choices{}
	for rows.Next() {
		var topic, ch string
		var on bool
		if err := rows.Scan(&topic, &ch, &on); err != nil {
			return p, err
		}
		if set[topic] == nil {
			set[topic] = choices{}
		}
		set[topic][ch] = on
	}
	if err := rows.Err(); err != nil {
		return p, err
	}
	for _, t := range s.topics {
		c := set[t.Code]
		p.Topics = append(p.Topics, TopicChoice{Topic: t.Code, NameKey: t.NameKey, Inbox: true,
			Email: c.get(ChannelEmail, t.EmailByDefault), Webhook: c.get(ChannelWebhook, true)})
	}
	return p, nil
}

// PreferencesInput replaces a user's settings. Topics not listed keep their current choice.
type PreferencesInput struct {
	Email  string        `json:"email"`
	Topics []TopicChoice `json:"topics"`
}

// SetPreferences validates and stores a user's settings, with an audit entry.
func (s *Service) SetPreferences(ctx context.Context, userID int64, in PreferencesInput) error {
	var v apperr.Validator
	in.Email = strings.TrimSpace(in.Email)
	if in.Email != "" {
		v.Check(len(in.Email) <= MaxEmailLength, "email", "error.too_long", "Max", MaxEmailLength)
		v.Check(validAddress(in.Email), "email", "notify.email_bad")
	}
	seen := map[string]bool{}
	for i, c := range in.Topics {
		field := fmt.Sprintf("topics[%d].topic", i)
		if _, ok := s.topic(c.Topic); !ok {
			v.Add(field, "notify.topic_unknown", "Value", clip(c.Topic, 60))
			continue
		}
		v.Check(!seen[c.Topic], field, "notify.topic_twice", "Value", c.Topic)
		seen[c.Topic] = true
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now()
		if _, err := tx.Exec(ctx, `INSERT INTO notify_contact (user_id, email, created_at, updated_at) VALUES ($1, $2, $3, $3)
			ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, updated_at = excluded.updated_at`, userID, in.Email, now); err != nil {
			return fmt.Errorf("notify: contact: %w", err)
		}
		var changed []string
		for _, c := range in.Topics {
			for ch, on := range map[string]bool{ChannelEmail: c.Email, ChannelWebhook: c.Webhook} {
				if _, err := tx.Exec(ctx, `INSERT INTO notify_preference (user_id, topic, channel, enabled, created_at, updated_at)
					VALUES ($1, $2, $3, $4, $5, $5)
					ON CONFLICT (user_id, topic, channel) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at`,
					userID, c.Topic, ch, on, now); err != nil {
					return fmt.Errorf("notify: preference: %w", err)
				}
			}
			changed = append(changed, fmt.Sprintf("%s:email=%t,webhook=%t", c.Topic, c.Email, c.Webhook))
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "notify.preferences.set", ObjectType: "user",
			ObjectID: fmt.Sprint(userID), Detail: map[string]any{"email_set": in.Email != "", "topics": changed}})
	})
}

// address is where email to the user goes: the address set in preferences, else the account's.
func (s *Service) address(ctx context.Context, userID int64, r Recipient) (string, error) {
	var email string
	err := s.db.QueryRow(ctx, `SELECT email FROM notify_contact WHERE user_id = $1`, userID).Scan(&email)
	if err != nil && !isNoRows(err) {
		return "", err
	}
	if email != "" {
		return email, nil
	}
	if validAddress(r.Email) {
		return r.Email, nil
	}
	return "", nil
}

// validAddress accepts a bare address (no display name), which is what we put in RCPT TO.
func validAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s && strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".")
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
