-- +goose Up
-- One row per unit of background work. A job is claimed by setting a lease (leased_by, leased_until);
-- a runner that dies simply lets its lease run out and another runner claims the job again. A
-- finished job keeps its row (state done, cancelled or dead), so a keyed job can never run twice.
CREATE TABLE job (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    key          TEXT NOT NULL DEFAULT '',      -- non-empty: unique per kind ("each timer fires once")
    payload      TEXT NOT NULL DEFAULT '{}',    -- JSON
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'cancelled', 'dead')),
    run_at       TIMESTAMP NOT NULL,            -- not before; moved forward by retries
    attempts     INTEGER NOT NULL DEFAULT 0,    -- claims so far; also the lease's fencing number
    max_attempts INTEGER NOT NULL DEFAULT 0,    -- 0: the runner's default
    leased_until TIMESTAMP,
    leased_by    TEXT NOT NULL DEFAULT '',
    last_error   TEXT NOT NULL DEFAULT '',
    done_at      TIMESTAMP,                     -- when it reached a final state
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX job_kind_key ON job (kind, key) WHERE key <> '';
-- The sweep reads only pending jobs in run_at order; finished jobs never enter this index.
CREATE INDEX job_due ON job (run_at) WHERE state = 'pending';
-- Pruning of old unkeyed jobs.
CREATE INDEX job_finished ON job (done_at) WHERE key = '' AND state <> 'pending';
-- +goose Down
DROP TABLE job;
