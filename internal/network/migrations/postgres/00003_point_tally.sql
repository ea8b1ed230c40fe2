-- +goose Up
-- Points per kind and state, kept by triggers in the writing transaction, so the list's total needs no
-- count over every point.
CREATE TABLE service_point_tally (
    kind   TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    n      BIGINT NOT NULL,
    PRIMARY KEY (kind, active)
);
INSERT INTO service_point_tally (kind, active, n) SELECT kind, active, COUNT(*) FROM service_point GROUP BY kind, active;
-- +goose StatementBegin
CREATE FUNCTION service_point_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE service_point_tally SET n = n - 1 WHERE kind = OLD.kind AND active = OLD.active;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO service_point_tally (kind, active, n) VALUES (NEW.kind, NEW.active, 1)
            ON CONFLICT (kind, active) DO UPDATE SET n = service_point_tally.n + 1;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER service_point_tally_insert AFTER INSERT OR DELETE ON service_point
    FOR EACH ROW EXECUTE FUNCTION service_point_tally();
CREATE TRIGGER service_point_tally_update AFTER UPDATE OF kind, active ON service_point
    FOR EACH ROW WHEN (OLD.kind IS DISTINCT FROM NEW.kind OR OLD.active IS DISTINCT FROM NEW.active)
    EXECUTE FUNCTION service_point_tally();
-- +goose Down
DROP TRIGGER service_point_tally_update ON service_point;
DROP TRIGGER service_point_tally_insert ON service_point;
DROP FUNCTION service_point_tally();
DROP TABLE service_point_tally;
