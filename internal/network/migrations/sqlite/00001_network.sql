-- +goose Up
CREATE TABLE region (
    code       TEXT PRIMARY KEY,          -- GB/T 2260 code for Chinese regions, ISO 3166 alpha-2 for countries
    kind       TEXT NOT NULL,             -- city, district, g60_city, country
    parent     TEXT REFERENCES region(code),
    name_zh    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    sort       INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE service_point (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,   -- short stable code, e.g. XH; prefixes reference numbers
    kind          TEXT NOT NULL,          -- city_platform, sub_platform, district_point, overseas_point, specialised_point
    name_zh       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    region_code   TEXT NOT NULL REFERENCES region(code),
    address_zh    TEXT NOT NULL DEFAULT '',
    address_en    TEXT NOT NULL DEFAULT '',
    opening_hours TEXT NOT NULL DEFAULT '',
    time_zone     TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    phone         TEXT NOT NULL DEFAULT '',
    capabilities  TEXT NOT NULL DEFAULT '',  -- space-separated topic codes
    active        INTEGER NOT NULL DEFAULT 1,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX service_point_region ON service_point (region_code);
-- +goose Down
DROP TABLE service_point;
DROP TABLE region;
