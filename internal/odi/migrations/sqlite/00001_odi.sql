-- +goose Up
-- Coordinators' edits of the ODI rules (odi.Rules as JSON). Every save adds a row; the highest version
-- is in force, and an empty rules column means "back to the built-in defaults". Keeping every version
-- shows what the lists said when a project was assessed.
CREATE TABLE odi_rules (
    id         INTEGER PRIMARY KEY,
    version    INTEGER NOT NULL UNIQUE,
    rules      TEXT NOT NULL,
    saved_by   TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Per point and year, the last project number handed out (ODI-JA-ODI-2026-000001).
CREATE TABLE odi_counter (
    point_id   INTEGER NOT NULL REFERENCES service_point(id),
    year       INTEGER NOT NULL,
    last       INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (point_id, year)
);

-- A tracked outbound investment. The enterprise's names and home district are copied when the project
-- is opened, so the record reads the same in exports and after the directory changes.
CREATE TABLE odi_project (
    id                      INTEGER PRIMARY KEY,
    reference               TEXT NOT NULL UNIQUE,
    point_id                INTEGER NOT NULL REFERENCES service_point(id),
    enterprise_id           INTEGER NOT NULL REFERENCES enterprise(id),
    enterprise_uscc         TEXT NOT NULL,
    enterprise_name_zh      TEXT NOT NULL,
    enterprise_name_en      TEXT NOT NULL DEFAULT '',
    home_district           TEXT NOT NULL DEFAULT '',
    request_reference       TEXT UNIQUE,            -- the casework request it was opened from
    title                   TEXT NOT NULL,
    enterprise_type         TEXT NOT NULL CHECK (enterprise_type IN ('central', 'local')),
    registration            TEXT NOT NULL DEFAULT '',
    country                 TEXT NOT NULL,
    industry                TEXT NOT NULL,
    form                    TEXT NOT NULL,
    total_usd_cents         INTEGER NOT NULL CHECK (total_usd_cents > 0),
    chinese_usd_cents       INTEGER NOT NULL CHECK (chinese_usd_cents > 0 AND chinese_usd_cents <= total_usd_cents),
    cny_per_usd_e4          INTEGER NOT NULL,
    domestic_input          INTEGER NOT NULL,
    via_overseas_subsidiary INTEGER NOT NULL,
    financing               TEXT NOT NULL DEFAULT '',  -- comma-separated financing source codes
    rules_version           INTEGER NOT NULL DEFAULT 0, -- odi_rules version last assessed with (0: defaults)
    started_on              TEXT,                       -- investment made: certificates no longer lapse
    completed_on            TEXT,
    completion_report_on    TEXT,
    withdrawn_on            TEXT,
    opened_by               TEXT NOT NULL DEFAULT '',
    version                 INTEGER NOT NULL DEFAULT 1,
    created_at              TIMESTAMP NOT NULL,
    updated_at              TIMESTAMP NOT NULL
);
CREATE INDEX odi_project_point ON odi_project (point_id, id);
CREATE INDEX odi_project_enterprise ON odi_project (enterprise_id, id);
CREATE INDEX odi_project_district ON odi_project (home_district);

-- Staff's decisions on the four sensitivity flags, with the reason.
CREATE TABLE odi_override (
    project_id INTEGER NOT NULL REFERENCES odi_project(id) ON DELETE CASCADE,
    flag       TEXT NOT NULL CHECK (flag IN ('ndrc_country', 'ndrc_industry', 'mofcom_country', 'mofcom_industry')),
    sensitive  INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    set_by     TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, flag)
);

-- One row per authority (ndrc, mofcom, safe): the route the assessment gave, and what happened.
CREATE TABLE odi_step (
    id                  INTEGER PRIMARY KEY,
    project_id          INTEGER NOT NULL REFERENCES odi_project(id) ON DELETE CASCADE,
    regime              TEXT NOT NULL CHECK (regime IN ('ndrc', 'mofcom', 'safe')),
    authority           TEXT NOT NULL DEFAULT '',
    authority_zh        TEXT NOT NULL DEFAULT '',
    authority_en        TEXT NOT NULL DEFAULT '',
    action              TEXT NOT NULL,
    level               TEXT NOT NULL DEFAULT '',
    time_limit_workdays INTEGER NOT NULL DEFAULT 0,
    extension_workdays  INTEGER NOT NULL DEFAULT 0,  -- the most the limit may be extended
    acceptance_workdays INTEGER NOT NULL DEFAULT 0,
    limit_confirmed     INTEGER NOT NULL DEFAULT 1,
    submitted_on        TEXT,
    accepted_on         TEXT,
    decided_on          TEXT,
    decision            TEXT NOT NULL DEFAULT '',    -- granted, refused, withdrawn once decided
    extended_workdays   INTEGER NOT NULL DEFAULT 0,  -- extension actually granted
    notice_number       TEXT NOT NULL DEFAULT '',    -- filing notice, approval document or certificate number
    valid_until         TEXT,
    note                TEXT NOT NULL DEFAULT '',
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    UNIQUE (project_id, regime)
);

-- Requests for more documents: the clock stops from requested_on until resumed_on.
CREATE TABLE odi_pause (
    id           INTEGER PRIMARY KEY,
    step_id      INTEGER NOT NULL REFERENCES odi_step(id) ON DELETE CASCADE,
    requested_on TEXT NOT NULL,
    resumed_on   TEXT,
    note         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX odi_pause_step ON odi_pause (step_id, requested_on);

-- A step's document checklist and where each document stands.
CREATE TABLE odi_document (
    id         INTEGER PRIMARY KEY,
    step_id    INTEGER NOT NULL REFERENCES odi_step(id) ON DELETE CASCADE,
    doc        TEXT NOT NULL,
    name_zh    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0,
    status     TEXT NOT NULL DEFAULT 'missing' CHECK (status IN ('missing', 'received', 'accepted', 'rejected', 'waived')),
    note       TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (step_id, doc)
);

-- Uploaded files, kept in the database so that every app instance serves them and backups hold them.
CREATE TABLE odi_file (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES odi_document(id) ON DELETE CASCADE,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    content      BLOB NOT NULL,
    uploaded_by  TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX odi_file_document ON odi_file (document_id, id);

-- Alerts raised about a project (clock near or past its limit, a notice about to lapse, a completion
-- report due). key makes each alert happen once, however often the sweep runs.
CREATE TABLE odi_alert (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES odi_project(id) ON DELETE CASCADE,
    regime     TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL,
    key        TEXT NOT NULL UNIQUE,
    due_on     TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX odi_alert_project ON odi_alert (project_id, id);

-- +goose Down
DROP TABLE odi_alert;
DROP TABLE odi_file;
DROP TABLE odi_document;
DROP TABLE odi_pause;
DROP TABLE odi_step;
DROP TABLE odi_override;
DROP TABLE odi_project;
DROP TABLE odi_counter;
DROP TABLE odi_rules;
