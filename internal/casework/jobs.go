package casework

import (
	"context"
	"fmt"
	"time"

	"chuhai/internal/db"
	"chuhai/internal/jobs"
)

// SweepKind is the job that fires due timers. A job of this kind is enqueued, in the same
// transaction, for the minute each timer falls due (one job per minute however many timers share
// it), so timers survive restarts and wake whichever instance is free; the timer rows decide what
// fires, exactly once (see Sweep).
const SweepKind = "casework.sweep"

// sweepGrain is the granularity of sweep jobs: a timer fires within a minute of its moment.
const sweepGrain = time.Minute

// RegisterJobs gives a job runner casework's handlers.
func (s *Store) RegisterJobs(r *jobs.Runner) { r.Register(SweepKind, s.sweepJob) }

// armSweep makes sure a sweep runs at or just after at.
func armSweep(ctx context.Context, tx *db.Tx, at time.Time) error {
	run := at.UTC().Truncate(sweepGrain)
	if run.Before(at) {
		run = run.Add(sweepGrain)
	}
	if _, err := jobs.Enqueue(ctx, tx, SweepKind, nil, run, "at:"+run.Format("2006-01-02T15:04")); err != nil {
		return fmt.Errorf("arm sweep: %w", err)
	}
	return nil
}

// sweepJob fires every due timer, then makes sure a sweep is armed for the next timer still
// pending (a safety net: its own job is normally there already).
func (s *Store) sweepJob(ctx context.Context, _ jobs.Job) error {
	if _, err := s.SweepAll(ctx); err != nil {
		return err
	}
	return s.ArmNext(ctx)
}

// ArmNext arms a sweep for the earliest pending timer; app calls it at start, so timers whose
// sweep was somehow lost are picked up.
func (s *Store) ArmNext(ctx context.Context) error {
	var at time.Time
	err := s.db.QueryRow(ctx, `SELECT due_at FROM casework_timer WHERE fired_at IS NULL ORDER BY due_at, id LIMIT 1`).Scan(&at)
	if isNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if now := s.now(); !at.After(now) {
			// Already due and its minute's sweep gone by: an unkeyed sweep, now (unkeyed jobs are
			// pruned once done, so catching up leaves nothing behind).
			_, err := jobs.Enqueue(ctx, tx, SweepKind, nil, now, "")
			return err
		}
		return armSweep(ctx, tx, at)
	})
}
