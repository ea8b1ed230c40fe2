-- +goose Up
-- One row per searchable record: what a result shows and what the filters and facets read.
CREATE TABLE search_doc (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,              -- guide, policy, alert, provider, ...
    ref        TEXT NOT NULL,              -- the record's key within its kind
    draft      INTEGER NOT NULL DEFAULT 0, -- 1: only editors may find it
    issuer     TEXT NOT NULL DEFAULT '',
    countries  TEXT NOT NULL DEFAULT ' ',  -- ISO 3166-1 codes, each between spaces: ' VN TH '
    dated      TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD shown with the result, or ''
    url        TEXT NOT NULL,
    issuer_zh  TEXT NOT NULL DEFAULT '',
    issuer_en  TEXT NOT NULL DEFAULT '',
    title_zh   TEXT NOT NULL,
    title_en   TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (kind, ref)
);
-- The plain text, read only to quote snippets; kept apart so that the rows above stay small.
CREATE TABLE search_text (
    doc_id     INTEGER PRIMARY KEY REFERENCES search_doc(id) ON DELETE CASCADE,
    body_zh    TEXT NOT NULL DEFAULT '',
    body_en    TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- The terms (see search.Tokens), rowid = search_doc.id. Contentless: the tables hold only the index.
-- meta holds one term per filter value (kind, countries, issuer, draft) so that filters are part of
-- the match. search_title_fts repeats the titles alone: ranking a common word's title matches must
-- not walk the body terms of every document.
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, meta,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE search_title_fts USING fts5(
    title, meta,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
-- +goose Down
DROP TABLE search_title_fts;
DROP TABLE search_fts;
DROP TABLE search_text;
DROP TABLE search_doc;
