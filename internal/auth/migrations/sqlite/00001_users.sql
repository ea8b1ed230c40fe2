-- +goose Up
CREATE TABLE app_user (
    id            INTEGER PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    point_id      INTEGER,
    enterprise_id INTEGER,
    provider_id   INTEGER,
    lang          TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
-- +goose Down
DROP TABLE app_user;
