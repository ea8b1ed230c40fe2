-- +goose Up
-- Alliance members are providers from the directory, so this table migrates after directory (see
-- network.MembersModule).
CREATE TABLE alliance_member (
    id          INTEGER PRIMARY KEY,
    alliance_id INTEGER NOT NULL REFERENCES alliance(id),
    provider_id INTEGER NOT NULL REFERENCES provider(id),
    batch       INTEGER NOT NULL DEFAULT 1,   -- 1 = first batch (首批)
    joined_on   TEXT NOT NULL,                -- YYYY-MM-DD
    status      TEXT NOT NULL,                -- active, suspended, withdrawn
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (alliance_id, provider_id)
);
CREATE INDEX alliance_member_provider ON alliance_member (provider_id);
-- +goose Down
DROP TABLE alliance_member;
