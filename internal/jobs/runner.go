package jobs

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"chuhai/internal/db"
)

// Handler runs a job. Its effects happen at least once: if the process dies after they happen but
// before the job is marked done, the job runs again. Make them idempotent, or use a TxHandler.
type Handler func(ctx context.Context, job Job) error

// TxHandler runs a job inside the transaction that also marks it done: its writes and the job's
// completion commit together or not at all, so its effects happen exactly once. It must not start
// another transaction on the same database (on SQLite that would wait for itself).
type TxHandler func(ctx context.Context, tx *db.Tx, job Job) error

// Options tune a Runner; zero values take the defaults.
type Options struct {
	Workers     int           // jobs run at once by this runner (default 2)
	Poll        time.Duration // pause between sweeps when nothing is due (default 1 s)
	Lease       time.Duration // how long a claim lasts before another runner may take the job (default 5 min)
	MaxAttempts int           // attempts before a job is dead, unless it set its own (default 10)
	RetryBase   time.Duration // first retry delay; doubles each attempt (default 10 s)
	RetryMax    time.Duration // longest retry delay (default 1 h)
	Retention   time.Duration // finished unkeyed jobs are pruned after this (default 7 days)
	Name        string        // this runner's name in leased_by (default host-pid-random)
}

func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = 2
	}
	if o.Poll <= 0 {
		o.Poll = time.Second
	}
	if o.Lease <= 0 {
		o.Lease = 5 * time.Minute
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 10
	}
	if o.RetryBase <= 0 {
		o.RetryBase = 10 * time.Second
	}
	if o.RetryMax <= 0 {
		o.RetryMax = time.Hour
	}
	if o.Retention <= 0 {
		o.Retention = 7 * 24 * time.Hour
	}
	if o.Name == "" {
		host, _ := os.Hostname()
		o.Name = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), rand.Text()[:8])
	}
	return o
}

// Backoff is the delay before retry number attempt (1 after the first failure): RetryBase doubling
// each time, capped at RetryMax, with "equal jitter" (half fixed, half random) so that jobs failing
// together do not retry together.
func (o Options) Backoff(attempt int) time.Duration {
	o = o.withDefaults()
	d := o.RetryBase
	for i := 1; i < attempt && d < o.RetryMax; i++ {
		d *= 2
	}
	d = min(d, o.RetryMax)
	half := d / 2
	return half + mrand.N(half+1)
}

type handler struct {
	plain Handler
	tx    TxHandler
}

// Runner claims due jobs of the kinds registered with it and runs them. Several runners (in one
// process or in several instances) may share a database; each job is claimed by one at a time.
type Runner struct {
	db   *db.DB
	log  *slog.Logger
	opts Options

	mu       sync.Mutex
	handlers map[string]handler
	kinds    []string
	started  bool

	stopClaims context.CancelFunc // stops the sweep loops
	killJobs   context.CancelFunc // cancels running jobs when Stop runs out of time
	loops      sync.WaitGroup
	wake       chan struct{}
}

// NewRunner returns a runner over d; register handlers, then Start it.
func NewRunner(d *db.DB, log *slog.Logger, opts Options) *Runner {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Runner{db: d, log: log, opts: opts.withDefaults(), handlers: map[string]handler{}, wake: make(chan struct{}, 1)}
}

// Name is the runner's name as written in leased_by.
func (r *Runner) Name() string { return r.opts.Name }

// Register sets the handler of a kind. Registering after Start, or a kind twice, panics: both are
// wiring mistakes.
func (r *Runner) Register(kind string, h Handler) { r.register(kind, handler{plain: h}) }

// RegisterTx sets a transactional handler of a kind (see TxHandler).
func (r *Runner) RegisterTx(kind string, h TxHandler) { r.register(kind, handler{tx: h}) }

func (r *Runner) register(kind string, h handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.started {
		panic("jobs: Register after Start")
	}
	if err := checkName("kind", kind, MaxKindLength, false); err != nil {
		panic(err)
	}
	if _, dup := r.handlers[kind]; dup {
		panic("jobs: kind registered twice: " + kind)
	}
	r.handlers[kind] = h
	r.kinds = append(r.kinds, kind)
	slices.Sort(r.kinds)
}

// Kinds lists the registered kinds.
func (r *Runner) Kinds() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.kinds)
}

// Start launches the workers and returns at once. Cancelling ctx stops claiming new jobs; jobs
// already running go on until Stop.
func (r *Runner) Start(ctx context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.started {
		return
	}
	r.started = true
	claimCtx, stopClaims := context.WithCancel(ctx)
	jobCtx, killJobs := context.WithCancel(context.WithoutCancel(ctx))
	r.stopClaims, r.killJobs = stopClaims, killJobs
	if len(r.kinds) == 0 {
		return
	}
	for range r.opts.Workers {
		r.loops.Go(func() { r.work(claimCtx, jobCtx) })
	}
	r.loops.Go(func() { r.prune(claimCtx) })
}

// Wake makes an idle worker sweep now instead of at its next poll (e.g. after a commit that
// enqueued work: tx.AfterCommit(r.Wake)).
func (r *Runner) Wake() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Stop stops claiming and waits for running jobs to finish. If ctx ends first, the running jobs'
// contexts are cancelled (their leases then expire and another runner retries them) and Stop
// returns ctx's error once they have returned.
func (r *Runner) Stop(ctx context.Context) error {
	r.mu.Lock()
	started := r.started
	r.mu.Unlock()
	if !started {
		return nil
	}
	r.stopClaims()
	done := make(chan struct{})
	go func() { r.loops.Wait(); close(done) }()
	select {
	case <-done:
		r.killJobs()
		return nil
	case <-ctx.Done():
		r.killJobs()
		<-done
		return ctx.Err()
	}
}

func (r *Runner) work(claimCtx, jobCtx context.Context) {
	for claimCtx.Err() == nil {
		job, ok, err := r.claim(claimCtx)
		if err != nil && claimCtx.Err() == nil {
			r.log.Error("jobs: claim failed", "runner", r.opts.Name, "err", err)
		}
		if ok {
			r.run(jobCtx, job)
			continue
		}
		select {
		case <-claimCtx.Done():
		case <-r.wake:
		case <-time.After(r.opts.Poll):
		}
	}
}

// claim takes one due job of a registered kind, if any: it moves the lease forward, counts the
// attempt (the count is the lease's fencing number: only the holder of this attempt may finish the
// job) and returns the job. Jobs whose lease expired after their last attempt — their runner died on
// it — are marked dead first.
func (r *Runner) claim(ctx context.Context) (Job, bool, error) {
	var job Job
	var found bool
	err := r.db.InTx(ctx, func(tx *db.Tx) error {
		now := time.Now()
		args := []any{now, r.opts.MaxAttempts}
		in := make([]string, len(r.kinds))
		for i, k := range r.kinds {
			args = append(args, k)
			in[i] = fmt.Sprintf("$%d", len(args))
		}
		kinds := strings.Join(in, ", ")
		if _, err := tx.Exec(ctx, `UPDATE job SET state = 'dead', done_at = $1, updated_at = $1, leased_until = NULL,
				last_error = CASE WHEN last_error = '' THEN 'lease expired on the last attempt' ELSE last_error END
			WHERE `+fmt.Sprintf(buryWhere, kinds), args...); err != nil {
			return fmt.Errorf("bury: %w", err)
		}
		lock := ""
		if tx.Dialect() == db.Postgres {
			lock = " FOR UPDATE SKIP LOCKED"
		}
		args = append(args, now.Add(r.opts.Lease), r.opts.Name)
		var runAt timestamp
		err := tx.QueryRow(ctx, `UPDATE job SET attempts = attempts + 1, leased_until = $`+fmt.Sprint(len(args)-1)+`,
				leased_by = $`+fmt.Sprint(len(args))+`, updated_at = $1
			WHERE id = (SELECT id FROM job WHERE `+fmt.Sprintf(dueWhere, kinds)+` ORDER BY run_at LIMIT 1`+lock+`)
			RETURNING id, kind, key, payload, attempts, run_at`, args...).
			Scan(&job.ID, &job.Kind, &job.Key, &job.Payload, &job.Attempt, &runAt)
		if err != nil {
			if isNoRows(err) {
				return nil
			}
			return err
		}
		job.RunAt, found = runAt.t, true
		return nil
	})
	return job, found, err
}

// The sweep's conditions ($1 now, $2 the default attempts, %s the registered kinds). Both lead with
// state = 'pending' AND run_at <= $1, which the partial index job_due answers; TestSweepUsesTheDueIndex
// checks the plans.
const (
	dueWhere = `state = 'pending' AND run_at <= $1 AND (leased_until IS NULL OR leased_until < $1)
		AND attempts < CASE WHEN max_attempts > 0 THEN max_attempts ELSE $2 END AND kind IN (%s)`
	buryWhere = `state = 'pending' AND run_at <= $1 AND leased_until < $1
		AND attempts >= CASE WHEN max_attempts > 0 THEN max_attempts ELSE $2 END AND kind IN (%s)`
)

// ErrLeaseLost reports that a job's lease passed to another runner (or the job was cancelled) before
// this runner could finish it; a TxHandler's work was rolled back.
var ErrLeaseLost = errors.New("jobs: lease lost")

func (r *Runner) run(ctx context.Context, job Job) {
	r.mu.Lock()
	h := r.handlers[job.Kind]
	r.mu.Unlock()
	log := r.log.With("job", job.ID, "kind", job.Kind, "attempt", job.Attempt)
	start := time.Now()
	var err error
	if h.tx != nil {
		err = r.db.InTx(ctx, func(tx *db.Tx) error {
			if err := r.finish(ctx, tx, job); err != nil {
				return err
			}
			return safely(func() error { return h.tx(ctx, tx, job) })
		})
	} else {
		err = r.runPlain(ctx, h.plain, job)
	}
	switch {
	case err == nil:
		log.Debug("jobs: done", "took", time.Since(start))
	case errors.Is(err, ErrLeaseLost):
		log.Warn("jobs: lease lost; another runner has the job")
	default:
		if ferr := r.fail(job, err); ferr != nil {
			log.Error("jobs: recording a failure failed", "err", ferr, "cause", err)
		}
	}
}

// runPlain runs a Handler while a heartbeat keeps its lease, then marks the job done.
func (r *Runner) runPlain(ctx context.Context, h Handler, job Job) error {
	hctx, cancel := context.WithCancel(ctx)
	defer cancel()
	beat := make(chan struct{})
	go func() {
		defer close(beat)
		t := time.NewTicker(r.opts.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-hctx.Done():
				return
			case <-t.C:
				if err := r.extend(hctx, job); errors.Is(err, ErrLeaseLost) {
					cancel()
					return
				}
			}
		}
	}()
	err := safely(func() error { return h(hctx, job) })
	cancel()
	<-beat
	if err != nil {
		return err
	}
	return r.db.InTx(context.WithoutCancel(ctx), func(tx *db.Tx) error { return r.finish(ctx, tx, job) })
}

func (r *Runner) extend(ctx context.Context, job Job) error {
	now := time.Now()
	res, err := r.db.Exec(ctx, `UPDATE job SET leased_until = $1, updated_at = $2
		WHERE id = $3 AND leased_by = $4 AND attempts = $5 AND state = 'pending'`, now.Add(r.opts.Lease), now, job.ID, r.opts.Name, job.Attempt)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrLeaseLost
	}
	return nil
}

// finish marks the job done if this runner still holds this attempt's lease. In a TxHandler's
// transaction it runs first, so the row stays locked (PostgreSQL) or the database stays ours
// (SQLite) while the handler works.
func (r *Runner) finish(ctx context.Context, tx *db.Tx, job Job) error {
	now := time.Now()
	res, err := tx.Exec(ctx, `UPDATE job SET state = 'done', done_at = $1, leased_until = NULL, last_error = '', updated_at = $1
		WHERE id = $2 AND leased_by = $3 AND attempts = $4 AND state = 'pending'`, now, job.ID, r.opts.Name, job.Attempt)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrLeaseLost
	}
	return nil
}

// fail records a failed attempt: the job goes back to pending after a backoff, or is dead when this
// was its last attempt or the error is permanent.
func (r *Runner) fail(job Job, cause error) error {
	msg := cause.Error()
	if len(msg) > 2000 {
		msg = msg[:2000]
	}
	now := time.Now()
	retry := now.Add(r.opts.Backoff(job.Attempt))
	forceDead := IsPermanent(cause)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return r.db.InTx(ctx, func(tx *db.Tx) error {
		var state string
		err := tx.QueryRow(ctx, `UPDATE job SET leased_until = NULL, leased_by = '', last_error = $1, updated_at = $2,
				state = CASE WHEN $3 OR attempts >= CASE WHEN max_attempts > 0 THEN max_attempts ELSE $4 END THEN 'dead' ELSE 'pending' END,
				done_at = CASE WHEN $3 OR attempts >= CASE WHEN max_attempts > 0 THEN max_attempts ELSE $4 END THEN $2 ELSE done_at END,
				run_at = CASE WHEN $3 OR attempts >= CASE WHEN max_attempts > 0 THEN max_attempts ELSE $4 END THEN run_at ELSE $5 END
			WHERE id = $6 AND leased_by = $7 AND attempts = $8 AND state = 'pending'
			RETURNING state`, msg, now, forceDead, r.opts.MaxAttempts, retry, job.ID, r.opts.Name, job.Attempt).Scan(&state)
		if isNoRows(err) {
			return nil // cancelled meanwhile, or the lease passed on: nothing to record
		}
		if err != nil {
			return err
		}
		if state == StateDead {
			r.log.Error("jobs: dead", "job", job.ID, "kind", job.Kind, "attempt", job.Attempt, "err", msg)
		} else {
			r.log.Warn("jobs: failed; will retry", "job", job.ID, "kind", job.Kind, "attempt", job.Attempt, "at", retry, "err", msg)
		}
		return nil
	})
}

// prune deletes finished unkeyed jobs past the retention period; keyed jobs stay, since their rows
// are what keeps a key from running twice.
func (r *Runner) prune(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Hour):
		}
		cutoff := time.Now().Add(-r.opts.Retention)
		if _, err := r.db.Exec(ctx, `DELETE FROM job WHERE key = '' AND state <> 'pending' AND done_at < $1`, cutoff); err != nil && ctx.Err() == nil {
			r.log.Error("jobs: prune failed", "err", err)
		}
	}
}

// safely turns a handler's panic into an error, so one bad job cannot take the process down.
func safely(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	return fn()
}
