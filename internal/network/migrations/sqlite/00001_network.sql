-- +goose Up
-- Reference data (region, region_group, topic) is loaded from data/*.csv by Seed after every migrate.
CREATE TABLE region (
    code       TEXT PRIMARY KEY,          -- GB/T 2260 code for Chinese regions, ISO 3166-1 alpha-2 for countries, SH-* for special areas
    kind       TEXT NOT NULL,             -- municipality, district, area, province, city, country
    parent     TEXT REFERENCES region(code),
    name_zh    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    sort       INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX region_kind ON region (kind, sort);
CREATE TABLE region_group (
    code       TEXT PRIMARY KEY,          -- e.g. g60
    name_zh    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE region_group_member (
    group_code  TEXT NOT NULL REFERENCES region_group(code),
    region_code TEXT NOT NULL REFERENCES region(code),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (group_code, region_code)
);
CREATE TABLE topic (
    code       TEXT PRIMARY KEY,          -- odi, legal, tax, ...
    name_zh    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    sort       INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE service_point (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,   -- short stable code, e.g. XH; prefixes reference numbers
    kind             TEXT NOT NULL,          -- city_platform, sub_platform, district_point, overseas_point, specialised_point
    name_zh          TEXT NOT NULL,
    name_en          TEXT NOT NULL,
    region_code      TEXT NOT NULL REFERENCES region(code),
    address_zh       TEXT NOT NULL DEFAULT '',
    address_en       TEXT NOT NULL DEFAULT '',
    opening_hours_zh TEXT NOT NULL DEFAULT '',
    opening_hours_en TEXT NOT NULL DEFAULT '',
    time_zone        TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    phone            TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    note_zh          TEXT NOT NULL DEFAULT '',
    note_en          TEXT NOT NULL DEFAULT '',
    opened_on        TEXT,                   -- YYYY-MM-DD
    active           INTEGER NOT NULL DEFAULT 1,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX service_point_region ON service_point (region_code);
CREATE INDEX service_point_kind ON service_point (kind, code);
CREATE TABLE service_point_capability (
    point_id   INTEGER NOT NULL REFERENCES service_point(id) ON DELETE CASCADE,
    topic_code TEXT NOT NULL REFERENCES topic(code),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (point_id, topic_code)
);
CREATE INDEX service_point_capability_topic ON service_point_capability (topic_code, point_id);
CREATE TABLE service_point_country (       -- countries an overseas point covers
    point_id    INTEGER NOT NULL REFERENCES service_point(id) ON DELETE CASCADE,
    region_code TEXT NOT NULL REFERENCES region(code),
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (point_id, region_code)
);
CREATE TABLE alliance (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    name_zh        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    scope          TEXT NOT NULL,          -- district, city, multi_city
    owner_region   TEXT NOT NULL REFERENCES region(code),
    description_zh TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    founded_on     TEXT,                   -- YYYY-MM-DD
    active         INTEGER NOT NULL DEFAULT 1,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE TABLE alliance_region (             -- the cities of a multi-city alliance
    alliance_id INTEGER NOT NULL REFERENCES alliance(id) ON DELETE CASCADE,
    region_code TEXT NOT NULL REFERENCES region(code),
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (alliance_id, region_code)
);
-- +goose Down
DROP TABLE alliance_region;
DROP TABLE alliance;
DROP TABLE service_point_country;
DROP TABLE service_point_capability;
DROP TABLE service_point;
DROP TABLE topic;
DROP TABLE region_group_member;
DROP TABLE region_group;
DROP TABLE region;
