-- +goose Up
-- One row per Idempotency-Key a client sent with a POST: while the first request runs the row is a
-- claim (status 0); afterwards it holds the response, which a retry with the same key and the same
-- body gets back instead of doing the work again.
CREATE TABLE idempotency_key (
    scope        TEXT NOT NULL,            -- "u:<user id>" or "anon" — keys are per caller
    key          TEXT NOT NULL,
    route        TEXT NOT NULL,            -- method and route pattern
    request_hash TEXT NOT NULL,            -- SHA-256 of method, path and body
    status       INTEGER NOT NULL DEFAULT 0,  -- 0 while the first request runs
    content_type TEXT NOT NULL DEFAULT '',
    location     TEXT NOT NULL DEFAULT '',
    body         BLOB,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_key_expiry ON idempotency_key (expires_at);
-- +goose Down
DROP TABLE idempotency_key;
