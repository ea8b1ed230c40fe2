-- +goose Up
-- Enterprises and service providers. Other packages insert rows with only the first columns of each
-- table (accounts' fixtures, demo data), so every column after them is nullable or has a default.
CREATE TABLE enterprise (
    id            INTEGER PRIMARY KEY,
    uscc          TEXT NOT NULL UNIQUE,          -- 统一社会信用代码, GB 32100-2015
    name_zh       TEXT NOT NULL,
    name_en       TEXT NOT NULL DEFAULT '',
    home_district TEXT NOT NULL REFERENCES region(code), -- exactly one; changes need coordinator approval
    industry      TEXT NOT NULL DEFAULT '',      -- GB/T 4754-2017: "C" or "C39" (internal/industry)
    size_class    TEXT NOT NULL DEFAULT '',      -- large, medium, small, micro
    ownership     TEXT NOT NULL DEFAULT '',      -- private, state_owned, foreign_invested, ...
    address_zh    TEXT NOT NULL DEFAULT '',      -- registered address (注册地址)
    address_en    TEXT NOT NULL DEFAULT '',
    website       TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'verified', -- pending (self-registered), verified, rejected
    origin        TEXT NOT NULL DEFAULT 'window',   -- self, window, import
    status_note   TEXT NOT NULL DEFAULT '',
    verified_at   TIMESTAMP,
    verified_by   INTEGER,                       -- app_user id (accounts migrate after the directory)
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX enterprise_home ON enterprise (home_district, status);
CREATE INDEX enterprise_industry ON enterprise (industry);
CREATE INDEX enterprise_status ON enterprise (status, created_at);
CREATE TABLE enterprise_market (
    enterprise_id INTEGER NOT NULL REFERENCES enterprise(id) ON DELETE CASCADE,
    country       TEXT NOT NULL REFERENCES region(code),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (enterprise_id, country)
);
CREATE INDEX enterprise_market_country ON enterprise_market (country, enterprise_id);
CREATE TABLE enterprise_entity (                -- overseas entities (境外主体)
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprise(id) ON DELETE CASCADE,
    country       TEXT NOT NULL REFERENCES region(code),
    kind          TEXT NOT NULL,                 -- subsidiary, branch, representative_office, joint_venture, plant, warehouse
    name          TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,                 -- planned, establishing, operating, dormant, closed
    sort          INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX enterprise_entity_owner ON enterprise_entity (enterprise_id, sort);
CREATE TABLE enterprise_contact (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprise(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    title         TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    is_primary    INTEGER NOT NULL DEFAULT 0,
    sort          INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX enterprise_contact_owner ON enterprise_contact (enterprise_id, sort);
CREATE TABLE district_change (                  -- a request to move an enterprise's home district
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprise(id) ON DELETE CASCADE,
    from_district TEXT NOT NULL REFERENCES region(code),
    to_district   TEXT NOT NULL REFERENCES region(code),
    address_zh    TEXT NOT NULL DEFAULT '',      -- the new registered address
    reason        TEXT NOT NULL,
    status        TEXT NOT NULL,                 -- pending, approved, rejected, withdrawn
    requested_by  INTEGER,
    decided_by    INTEGER,
    decided_at    TIMESTAMP,
    decision_note TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX district_change_one_pending ON district_change (enterprise_id) WHERE status = 'pending';
CREATE INDEX district_change_status ON district_change (status, created_at);
CREATE TABLE provider (
    id               INTEGER PRIMARY KEY,
    uscc             TEXT UNIQUE,                -- Chinese firms; foreign firms have a foreign registration instead
    name_zh          TEXT NOT NULL,
    name_en          TEXT NOT NULL DEFAULT '',
    foreign_country  TEXT REFERENCES region(code),
    foreign_reg_no   TEXT,
    status           TEXT NOT NULL DEFAULT 'pending', -- pending, verified, suspended, delisted
    status_reason    TEXT NOT NULL DEFAULT '',
    status_changed_at TIMESTAMP,
    verified_at      TIMESTAMP,
    description_zh   TEXT NOT NULL DEFAULT '',
    description_en   TEXT NOT NULL DEFAULT '',
    website          TEXT NOT NULL DEFAULT '',
    -- What matching scores, kept on the row (written with the lists below, in the same transaction)
    -- so that ranking reads one row per candidate: space-separated codes, and the service menu as
    -- "category:min:max" items in fen.
    match_categories TEXT NOT NULL DEFAULT '',
    match_countries  TEXT NOT NULL DEFAULT '',
    match_languages  TEXT NOT NULL DEFAULT '',
    match_regions    TEXT NOT NULL DEFAULT '',   -- office regions
    match_prices     TEXT NOT NULL DEFAULT '',
    match_text       TEXT NOT NULL DEFAULT '',   -- service names, lower-cased, for free-text needs
    -- Activity, filled by casework through RecordEngagement.
    last_engagement_at    TIMESTAMP,
    engagements_completed INTEGER NOT NULL DEFAULT 0,
    rating_count          INTEGER NOT NULL DEFAULT 0,
    rating_sum            INTEGER NOT NULL DEFAULT 0, -- tenths of a star: 46 is 4.6
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    UNIQUE (foreign_country, foreign_reg_no)
);
CREATE INDEX provider_status ON provider (status, id);
CREATE TABLE provider_category (
    provider_id INTEGER NOT NULL REFERENCES provider(id) ON DELETE CASCADE,
    category    TEXT NOT NULL,                   -- data/categories.csv
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (provider_id, category)
);
CREATE INDEX provider_category_code ON provider_category (category, provider_id);
CREATE TABLE provider_country (
    provider_id INTEGER NOT NULL REFERENCES provider(id) ON DELETE CASCADE,
    country     TEXT NOT NULL REFERENCES region(code),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (provider_id, country)
);
CREATE INDEX provider_country_code ON provider_country (country, provider_id);
CREATE TABLE provider_language (
    provider_id INTEGER NOT NULL REFERENCES provider(id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,                   -- data/languages.csv (ISO 639-1)
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (provider_id, lang)
);
CREATE INDEX provider_language_code ON provider_language (lang, provider_id);
CREATE TABLE provider_office (
    id          INTEGER PRIMARY KEY,
    provider_id INTEGER NOT NULL REFERENCES provider(id) ON DELETE CASCADE,
    region_code TEXT NOT NULL REFERENCES region(code), -- a Shanghai district, or a city
    address_zh  TEXT NOT NULL DEFAULT '',
    address_en  TEXT NOT NULL DEFAULT '',
    is_head     INTEGER NOT NULL DEFAULT 0,
    sort        INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX provider_office_owner ON provider_office (provider_id, sort);
CREATE INDEX provider_office_region ON provider_office (region_code, provider_id);
CREATE TABLE provider_service (                 -- the service menu
    id            INTEGER PRIMARY KEY,
    provider_id   INTEGER NOT NULL REFERENCES provider(id) ON DELETE CASCADE,
    category      TEXT NOT NULL,
    name_zh       TEXT NOT NULL,
    name_en       TEXT NOT NULL DEFAULT '',
    price_min_fen INTEGER NOT NULL,
    price_max_fen INTEGER NOT NULL,
    delivery_days INTEGER NOT NULL,              -- typical delivery time in calendar days
    countries     TEXT NOT NULL DEFAULT '',      -- space-separated ISO 3166-1 codes; empty: every country the provider serves
    languages     TEXT NOT NULL DEFAULT '',
    sort          INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX provider_service_owner ON provider_service (provider_id, sort);
CREATE TABLE provider_licence (
    id          INTEGER PRIMARY KEY,
    provider_id INTEGER NOT NULL REFERENCES provider(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,                   -- e.g. 律师事务所执业许可证
    number      TEXT NOT NULL DEFAULT '',
    issuer      TEXT NOT NULL DEFAULT '',
    valid_until TEXT,                            -- YYYY-MM-DD; NULL: no expiry
    sort        INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX provider_licence_owner ON provider_licence (provider_id, sort);
CREATE TABLE provider_contact (
    id          INTEGER PRIMARY KEY,
    provider_id INTEGER NOT NULL REFERENCES provider(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    is_primary  INTEGER NOT NULL DEFAULT 0,
    sort        INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX provider_contact_owner ON provider_contact (provider_id, sort);
CREATE TABLE provider_conflict (                -- a declared conflict of interest: never matched to that enterprise
    id            INTEGER PRIMARY KEY,
    provider_id   INTEGER NOT NULL REFERENCES provider(id) ON DELETE CASCADE,
    enterprise_id INTEGER NOT NULL REFERENCES enterprise(id) ON DELETE CASCADE,
    reason        TEXT NOT NULL,
    declared_by   INTEGER,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (provider_id, enterprise_id)
);
CREATE INDEX provider_conflict_enterprise ON provider_conflict (enterprise_id, provider_id);
-- Matching keeps the verified providers in memory and checks this counter on every call; any write
-- to provider (by the store or anyone else) moves it, so no instance ever ranks from a stale copy.
CREATE TABLE directory_state (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    provider_version INTEGER NOT NULL DEFAULT 0,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
INSERT INTO directory_state (id, provider_version, created_at, updated_at) VALUES (1, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);
-- +goose StatementBegin
CREATE TRIGGER provider_inserted AFTER INSERT ON provider BEGIN
    UPDATE directory_state SET provider_version = provider_version + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER provider_updated AFTER UPDATE ON provider BEGIN
    UPDATE directory_state SET provider_version = provider_version + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER provider_deleted AFTER DELETE ON provider BEGIN
    UPDATE directory_state SET provider_version = provider_version + 1 WHERE id = 1;
END;
-- +goose StatementEnd
-- +goose Down
DROP TRIGGER provider_deleted;
DROP TRIGGER provider_updated;
DROP TRIGGER provider_inserted;
DROP TABLE directory_state;
DROP TABLE provider_conflict;
DROP TABLE provider_contact;
DROP TABLE provider_licence;
DROP TABLE provider_service;
DROP TABLE provider_office;
DROP TABLE provider_language;
DROP TABLE provider_country;
DROP TABLE provider_category;
DROP TABLE provider;
DROP TABLE district_change;
DROP TABLE enterprise_contact;
DROP TABLE enterprise_entity;
DROP TABLE enterprise_market;
DROP TABLE enterprise;
