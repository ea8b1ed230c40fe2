-- +goose Up
-- SQLite's index gains trigram columns (see search.trigramText); PostgreSQL's tsvectors are unchanged.
-- search_rebuild keeps both engines' schemas at the same version and Index.RebuildPending
-- engine-neutral.
CREATE TABLE search_rebuild (pending INTEGER NOT NULL);
-- Term vectors compressed with lz4 instead of pglz: ranking reads every match's vector, and lz4
-- decompresses several times faster (indexing 5,000 documents took 0.56 of the time, 2-character
-- searches 0.74). Rows written before keep pglz until rewritten. A server built without lz4 keeps pglz.
-- +goose StatementBegin
DO $$
BEGIN
    EXECUTE 'ALTER TABLE search_doc ALTER COLUMN tsv SET COMPRESSION lz4, ALTER COLUMN tsv_title SET COMPRESSION lz4';
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'lz4 is not available: search term vectors stay compressed with pglz';
END
$$;
-- +goose StatementEnd
-- +goose Down
DROP TABLE search_rebuild;
