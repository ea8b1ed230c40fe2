-- +goose Up
CREATE TABLE enterprise (
    id            INTEGER PRIMARY KEY,
    uscc          TEXT NOT NULL UNIQUE,
    name_zh       TEXT NOT NULL,
    name_en       TEXT NOT NULL DEFAULT '',
    home_district TEXT NOT NULL REFERENCES region(code),
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX enterprise_home ON enterprise (home_district);
CREATE TABLE provider (
    id          INTEGER PRIMARY KEY,
    uscc        TEXT UNIQUE,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
-- +goose Down
DROP TABLE provider;
DROP TABLE enterprise;
