-- +goose Up
-- The ledger is append-only in the database too: a correction is a reversing entry, never an edit,
-- so ordinary SQL cannot change or remove an entry.
-- +goose StatementBegin
CREATE FUNCTION subsidy_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: book a reversing entry instead', TG_TABLE_NAME;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER subsidy_ledger_no_change BEFORE UPDATE OR DELETE ON subsidy_ledger
    FOR EACH ROW EXECUTE FUNCTION subsidy_ledger_append_only();
CREATE TRIGGER subsidy_ledger_no_truncate BEFORE TRUNCATE ON subsidy_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION subsidy_ledger_append_only();

-- +goose Down
DROP TRIGGER subsidy_ledger_no_truncate ON subsidy_ledger;
DROP TRIGGER subsidy_ledger_no_change ON subsidy_ledger;
DROP FUNCTION subsidy_ledger_append_only();
