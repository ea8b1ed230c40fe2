-- +goose Up
-- The ledger is append-only in the database too: a correction is a reversing entry, never an edit,
-- so ordinary SQL cannot change or remove an entry.
-- +goose StatementBegin
CREATE TRIGGER subsidy_ledger_no_update BEFORE UPDATE ON subsidy_ledger
BEGIN
    SELECT RAISE(ABORT, 'subsidy_ledger is append-only: book a reversing entry instead');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER subsidy_ledger_no_delete BEFORE DELETE ON subsidy_ledger
BEGIN
    SELECT RAISE(ABORT, 'subsidy_ledger is append-only: book a reversing entry instead');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER subsidy_ledger_no_delete;
DROP TRIGGER subsidy_ledger_no_update;
