-- +goose Up
-- search_fts gains the trigrams of titles and bodies (see search.trigramText). FTS5 cannot add a
-- column, so the table is made anew, empty; search_rebuild asks Index.RebuildPending to index every
-- record again from its source when the application next migrates.
DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, meta, title3, body3,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE search_rebuild (pending INTEGER NOT NULL);
INSERT INTO search_rebuild (pending) SELECT 1 WHERE EXISTS (SELECT 1 FROM search_doc);
-- +goose Down
DROP TABLE search_rebuild;
DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, meta,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
