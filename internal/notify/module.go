// Package notify owns notifications: the in-app inbox, email over SMTP and signed webhooks, each
// user's choice of channels per topic, and the outbox that carries them. A change that should tell
// somebody calls Send (or Publish, for a service point's webhooks) inside its own transaction; the
// outbox rows commit with the change or not at all, and jobs deliver email and webhooks afterwards,
// with retries and backoff. Messages are catalogue ids plus data, rendered in the reader's language
// when read or sent.
package notify

import (
	"embed"

	"chuhai/internal/db"
)

//go:embed migrations
var migrations embed.FS

// Module is the notification schema; it references app_user and service_point.
var Module = db.Module{Name: "notify", SQLite: db.Sub(migrations, "migrations/sqlite"), Postgres: db.Sub(migrations, "migrations/postgres")}
