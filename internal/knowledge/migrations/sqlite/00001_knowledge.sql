-- +goose Up
-- Country guides. A guide has revisions: at most one working copy (draft or review) and the
-- published versions, numbered 1, 2, ... and never changed once published.
CREATE TABLE guide (
    id                INTEGER PRIMARY KEY,
    country           TEXT NOT NULL UNIQUE REFERENCES region(code),
    published_version INTEGER NOT NULL DEFAULT 0,   -- the latest published version; 0 before the first
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE TABLE guide_revision (
    id           INTEGER PRIMARY KEY,
    guide_id     INTEGER NOT NULL REFERENCES guide(id),
    state        TEXT NOT NULL,                     -- draft, review, published
    number       INTEGER,                           -- the version number, set when published
    title_zh     TEXT NOT NULL,
    title_en     TEXT NOT NULL,
    summary_zh   TEXT NOT NULL DEFAULT '',
    summary_en   TEXT NOT NULL DEFAULT '',
    keywords     TEXT NOT NULL DEFAULT '',          -- search aliases, never shown
    reviewed_on  TEXT NOT NULL,                     -- YYYY-MM-DD: content last checked against the sources
    change_note  TEXT NOT NULL DEFAULT '',          -- the editor's account of what changed
    review_note  TEXT NOT NULL DEFAULT '',          -- the reviewer's reason for sending it back
    version      INTEGER NOT NULL DEFAULT 1,        -- optimistic lock of the working copy
    edited_by    TEXT NOT NULL DEFAULT '',
    submitted_by TEXT NOT NULL DEFAULT '',
    published_by TEXT NOT NULL DEFAULT '',
    published_at TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (guide_id, number)
);
CREATE UNIQUE INDEX guide_revision_working ON guide_revision (guide_id) WHERE state IN ('draft', 'review');
CREATE TABLE guide_section (
    revision_id INTEGER NOT NULL REFERENCES guide_revision(id) ON DELETE CASCADE,
    section     TEXT NOT NULL,                      -- overview, market_access, tax, labour, ...
    body_zh     TEXT NOT NULL DEFAULT '',           -- Markdown
    body_en     TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (revision_id, section)
);
CREATE TABLE guide_source (
    revision_id INTEGER NOT NULL REFERENCES guide_revision(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    url         TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (revision_id, position)
);

-- The policy library. Status (in force, not yet in force, expired, superseded) is derived from the
-- dates and the successor, never stored.
CREATE TABLE policy (
    id            INTEGER PRIMARY KEY,
    state         TEXT NOT NULL,                    -- draft, published
    title_zh      TEXT NOT NULL,
    title_en      TEXT NOT NULL DEFAULT '',
    doc_number    TEXT NOT NULL DEFAULT '',         -- 文号, e.g. 商合发〔2025〕12号
    issuer_kind   TEXT NOT NULL,                    -- ministry, city, district, sub_platform, alliance
    issuer_code   TEXT NOT NULL,
    issuer_zh     TEXT NOT NULL,
    issuer_en     TEXT NOT NULL DEFAULT '',
    level         TEXT NOT NULL,                    -- national, municipal, district
    category      TEXT NOT NULL,
    issued_on     TEXT NOT NULL,                    -- YYYY-MM-DD
    effective_on  TEXT NOT NULL,
    expires_on    TEXT,                             -- the last day in force; NULL: no end date
    superseded_by INTEGER REFERENCES policy(id),
    summary_zh    TEXT NOT NULL DEFAULT '',
    summary_en    TEXT NOT NULL DEFAULT '',
    body_zh       TEXT NOT NULL DEFAULT '',         -- Markdown, the full text
    body_en       TEXT NOT NULL DEFAULT '',
    source_url    TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    published_at  TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX policy_listing ON policy (state, effective_on);
CREATE INDEX policy_superseded_by ON policy (superseded_by);
CREATE TABLE policy_topic (
    policy_id  INTEGER NOT NULL REFERENCES policy(id) ON DELETE CASCADE,
    topic      TEXT NOT NULL REFERENCES topic(code),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (policy_id, topic)
);
CREATE INDEX policy_topic_topic ON policy_topic (topic, policy_id);
-- Whom a policy applies to, one row per value: within a dimension any value matches, and a
-- dimension without rows does not restrict.
CREATE TABLE policy_applicability (
    policy_id  INTEGER NOT NULL REFERENCES policy(id) ON DELETE CASCADE,
    dimension  TEXT NOT NULL,                       -- district, industry, size, ownership, country, topic
    value      TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (policy_id, dimension, value)
);
CREATE INDEX policy_applicability_value ON policy_applicability (dimension, value, policy_id);
CREATE TABLE policy_attachment (
    id           INTEGER PRIMARY KEY,
    policy_id    INTEGER NOT NULL REFERENCES policy(id) ON DELETE CASCADE,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX policy_attachment_policy ON policy_attachment (policy_id);

-- Risk alerts (安全提醒) and every earlier state of each.
CREATE TABLE alert (
    id           INTEGER PRIMARY KEY,
    state        TEXT NOT NULL,                     -- draft, published
    country      TEXT NOT NULL REFERENCES region(code),
    area_zh      TEXT NOT NULL DEFAULT '',          -- a region or city within the country, or ''
    area_en      TEXT NOT NULL DEFAULT '',
    level        TEXT NOT NULL,                     -- caution 注意安全, reconsider 谨慎前往, avoid 暂勿前往
    title_zh     TEXT NOT NULL,
    title_en     TEXT NOT NULL DEFAULT '',
    body_zh      TEXT NOT NULL DEFAULT '',          -- Markdown
    body_en      TEXT NOT NULL DEFAULT '',
    source_zh    TEXT NOT NULL,                     -- who issued it, e.g. 外交部和中国驻越南使馆
    source_en    TEXT NOT NULL DEFAULT '',
    source_url   TEXT NOT NULL DEFAULT '',
    starts_on    TEXT NOT NULL,                     -- YYYY-MM-DD
    ends_on      TEXT,                              -- the last day; NULL: until withdrawn
    version      INTEGER NOT NULL DEFAULT 1,
    published_at TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX alert_country ON alert (country, starts_on);
CREATE TABLE alert_revision (
    alert_id   INTEGER NOT NULL REFERENCES alert(id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    state      TEXT NOT NULL,
    level      TEXT NOT NULL,
    area_zh    TEXT NOT NULL,
    area_en    TEXT NOT NULL,
    title_zh   TEXT NOT NULL,
    title_en   TEXT NOT NULL,
    body_zh    TEXT NOT NULL,
    body_en    TEXT NOT NULL,
    starts_on  TEXT NOT NULL,
    ends_on    TEXT,
    changed_by TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (alert_id, version)
);
-- +goose Down
DROP TABLE alert_revision;
DROP TABLE alert;
DROP TABLE policy_attachment;
DROP TABLE policy_applicability;
DROP TABLE policy_topic;
DROP TABLE policy;
DROP TABLE guide_source;
DROP TABLE guide_section;
DROP TABLE guide_revision;
DROP TABLE guide;
