-- +goose Up
-- Service levels per topic and urgency: the first response and the resolution, each counted in the
-- serving point's working hours or working days. topic_code '*' is the default for topics without
-- their own row.
CREATE TABLE casework_sla_policy (
    topic_code        TEXT NOT NULL,
    urgency           TEXT NOT NULL CHECK (urgency IN ('normal', 'high', 'urgent')),
    response_amount   INTEGER NOT NULL CHECK (response_amount > 0),
    response_unit     TEXT NOT NULL CHECK (response_unit IN ('hours', 'days')),
    resolution_amount INTEGER NOT NULL CHECK (resolution_amount > 0),
    resolution_unit   TEXT NOT NULL CHECK (resolution_unit IN ('hours', 'days')),
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    PRIMARY KEY (topic_code, urgency)
);
INSERT INTO casework_sla_policy (topic_code, urgency, response_amount, response_unit, resolution_amount, resolution_unit, created_at, updated_at) VALUES
    ('*', 'normal', 1, 'days', 10, 'days', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('*', 'high', 4, 'hours', 5, 'days', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('*', 'urgent', 2, 'hours', 2, 'days', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('odi', 'normal', 1, 'days', 15, 'days', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('odi', 'high', 4, 'hours', 10, 'days', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('safety', 'normal', 4, 'hours', 3, 'days', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('safety', 'high', 2, 'hours', 1, 'days', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('safety', 'urgent', 1, 'hours', 8, 'hours', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

-- Routing rules, tried in position order; the first that finds an active point takes the request.
CREATE TABLE casework_routing_rule (
    id              INTEGER PRIMARY KEY,
    position        INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('abroad', 'capability', 'home_district', 'intake', 'point_kind', 'fixed')),
    topic_code      TEXT NOT NULL DEFAULT '',   -- '' = any topic (capability rules need one)
    channel         TEXT NOT NULL DEFAULT '',   -- '' = any channel
    point_kind      TEXT NOT NULL DEFAULT '',   -- capability, abroad and point_kind rules: only points of this kind
    target_point_id INTEGER REFERENCES service_point(id),  -- fixed rules
    name_zh         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    active          INTEGER NOT NULL DEFAULT 1,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
INSERT INTO casework_routing_rule (position, kind, topic_code, point_kind, name_zh, name_en, created_at, updated_at) VALUES
    (10, 'abroad', '', 'overseas_point', '发生在境外的事项由覆盖该国家或地区的海外服务点承接', 'A matter located abroad goes to the overseas point covering the country', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    (20, 'capability', 'odi', 'specialised_point', 'ODI 事项由 ODI 咨询服务点承接（有多个时由在办量最少者承接）', 'ODI goes to an ODI consultation point (the least loaded, when there are several)', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    (25, 'capability', 'odi', '', '没有 ODI 咨询服务点时，由其他具备 ODI 能力的平台承接', 'Without an ODI consultation point, another platform with the ODI capability', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    (30, 'home_district', '', '', '默认由企业注册地所在区的服务点承接（浦东由浦东分平台承接）', 'By default, the service point of the enterprise''s home district (Pudong: its sub-platform)', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    (40, 'intake', '', '', '由受理的服务点承接', 'The point that took the request in', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    (50, 'point_kind', '', 'city_platform', '其余由市级平台承接', 'Everything else goes to the city platform', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

-- Which provider categories (the directory's) serve each topic, for matching providers to a request.
CREATE TABLE casework_topic_category (
    topic_code TEXT NOT NULL,
    category   TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (topic_code, category)
);
INSERT INTO casework_topic_category (topic_code, category, created_at, updated_at) VALUES
    ('odi', 'consulting', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP), ('odi', 'legal', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('odi', 'accounting', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP), ('market_entry', 'consulting', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('market_entry', 'marketing', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP), ('market_entry', 'legal', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('legal', 'legal', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP), ('tax', 'accounting', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('finance', 'finance', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP), ('ip', 'ip', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('ip', 'legal', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP), ('certification', 'certification', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('hr', 'hr', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP), ('safety', 'security', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('data_compliance', 'it', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP), ('data_compliance', 'legal', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('subsidy', 'consulting', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP), ('subsidy', 'accounting', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('other', 'consulting', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

-- The last reference number issued per point and year (XH-2026-000123). The row is locked while a
-- request is created, so two creations never get the same number on either engine.
CREATE TABLE casework_sequence (
    point_id   INTEGER NOT NULL REFERENCES service_point(id),
    year       INTEGER NOT NULL,
    last_value INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (point_id, year)
);

CREATE TABLE casework_request (
    id                 INTEGER PRIMARY KEY,
    ref                TEXT NOT NULL UNIQUE,
    channel            TEXT NOT NULL CHECK (channel IN ('online', 'walk_in', 'phone', 'email', 'overseas_point')),
    enterprise_id      INTEGER REFERENCES enterprise(id),
    contact_name       TEXT NOT NULL DEFAULT '',
    contact_phone      TEXT NOT NULL DEFAULT '',
    contact_email      TEXT NOT NULL DEFAULT '',
    contact_org        TEXT NOT NULL DEFAULT '',
    topic_code         TEXT NOT NULL,
    countries          TEXT NOT NULL DEFAULT '',   -- space-separated ISO 3166-1 alpha-2 codes
    abroad             INTEGER NOT NULL DEFAULT 0, -- the matter itself is located abroad
    title              TEXT NOT NULL,
    description        TEXT NOT NULL,
    urgency            TEXT NOT NULL CHECK (urgency IN ('normal', 'high', 'urgent')),
    needed_by          TEXT,                       -- YYYY-MM-DD
    state              TEXT NOT NULL CHECK (state IN ('submitted', 'triaged', 'assigned', 'in_progress', 'resolved', 'closed')),
    home_district      TEXT,                       -- the enterprise's home district when the request came in; never changed here
    intake_point_id    INTEGER REFERENCES service_point(id),
    point_id           INTEGER NOT NULL REFERENCES service_point(id),  -- the point serving it now
    route_rule_id      INTEGER,
    route_kind         TEXT NOT NULL,
    route_detail       TEXT NOT NULL DEFAULT '{}',
    assignee_id        INTEGER REFERENCES app_user(id),
    duplicate_of_id    INTEGER REFERENCES casework_request(id),
    merged_into_id     INTEGER REFERENCES casework_request(id),
    response_warn_at   TIMESTAMP NOT NULL,
    response_due_at    TIMESTAMP NOT NULL,
    responded_at       TIMESTAMP,
    resolution_warn_at TIMESTAMP NOT NULL,
    resolution_due_at  TIMESTAMP NOT NULL,
    resolved_at        TIMESTAMP,
    closed_at          TIMESTAMP,
    sla_due_at         TIMESTAMP,                  -- the running clock's deadline; NULL when none runs
    sla_warn_at        TIMESTAMP,
    sla_provisional    INTEGER NOT NULL DEFAULT 0, -- a deadline counted over a year without a published calendar
    resolution         TEXT NOT NULL DEFAULT '',
    survey_score       INTEGER CHECK (survey_score BETWEEN 1 AND 5),
    survey_comment     TEXT NOT NULL DEFAULT '',
    surveyed_at        TIMESTAMP,
    client_key         TEXT UNIQUE,                -- the creating POST's Idempotency-Key, scoped to its caller
    created_by         INTEGER REFERENCES app_user(id),
    submitted_at       TIMESTAMP NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    CHECK (enterprise_id IS NOT NULL OR contact_name <> '')
);
CREATE INDEX casework_request_queue ON casework_request (point_id, state, sla_due_at, id);
CREATE INDEX casework_request_enterprise ON casework_request (enterprise_id, topic_code, submitted_at);
CREATE INDEX casework_request_home ON casework_request (home_district, submitted_at);
CREATE INDEX casework_request_assignee ON casework_request (assignee_id, state);
CREATE INDEX casework_request_submitted ON casework_request (submitted_at);
CREATE INDEX casework_request_point_new ON casework_request (point_id, submitted_at, id);
CREATE INDEX casework_request_mine ON casework_request (enterprise_id, submitted_at, id);

-- Every point that served a request, for collaboration credit: the point serving it now, points that
-- served it before a transfer or merge, and points that accepted an invitation to collaborate.
CREATE TABLE casework_request_point (
    request_id INTEGER NOT NULL REFERENCES casework_request(id),
    point_id   INTEGER NOT NULL REFERENCES service_point(id),
    role       TEXT NOT NULL CHECK (role IN ('serving', 'served', 'collaborator')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (request_id, point_id)
);
CREATE INDEX casework_request_point_point ON casework_request_point (point_id, role);

-- The timeline: every transition, note and event, as it happened. public rows are shown to the
-- enterprise.
CREATE TABLE casework_event (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES casework_request(id),
    kind       TEXT NOT NULL,
    from_state TEXT NOT NULL DEFAULT '',
    to_state   TEXT NOT NULL DEFAULT '',
    point_id   INTEGER REFERENCES service_point(id),
    actor_id   INTEGER REFERENCES app_user(id),
    actor_name TEXT NOT NULL DEFAULT '',
    public     INTEGER NOT NULL DEFAULT 0,
    body       TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '{}',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX casework_event_request ON casework_event (request_id, id);

CREATE TABLE casework_invitation (
    id            INTEGER PRIMARY KEY,
    request_id    INTEGER NOT NULL REFERENCES casework_request(id),
    from_point_id INTEGER NOT NULL REFERENCES service_point(id),
    to_point_id   INTEGER NOT NULL REFERENCES service_point(id),
    message       TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
    response_note TEXT NOT NULL DEFAULT '',
    created_by    INTEGER REFERENCES app_user(id),
    responded_by  INTEGER REFERENCES app_user(id),
    responded_at  TIMESTAMP,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX casework_invitation_request ON casework_invitation (request_id);
CREATE INDEX casework_invitation_to ON casework_invitation (to_point_id, status);
CREATE UNIQUE INDEX casework_invitation_pending ON casework_invitation (request_id, to_point_id) WHERE status = 'pending';

CREATE TABLE casework_attachment (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES casework_request(id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,               -- sniffed from the content, never the client's word
    size_bytes   INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    uploaded_by  INTEGER REFERENCES app_user(id),
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX casework_attachment_request ON casework_attachment (request_id);

-- SLA and deadline timers. A timer fires once: the sweep sets fired_at in the same transaction as
-- what firing does. Timers of a clock that stopped are deleted. The sweep reads only unfired due
-- rows, through the partial index.
CREATE TABLE casework_timer (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES casework_request(id),
    clock      TEXT NOT NULL CHECK (clock IN ('response', 'resolution', 'referral')),
    stage      TEXT NOT NULL CHECK (stage IN ('warning', 'breach', 'escalation', 'expiry')),
    round      INTEGER NOT NULL DEFAULT 1,   -- a reopened request runs its resolution clock again
    subject_id INTEGER NOT NULL DEFAULT 0,   -- referral timers: the referral
    due_at     TIMESTAMP NOT NULL,
    fired_at   TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (request_id, clock, stage, round, subject_id)
);
CREATE INDEX casework_timer_due ON casework_timer (due_at, id) WHERE fired_at IS NULL;

CREATE TABLE casework_referral (
    id             INTEGER PRIMARY KEY,
    request_id     INTEGER NOT NULL REFERENCES casework_request(id),
    provider_id    INTEGER NOT NULL REFERENCES provider(id),
    status         TEXT NOT NULL CHECK (status IN ('offered', 'accepted', 'declined', 'expired', 'withdrawn')),
    source         TEXT NOT NULL CHECK (source IN ('staff', 'enterprise')),
    match_rank     INTEGER,
    note           TEXT NOT NULL DEFAULT '',
    respond_by     TIMESTAMP NOT NULL,
    responded_at   TIMESTAMP,
    responded_by   INTEGER REFERENCES app_user(id),
    decline_reason TEXT NOT NULL DEFAULT '',
    created_by     INTEGER REFERENCES app_user(id),
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX casework_referral_request ON casework_referral (request_id);
CREATE INDEX casework_referral_provider ON casework_referral (provider_id, status);
CREATE UNIQUE INDEX casework_referral_live ON casework_referral (request_id, provider_id) WHERE status IN ('offered', 'accepted');

CREATE TABLE casework_engagement (
    id                   INTEGER PRIMARY KEY,
    request_id           INTEGER NOT NULL REFERENCES casework_request(id),
    referral_id          INTEGER NOT NULL UNIQUE REFERENCES casework_referral(id),
    provider_id          INTEGER NOT NULL REFERENCES provider(id),
    enterprise_id        INTEGER NOT NULL REFERENCES enterprise(id),
    point_id             INTEGER NOT NULL REFERENCES service_point(id),
    scope                TEXT NOT NULL,
    amount_fen           INTEGER NOT NULL CHECK (amount_fen > 0),
    invoiced_fen         INTEGER NOT NULL DEFAULT 0,
    start_on             TEXT NOT NULL,         -- YYYY-MM-DD
    end_on               TEXT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('active', 'completed', 'cancelled')),
    completed_on         TEXT,
    completed_at         TIMESTAMP,
    rating               INTEGER CHECK (rating BETWEEN 1 AND 5),
    comment              TEXT NOT NULL DEFAULT '',
    rated_at             TIMESTAMP,
    activity_recorded_at TIMESTAMP,             -- when the provider's directory record was updated
    created_by           INTEGER REFERENCES app_user(id),
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    CHECK (invoiced_fen <= amount_fen)
);
CREATE INDEX casework_engagement_request ON casework_engagement (request_id);
CREATE INDEX casework_engagement_provider ON casework_engagement (provider_id, status);
CREATE INDEX casework_engagement_enterprise ON casework_engagement (enterprise_id, status);

CREATE TABLE casework_invoice (
    id            INTEGER PRIMARY KEY,
    engagement_id INTEGER NOT NULL REFERENCES casework_engagement(id),
    number        TEXT NOT NULL,
    amount_fen    INTEGER NOT NULL CHECK (amount_fen > 0),
    issued_on     TEXT NOT NULL,
    created_by    INTEGER REFERENCES app_user(id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (engagement_id, number)
);

-- Changes of an engagement's agreed amount: invoices may exceed the amount only after one.
CREATE TABLE casework_amendment (
    id            INTEGER PRIMARY KEY,
    engagement_id INTEGER NOT NULL REFERENCES casework_engagement(id),
    previous_fen  INTEGER NOT NULL,
    amount_fen    INTEGER NOT NULL,
    reason        TEXT NOT NULL,
    created_by    INTEGER REFERENCES app_user(id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX casework_amendment_engagement ON casework_amendment (engagement_id);
-- +goose Down
DROP TABLE casework_amendment;
DROP TABLE casework_invoice;
DROP TABLE casework_engagement;
DROP TABLE casework_referral;
DROP TABLE casework_timer;
DROP TABLE casework_attachment;
DROP TABLE casework_invitation;
DROP TABLE casework_event;
DROP TABLE casework_request_point;
DROP TABLE casework_request;
DROP TABLE casework_sequence;
DROP TABLE casework_topic_category;
DROP TABLE casework_routing_rule;
DROP TABLE casework_sla_policy;
