-- +goose Up
-- A region's published calendar for one year, loaded by an administrator; it replaces the built-in
-- calendar for that region and year.
CREATE TABLE workday_year (
    region     TEXT NOT NULL,            -- ISO 3166-1 alpha-2, e.g. CN
    year       INTEGER NOT NULL,
    loaded_by  TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (region, year)
);
-- The days of a loaded year that differ from the weekend rule (and holidays on weekends).
CREATE TABLE workday_day (
    region     TEXT NOT NULL,
    year       INTEGER NOT NULL,
    day        TEXT NOT NULL,            -- YYYY-MM-DD
    kind       TEXT NOT NULL CHECK (kind IN ('off', 'on')),
    note       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (region, day),
    FOREIGN KEY (region, year) REFERENCES workday_year (region, year) ON DELETE CASCADE
);
CREATE INDEX workday_day_year ON workday_day (region, year);
-- +goose Down
DROP TABLE workday_day;
DROP TABLE workday_year;
