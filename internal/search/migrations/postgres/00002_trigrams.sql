-- +goose Up
-- SQLite's index gains trigram columns (see search.trigramText); PostgreSQL's tsvectors are unchanged.
-- The table keeps both engines' schemas at the same version and Index.RebuildPending engine-neutral.
CREATE TABLE search_rebuild (pending INTEGER NOT NULL);
-- +goose Down
DROP TABLE search_rebuild;
