-- +goose Up
-- A user has exactly one role; the role decides which one of point, enterprise or provider it
-- belongs to (coordinators and admins belong to none). The CHECKs repeat what CreateUser validates,
-- so no path into the table can break the rule.
CREATE TABLE app_user (
    id                  INTEGER PRIMARY KEY,
    login               TEXT NOT NULL UNIQUE,       -- stored lower-case
    name                TEXT NOT NULL DEFAULT '',
    role                TEXT NOT NULL CHECK (role IN ('enterprise_member', 'enterprise_admin', 'provider_member',
                            'provider_admin', 'point_staff', 'point_lead', 'city_coordinator', 'system_admin')),
    point_id            INTEGER REFERENCES service_point(id),
    enterprise_id       INTEGER REFERENCES enterprise(id),
    provider_id         INTEGER REFERENCES provider(id),
    lang                TEXT NOT NULL DEFAULT '',
    password_hash       TEXT NOT NULL,              -- argon2id, PHC string format
    totp_secret         TEXT NOT NULL DEFAULT '',   -- base32; pending until totp_enabled
    totp_enabled        INTEGER NOT NULL DEFAULT 0,
    totp_last_step      INTEGER NOT NULL DEFAULT 0, -- last accepted 30-second step: a code is good once
    disabled            INTEGER NOT NULL DEFAULT 0,
    password_changed_at TIMESTAMP NOT NULL,
    last_login_at       TIMESTAMP,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    CHECK ((role IN ('point_staff', 'point_lead')) = (point_id IS NOT NULL)),
    CHECK ((role IN ('enterprise_member', 'enterprise_admin')) = (enterprise_id IS NOT NULL)),
    CHECK ((role IN ('provider_member', 'provider_admin')) = (provider_id IS NOT NULL))
);
CREATE INDEX app_user_role ON app_user (role);
CREATE INDEX app_user_point ON app_user (point_id);
CREATE INDEX app_user_enterprise ON app_user (enterprise_id);
CREATE INDEX app_user_provider ON app_user (provider_id);

-- Sessions live in the database so that any app instance can serve any request. Only the SHA-256 of
-- the token is stored: a copy of the table signs nobody in.
CREATE TABLE session (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('web', 'api')),
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT '',
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,            -- absolute end, whatever the activity
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX session_by_user ON session (user_id);
CREATE INDEX session_by_expiry ON session (expires_at);
CREATE INDEX session_by_last_seen ON session (last_seen_at);

CREATE TABLE api_token (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    hint         TEXT NOT NULL,                 -- first characters, so people can tell tokens apart
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX api_token_user ON api_token (user_id);

-- Failed sign-ins within the throttle window, by the login typed (whether or not it exists) and the
-- client address; and the locks they caused. Kept in the database so the limit holds across instances.
CREATE TABLE signin_failure (
    id         INTEGER PRIMARY KEY,
    login      TEXT NOT NULL,
    ip         TEXT NOT NULL,
    at         TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX signin_failure_login ON signin_failure (login, at);
CREATE INDEX signin_failure_ip ON signin_failure (ip, at);
CREATE INDEX signin_failure_at ON signin_failure (at);

CREATE TABLE signin_lock (
    id           INTEGER PRIMARY KEY,
    scope        TEXT NOT NULL CHECK (scope IN ('login', 'ip')),
    subject      TEXT NOT NULL,
    locked_until TIMESTAMP NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (scope, subject)
);
-- +goose Down
DROP TABLE signin_lock;
DROP TABLE signin_failure;
DROP TABLE api_token;
DROP TABLE session;
DROP TABLE app_user;
