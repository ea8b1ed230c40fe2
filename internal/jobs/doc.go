// Package jobs owns durable background work on both databases: a job table, written in the caller's
// transaction (a job exists if and only if the change that asked for it committed), claimed by
// leases, retried with exponential backoff and jitter, dead after its last attempt, and kept once
// finished so that a keyed job — a timer — fires exactly once, across restarts and any number of
// instances. Handlers registered with RegisterTx commit their writes together with the job's
// completion; that is what makes an SLA escalation happen exactly once even when a process dies
// mid-job.
//
// Why not River. DESIGN.md proposed River (riverdatabasesql on PostgreSQL, riversqlite on SQLite)
// unless its SQLite driver proved unreliable. It did not prove unreliable: a spike with River v0.51.2
// on modernc SQLite (our pragmas, one connection per client as its documentation asks) ran 500 jobs
// through two clients with each completed once, deduplicated a unique insert, and after three
// SIGKILLs of a worker process completed all 300 jobs exactly once with JobCompleteTx (about 19 s
// to recover with the rescuer tuned down). It was rejected because it does not fit what the
// platform needs:
//   - Cancelling a timer by (kind, key) is not in its API: River's unique key is an internal hash, so
//     cancelling needs a side table mapping keys to River ids.
//   - Its uniqueness lasts only while the row does: the job cleaner deletes completed jobs (after 24 h
//     by default) and cancelled or discarded jobs do not count, so "this timer fires once" would hold
//     only for a retention window. Here the finished row is the proof and stays.
//   - On SQLite it asks for a single-connection pool, so its leader elector, rescuer, cleaner,
//     scheduler and fetch loops would all take turns on the one write connection that serves every
//     HTTP request; and transactional insert and completion need the raw *sql.Tx that db.Tx keeps
//     private.
//   - Its schema lives outside the per-module goose migrations, and its sweep queries are not ours to
//     check for index use.
//
// The driver also calls itself early testing. The table here is about four hundred lines, uses one
// partial index for the sweep (checked by EXPLAIN in the tests on both engines) and claims with
// FOR UPDATE SKIP LOCKED on PostgreSQL and the single writer on SQLite.
package jobs
