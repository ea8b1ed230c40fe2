-- +goose Up
-- Programmes, rounds, applications, offers, vouchers and the budget ledger. Money is integer fen,
-- rates are basis points, civil dates are YYYY-MM-DD text.
CREATE TABLE subsidy_programme (
    id                      INTEGER PRIMARY KEY,
    code                    TEXT NOT NULL UNIQUE,
    name_zh                 TEXT NOT NULL,
    name_en                 TEXT NOT NULL DEFAULT '',
    owner_region            TEXT NOT NULL REFERENCES region(code),
    kind                    TEXT NOT NULL,            -- rate, review, voucher
    budget_year             INTEGER NOT NULL,
    period_from             TEXT NOT NULL,            -- invoices dated in [period_from, period_to]
    period_to               TEXT NOT NULL,
    apply_from              TEXT NOT NULL,            -- applications accepted in [apply_from, apply_until]
    apply_until             TEXT NOT NULL,
    rules                   TEXT NOT NULL,            -- JSON: eligibility rules, edited by the owner
    rate_bp                 INTEGER NOT NULL DEFAULT 0,
    cap_application_fen     INTEGER NOT NULL DEFAULT 0,   -- 0: no cap
    cap_enterprise_year_fen INTEGER NOT NULL DEFAULT 0,   -- 0: no cap
    combinable              INTEGER NOT NULL DEFAULT 1,
    ceiling_bp              INTEGER NOT NULL DEFAULT 10000,
    allocation              TEXT NOT NULL,            -- first_come, pro_rata
    no_application          INTEGER NOT NULL DEFAULT 0,   -- 免申即享
    documents               TEXT NOT NULL DEFAULT '[]',   -- JSON
    review_days             INTEGER NOT NULL DEFAULT 5,
    owner_days              INTEGER NOT NULL DEFAULT 10,
    info_days               INTEGER NOT NULL DEFAULT 10,
    settle_days             INTEGER NOT NULL DEFAULT 10,
    description_zh          TEXT NOT NULL DEFAULT '',
    description_en          TEXT NOT NULL DEFAULT '',
    active                  INTEGER NOT NULL DEFAULT 1,
    version                 INTEGER NOT NULL DEFAULT 1,
    created_at              TIMESTAMP NOT NULL,
    updated_at              TIMESTAMP NOT NULL
);
CREATE INDEX subsidy_programme_owner ON subsidy_programme (owner_region);
CREATE TABLE subsidy_round (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES subsidy_programme(id),
    name         TEXT NOT NULL,
    opens_on     TEXT NOT NULL,
    closes_on    TEXT NOT NULL,
    budget_fen   INTEGER NOT NULL DEFAULT 0,          -- 0: the programme's budget
    closed_at    TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX subsidy_round_programme ON subsidy_round (programme_id, opens_on);
CREATE TABLE subsidy_application (
    id                 INTEGER PRIMARY KEY,
    ref                TEXT NOT NULL UNIQUE,
    programme_id       INTEGER NOT NULL REFERENCES subsidy_programme(id),
    round_id           INTEGER REFERENCES subsidy_round(id),
    enterprise_id      INTEGER NOT NULL REFERENCES enterprise(id),
    invoice_id         INTEGER,                       -- casework invoice; NULL for review-based rewards
    engagement_id      INTEGER,
    provider_id        INTEGER,
    enterprise_zh      TEXT NOT NULL DEFAULT '',      -- names as at submission, for queues and exports
    enterprise_en      TEXT NOT NULL DEFAULT '',
    provider_zh        TEXT NOT NULL DEFAULT '',
    provider_en        TEXT NOT NULL DEFAULT '',
    invoice_number     TEXT NOT NULL DEFAULT '',
    category           TEXT NOT NULL DEFAULT '',
    invoice_amount_fen INTEGER NOT NULL DEFAULT 0,
    invoice_date       TEXT,
    year               INTEGER NOT NULL,
    origin             TEXT NOT NULL,                 -- application, offer, automatic
    requested_fen      INTEGER NOT NULL,              -- what the computation (or the enterprise) asks
    approved_fen       INTEGER,                       -- committed amount once approved
    state              TEXT NOT NULL,
    due_on             TEXT,                          -- the running clock's deadline
    paused_state       TEXT NOT NULL DEFAULT '',      -- the state an information request returns to
    info_request       TEXT NOT NULL DEFAULT '',
    info_response      TEXT NOT NULL DEFAULT '',
    reject_reason      TEXT NOT NULL DEFAULT '',
    justification      TEXT NOT NULL DEFAULT '',
    documents          TEXT NOT NULL DEFAULT '[]',
    explanation        TEXT NOT NULL DEFAULT '[]',
    point_reviewer     INTEGER,
    owner_reviewer     INTEGER,
    pay_attempt        INTEGER NOT NULL DEFAULT 1,
    submitted_at       TIMESTAMP NOT NULL,
    decided_at         TIMESTAMP,
    paid_at            TIMESTAMP,
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX subsidy_application_once ON subsidy_application (programme_id, invoice_id)
    WHERE invoice_id IS NOT NULL AND state NOT IN ('rejected', 'withdrawn');
CREATE INDEX subsidy_application_queue ON subsidy_application (programme_id, state, due_on);
CREATE INDEX subsidy_application_enterprise ON subsidy_application (enterprise_id, programme_id, year);
CREATE INDEX subsidy_application_invoice ON subsidy_application (invoice_id);
CREATE TABLE subsidy_application_event (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES subsidy_application(id),
    action         TEXT NOT NULL,
    state          TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    actor_id       INTEGER,
    actor_name     TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX subsidy_application_event_app ON subsidy_application_event (application_id, id);
-- One row per claimed invoice: PostgreSQL locks it to serialise stacking decisions on that invoice
-- across programmes and districts.
CREATE TABLE subsidy_invoice (
    invoice_id INTEGER PRIMARY KEY,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE subsidy_offer (
    id             INTEGER PRIMARY KEY,
    programme_id   INTEGER NOT NULL REFERENCES subsidy_programme(id),
    enterprise_id  INTEGER NOT NULL REFERENCES enterprise(id),
    invoice_id     INTEGER NOT NULL,
    amount_fen     INTEGER NOT NULL,
    explanation    TEXT NOT NULL DEFAULT '[]',
    state          TEXT NOT NULL,                     -- open, accepted, declined, lapsed
    application_id INTEGER REFERENCES subsidy_application(id),
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (programme_id, invoice_id)
);
CREATE INDEX subsidy_offer_enterprise ON subsidy_offer (enterprise_id, state);
CREATE TABLE subsidy_voucher (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    programme_id  INTEGER NOT NULL REFERENCES subsidy_programme(id),
    enterprise_id INTEGER NOT NULL REFERENCES enterprise(id),
    face_fen      INTEGER NOT NULL,
    valid_from    TEXT NOT NULL,
    valid_until   TEXT NOT NULL,
    categories    TEXT NOT NULL DEFAULT '[]',         -- JSON: redeemable categories (empty: any)
    providers     TEXT NOT NULL DEFAULT '[]',         -- JSON: redeemable provider ids (empty: any)
    state         TEXT NOT NULL,                      -- active, expired, cancelled
    expired_at    TIMESTAMP,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX subsidy_voucher_enterprise ON subsidy_voucher (enterprise_id, state);
CREATE INDEX subsidy_voucher_expiry ON subsidy_voucher (state, valid_until);
CREATE TABLE subsidy_redemption (
    id              INTEGER PRIMARY KEY,
    voucher_id      INTEGER NOT NULL REFERENCES subsidy_voucher(id),
    provider_id     INTEGER NOT NULL,
    engagement_id   INTEGER NOT NULL,
    invoice_id      INTEGER NOT NULL,
    amount_fen      INTEGER NOT NULL,
    redeemed_on     TEXT NOT NULL,
    settle_due_on   TEXT NOT NULL,
    state           TEXT NOT NULL,                    -- pending, settled
    settled_on      TEXT,
    settled_at      TIMESTAMP,
    idempotency_key TEXT UNIQUE,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX subsidy_redemption_voucher ON subsidy_redemption (voucher_id);
CREATE INDEX subsidy_redemption_invoice ON subsidy_redemption (invoice_id);
CREATE INDEX subsidy_redemption_state ON subsidy_redemption (state, settle_due_on);
-- The ledger is append-only: a correction is a new entry that reverses an old one.
CREATE TABLE subsidy_ledger (
    id              INTEGER PRIMARY KEY,
    programme_id    INTEGER NOT NULL REFERENCES subsidy_programme(id),
    kind            TEXT NOT NULL,                    -- budget, commit, pay, release
    amount_fen      INTEGER NOT NULL,
    application_id  INTEGER REFERENCES subsidy_application(id),
    voucher_id      INTEGER REFERENCES subsidy_voucher(id),
    redemption_id   INTEGER REFERENCES subsidy_redemption(id),
    round_id        INTEGER REFERENCES subsidy_round(id),
    pay_attempt     INTEGER,
    reverses_id     INTEGER UNIQUE REFERENCES subsidy_ledger(id),
    idempotency_key TEXT UNIQUE,
    note            TEXT NOT NULL DEFAULT '',
    actor_id        INTEGER,
    entry_on        TEXT NOT NULL,                    -- the civil date it counts on (burn-down)
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX subsidy_ledger_programme ON subsidy_ledger (programme_id, id);
-- Covers the balance sums every budget decision recomputes, so they read the index alone.
CREATE INDEX subsidy_ledger_sums ON subsidy_ledger (programme_id, kind, amount_fen);
CREATE INDEX subsidy_ledger_round ON subsidy_ledger (round_id, kind, amount_fen) WHERE round_id IS NOT NULL;
CREATE UNIQUE INDEX subsidy_ledger_pay_once ON subsidy_ledger (application_id, pay_attempt)
    WHERE kind = 'pay' AND application_id IS NOT NULL AND reverses_id IS NULL;
CREATE UNIQUE INDEX subsidy_ledger_commit_once ON subsidy_ledger (application_id)
    WHERE kind = 'commit' AND application_id IS NOT NULL AND reverses_id IS NULL;
CREATE UNIQUE INDEX subsidy_ledger_settle_once ON subsidy_ledger (redemption_id)
    WHERE kind = 'pay' AND redemption_id IS NOT NULL AND reverses_id IS NULL;
-- +goose Down
DROP TABLE subsidy_ledger;
DROP TABLE subsidy_redemption;
DROP TABLE subsidy_voucher;
DROP TABLE subsidy_offer;
DROP TABLE subsidy_invoice;
DROP TABLE subsidy_application_event;
DROP TABLE subsidy_application;
DROP TABLE subsidy_round;
DROP TABLE subsidy_programme;
