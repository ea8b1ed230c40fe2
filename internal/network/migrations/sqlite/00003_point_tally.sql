-- +goose Up
-- Points per kind and state, kept by triggers in the writing transaction, so the list's total needs no
-- count over every point.
CREATE TABLE service_point_tally (
    kind   TEXT NOT NULL,
    active INTEGER NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (kind, active)
);
INSERT INTO service_point_tally (kind, active, n) SELECT kind, active, COUNT(*) FROM service_point GROUP BY kind, active;
-- +goose StatementBegin
CREATE TRIGGER service_point_tally_insert AFTER INSERT ON service_point BEGIN
    INSERT INTO service_point_tally (kind, active, n) VALUES (NEW.kind, NEW.active, 1)
        ON CONFLICT (kind, active) DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER service_point_tally_delete AFTER DELETE ON service_point BEGIN
    UPDATE service_point_tally SET n = n - 1 WHERE kind = OLD.kind AND active = OLD.active;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER service_point_tally_update AFTER UPDATE OF kind, active ON service_point BEGIN
    UPDATE service_point_tally SET n = n - 1 WHERE kind = OLD.kind AND active = OLD.active;
    INSERT INTO service_point_tally (kind, active, n) VALUES (NEW.kind, NEW.active, 1)
        ON CONFLICT (kind, active) DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose Down
DROP TRIGGER service_point_tally_update;
DROP TRIGGER service_point_tally_delete;
DROP TRIGGER service_point_tally_insert;
DROP TABLE service_point_tally;
