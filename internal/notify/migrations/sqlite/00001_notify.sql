-- +goose Up
-- Where a user wants email, when their login is not an address.
CREATE TABLE notify_contact (
    user_id    INTEGER PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
    email      TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- A user's choice for one topic and channel; without a row the topic's default applies. The inbox
-- is not a choice: it always receives.
CREATE TABLE notify_preference (
    user_id    INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    topic      TEXT NOT NULL,
    channel    TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
    enabled    INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, topic, channel)
);
-- A receiver of signed POSTs: a user's own, or a service point's (managed by its lead).
CREATE TABLE notify_webhook (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER REFERENCES app_user(id) ON DELETE CASCADE,
    point_id    INTEGER REFERENCES service_point(id) ON DELETE CASCADE,
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,                 -- HMAC-SHA256 key; needed in clear to sign
    topics      TEXT NOT NULL DEFAULT '',      -- space-separated; empty means every topic
    description TEXT NOT NULL DEFAULT '',
    active      INTEGER NOT NULL DEFAULT 1,
    created_by  INTEGER NOT NULL REFERENCES app_user(id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    CHECK ((user_id IS NULL) <> (point_id IS NULL))
);
CREATE INDEX notify_webhook_user ON notify_webhook (user_id);
CREATE INDEX notify_webhook_point ON notify_webhook (point_id);
-- The outbox: one row per message and channel, written in the transaction of the change that caused
-- it. Inbox rows are delivered by being written (they are the inbox); email and webhook rows are
-- delivered by jobs.
CREATE TABLE notify_outbox (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER REFERENCES app_user(id) ON DELETE CASCADE,
    point_id    INTEGER REFERENCES service_point(id) ON DELETE CASCADE,
    channel     TEXT NOT NULL CHECK (channel IN ('inbox', 'email', 'webhook')),
    webhook_id  INTEGER REFERENCES notify_webhook(id) ON DELETE CASCADE,
    topic       TEXT NOT NULL,
    subject_key TEXT NOT NULL,
    body_key    TEXT NOT NULL DEFAULT '',
    data        TEXT NOT NULL DEFAULT '{}',
    link        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    sent_at     TIMESTAMP,
    read_at     TIMESTAMP,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    CHECK ((channel = 'webhook') = (webhook_id IS NOT NULL))
);
CREATE INDEX notify_inbox ON notify_outbox (user_id, id) WHERE channel = 'inbox';
CREATE INDEX notify_unread ON notify_outbox (user_id, id) WHERE channel = 'inbox' AND read_at IS NULL;
CREATE INDEX notify_outbox_webhook ON notify_outbox (webhook_id);
-- +goose Down
DROP TABLE notify_outbox;
DROP TABLE notify_webhook;
DROP TABLE notify_preference;
DROP TABLE notify_contact;
