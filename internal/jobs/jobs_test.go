package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

func each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	dbtest.Each(t, []db.Module{Module}, fn)
}

// effects is a table the tests' handlers write to, to count how often a job's work committed.
func effects(t *testing.T, d *db.DB) {
	t.Helper()
	if _, err := d.Exec(context.Background(), `CREATE TABLE effect (job_id BIGINT PRIMARY KEY, n INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
}

func recordEffect(ctx context.Context, tx *db.Tx, job Job) error {
	_, err := tx.Exec(ctx, `INSERT INTO effect (job_id, n) VALUES ($1, 1) ON CONFLICT (job_id) DO UPDATE SET n = effect.n + 1`, job.ID)
	return err
}

func effectCounts(t *testing.T, d *db.DB) (rows, total, max int) {
	t.Helper()
	if err := d.QueryRow(context.Background(), `SELECT COUNT(*), COALESCE(SUM(n), 0), COALESCE(MAX(n), 0) FROM effect`).Scan(&rows, &total, &max); err != nil {
		t.Fatal(err)
	}
	return
}

func add(t *testing.T, d *db.DB, kind string, payload any, runAt time.Time, key string) int64 {
	t.Helper()
	var id int64
	if err := d.InTx(context.Background(), func(tx *db.Tx) error {
		var err error
		id, err = Enqueue(context.Background(), tx, kind, payload, runAt, key)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return id
}

func stateCounts(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	rows, err := d.Query(context.Background(), `SELECT state, COUNT(*) FROM job GROUP BY state`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			t.Fatal(err)
		}
		out[s] = n
	}
	return out
}

func waitFor(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func fast(o Options) Options {
	if o.Poll == 0 {
		o.Poll = 20 * time.Millisecond
	}
	if o.RetryBase == 0 {
		o.RetryBase = 50 * time.Millisecond
	}
	return o
}

func start(t *testing.T, r *Runner) {
	t.Helper()
	r.Start(context.Background())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := r.Stop(ctx); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
}

func TestEnqueueInRolledBackTransactionLeavesNoJob(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		boom := errors.New("change failed")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := Enqueue(ctx, tx, "demo.rollback", map[string]int{"n": 1}, time.Time{}, ""); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v", err)
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM job`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("jobs after rollback = %d, %v; want 0", n, err)
		}
		id := add(t, d, "demo.rollback", map[string]int{"n": 2}, time.Time{}, "")
		st, err := Get(ctx, d, id)
		if err != nil || st.State != StatePending || st.Kind != "demo.rollback" {
			t.Fatalf("committed job = %+v, %v", st, err)
		}
	})
}

func TestEnqueueRejectsBadInput(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		cases := []struct {
			name, kind, key string
			payload         any
		}{
			{"empty kind", "", "", nil},
			{"long kind", strings.Repeat("k", MaxKindLength+1), "", nil},
			{"long key", "demo", strings.Repeat("k", MaxKeyLength+1), nil},
			{"control character in key", "demo", "a\nb", nil},
			{"invalid JSON bytes", "demo", "", []byte("{not json")},
			{"unmarshalable payload", "demo", "", map[string]any{"f": func() {}}},
		}
		for _, c := range cases {
			err := d.InTx(ctx, func(tx *db.Tx) error {
				_, err := Enqueue(ctx, tx, c.kind, c.payload, time.Time{}, c.key)
				return err
			})
			if err == nil {
				t.Errorf("%s: no error", c.name)
			}
		}
		if st := stateCounts(t, d); len(st) != 0 {
			t.Fatalf("jobs written: %v", st)
		}
	})
}

func TestRetriesWithBackoffThenSucceeds(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		base := 150 * time.Millisecond
		r := NewRunner(d, nil, fast(Options{RetryBase: base}))
		var mu sync.Mutex
		var times []time.Time
		r.Register("demo.flaky", func(ctx context.Context, job Job) error {
			mu.Lock()
			defer mu.Unlock()
			times = append(times, time.Now())
			if job.Attempt != len(times) {
				t.Errorf("attempt %d on call %d", job.Attempt, len(times))
			}
			if len(times) < 3 {
				return fmt.Errorf("transient failure %d", len(times))
			}
			return nil
		})
		id := add(t, d, "demo.flaky", nil, time.Time{}, "")
		start(t, r)
		waitFor(t, "the flaky job to succeed", 10*time.Second, func() bool {
			st, err := Get(context.Background(), d, id)
			return err == nil && st.State == StateDone
		})
		st, _ := Get(context.Background(), d, id)
		if st.Attempts != 3 || st.LastError != "" || st.DoneAt == nil {
			t.Fatalf("status = %+v", st)
		}
		mu.Lock()
		defer mu.Unlock()
		// Equal jitter: retry n waits between base·2^(n-1)/2 and base·2^(n-1).
		if gap := times[1].Sub(times[0]); gap < base/2 {
			t.Errorf("first retry after %v, want ≥ %v", gap, base/2)
		}
		if gap := times[2].Sub(times[1]); gap < base {
			t.Errorf("second retry after %v, want ≥ %v", gap, base)
		}
	})
}

func TestBackoffDoublesWithJitterUpToTheCap(t *testing.T) {
	o := Options{RetryBase: time.Second, RetryMax: 10 * time.Second}
	for attempt, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 8 * time.Second, 5: 10 * time.Second, 60: 10 * time.Second} {
		seen := map[time.Duration]bool{}
		for range 50 {
			d := o.Backoff(attempt)
			if d < want/2 || d > want {
				t.Fatalf("Backoff(%d) = %v, want within [%v, %v]", attempt, d, want/2, want)
			}
			seen[d] = true
		}
		if len(seen) < 2 {
			t.Errorf("Backoff(%d) has no jitter", attempt)
		}
	}
}

func TestDeadAfterMaxAttempts(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		r := NewRunner(d, nil, fast(Options{MaxAttempts: 3, RetryBase: 10 * time.Millisecond}))
		var calls atomic.Int32
		r.Register("demo.broken", func(ctx context.Context, job Job) error {
			calls.Add(1)
			return errors.New("always broken")
		})
		id := add(t, d, "demo.broken", nil, time.Time{}, "")
		own := 0
		if err := d.InTx(context.Background(), func(tx *db.Tx) error {
			var err error
			id2, err := EnqueueAttempts(context.Background(), tx, "demo.broken", nil, time.Time{}, "own-limit", 1)
			own = int(id2)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		start(t, r)
		waitFor(t, "both jobs to die", 10*time.Second, func() bool { return stateCounts(t, d)[StateDead] == 2 })
		st, _ := Get(context.Background(), d, id)
		if st.Attempts != 3 || st.LastError != "always broken" || st.DoneAt == nil {
			t.Fatalf("status = %+v", st)
		}
		st, _ = Get(context.Background(), d, int64(own))
		if st.Attempts != 1 {
			t.Fatalf("job with its own limit of 1 ran %d times", st.Attempts)
		}
		time.Sleep(100 * time.Millisecond)
		if n := calls.Load(); n != 4 {
			t.Fatalf("handler called %d times, want 3 + 1", n)
		}
	})
}

func TestPermanentErrorIsDeadAtOnce(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		r := NewRunner(d, nil, fast(Options{}))
		r.Register("demo.decode", func(ctx context.Context, job Job) error {
			var v struct{ N int }
			return job.Decode(&v)
		})
		id := add(t, d, "demo.decode", []byte(`{"N":"not a number"}`), time.Time{}, "")
		start(t, r)
		waitFor(t, "the job to die", 10*time.Second, func() bool {
			st, _ := Get(context.Background(), d, id)
			return st.State == StateDead
		})
		if st, _ := Get(context.Background(), d, id); st.Attempts != 1 {
			t.Fatalf("attempts = %d", st.Attempts)
		}
	})
}

func TestPanickingHandlerIsRetriedNotFatal(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		r := NewRunner(d, nil, fast(Options{MaxAttempts: 2, RetryBase: 10 * time.Millisecond}))
		r.RegisterTx("demo.panic", func(ctx context.Context, tx *db.Tx, job Job) error { panic("bad handler") })
		id := add(t, d, "demo.panic", nil, time.Time{}, "")
		start(t, r)
		waitFor(t, "the job to die", 10*time.Second, func() bool {
			st, _ := Get(context.Background(), d, id)
			return st.State == StateDead
		})
		if st, _ := Get(context.Background(), d, id); !strings.Contains(st.LastError, "bad handler") {
			t.Fatalf("last error = %q", st.LastError)
		}
	})
}

func TestUniqueKeyEnqueuesOnceEvenAfterDone(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		effects(t, d)
		ctx := context.Background()
		var a, b int64
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			var err error
			if a, err = Enqueue(ctx, tx, "demo.timer", map[string]int{"v": 1}, time.Time{}, "request:7:warn"); err != nil {
				return err
			}
			b, err = Enqueue(ctx, tx, "demo.timer", map[string]int{"v": 2}, time.Time{}, "request:7:warn")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if a != b {
			t.Fatalf("same key gave ids %d and %d", a, b)
		}
		other := add(t, d, "demo.other", nil, time.Time{}, "request:7:warn")
		if other == a {
			t.Fatal("the same key under another kind must be another job")
		}
		r := NewRunner(d, nil, fast(Options{}))
		r.RegisterTx("demo.timer", recordEffect)
		r.RegisterTx("demo.other", recordEffect)
		start(t, r)
		waitFor(t, "both jobs", 10*time.Second, func() bool { return stateCounts(t, d)[StateDone] == 2 })
		if again := add(t, d, "demo.timer", nil, time.Time{}, "request:7:warn"); again != a {
			t.Fatalf("re-enqueue after done gave %d, want %d", again, a)
		}
		time.Sleep(150 * time.Millisecond)
		if rows, total, _ := effectCounts(t, d); rows != 2 || total != 2 {
			t.Fatalf("effects rows=%d total=%d, want 2 and 2", rows, total)
		}
		st, err := Lookup(ctx, d, "demo.timer", "request:7:warn")
		if err != nil || st.ID != a || st.State != StateDone {
			t.Fatalf("lookup = %+v, %v", st, err)
		}
		if _, err := Lookup(ctx, d, "demo.timer", "nope"); !errors.Is(err, sql.ErrNoRows) {
			t.Fatalf("lookup of a missing key = %v", err)
		}
	})
}

func TestCancelledTimerNeverFires(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		effects(t, d)
		ctx := context.Background()
		add(t, d, "demo.sla", nil, time.Now().Add(200*time.Millisecond), "req:1:breach")
		add(t, d, "demo.sla", nil, time.Now().Add(200*time.Millisecond), "req:2:breach")
		if err := d.InTx(ctx, func(tx *db.Tx) error { return Cancel(ctx, tx, "demo.sla", "req:1:breach") }); err != nil {
			t.Fatal(err)
		}
		// Cancelling in a transaction that rolls back cancels nothing.
		_ = d.InTx(ctx, func(tx *db.Tx) error {
			if err := Cancel(ctx, tx, "demo.sla", "req:2:breach"); err != nil {
				return err
			}
			return errors.New("roll back")
		})
		if err := d.InTx(ctx, func(tx *db.Tx) error { return Cancel(ctx, tx, "demo.sla", "no-such-key") }); err != nil {
			t.Fatalf("cancelling a missing job: %v", err)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return Cancel(ctx, tx, "demo.sla", "") }); err == nil {
			t.Fatal("cancel without a key must fail")
		}
		r := NewRunner(d, nil, fast(Options{}))
		r.RegisterTx("demo.sla", recordEffect)
		start(t, r)
		waitFor(t, "the live timer", 10*time.Second, func() bool { return stateCounts(t, d)[StateDone] == 1 })
		time.Sleep(200 * time.Millisecond)
		st, _ := Lookup(ctx, d, "demo.sla", "req:1:breach")
		if st.State != StateCancelled || st.Attempts != 0 {
			t.Fatalf("cancelled timer = %+v", st)
		}
		if rows, _, _ := effectCounts(t, d); rows != 1 {
			t.Fatalf("effects = %d, want 1", rows)
		}
	})
}

func TestScheduledJobsDoNotRunEarly(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		r := NewRunner(d, nil, fast(Options{Poll: 10 * time.Millisecond}))
		var mu sync.Mutex
		ran := map[int64]time.Time{}
		r.Register("demo.later", func(ctx context.Context, job Job) error {
			mu.Lock()
			defer mu.Unlock()
			ran[job.ID] = time.Now()
			return nil
		})
		base := time.Now()
		due := map[int64]time.Time{}
		for _, off := range []time.Duration{400 * time.Millisecond, 100 * time.Millisecond, 700 * time.Millisecond, -time.Second} {
			at := base.Add(off)
			due[add(t, d, "demo.later", nil, at, "")] = at
		}
		start(t, r)
		waitFor(t, "all scheduled jobs", 10*time.Second, func() bool { return stateCounts(t, d)[StateDone] == len(due) })
		mu.Lock()
		defer mu.Unlock()
		for id, at := range due {
			if ran[id].Before(at) {
				t.Errorf("job %d due %v ran %v early", id, at.Format(time.StampMilli), at.Sub(ran[id]))
			}
			st, _ := Get(context.Background(), d, id)
			if !st.RunAt.Equal(at.UTC().Truncate(time.Microsecond)) {
				t.Errorf("job %d run_at = %v, want %v", id, st.RunAt, at)
			}
		}
	})
}

func TestTwoRunnersDoEachOf500JobsOnce(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		effects(t, d)
		ctx := context.Background()
		const n = 500
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			for i := range n {
				kind := "demo.tx"
				if i%2 == 1 {
					kind = "demo.plain"
				}
				if _, err := Enqueue(ctx, tx, kind, map[string]int{"i": i}, time.Time{}, ""); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		plain := map[int64]int{}
		byRunner := map[string]int{}
		mk := func(name string) *Runner {
			r := NewRunner(d, nil, fast(Options{Workers: 4, Name: name}))
			r.RegisterTx("demo.tx", func(ctx context.Context, tx *db.Tx, job Job) error {
				mu.Lock()
				byRunner[name]++
				mu.Unlock()
				return recordEffect(ctx, tx, job)
			})
			r.Register("demo.plain", func(ctx context.Context, job Job) error {
				mu.Lock()
				defer mu.Unlock()
				plain[job.ID]++
				byRunner[name]++
				return nil
			})
			return r
		}
		start(t, mk("instance-a"))
		start(t, mk("instance-b"))
		waitFor(t, "500 jobs", 60*time.Second, func() bool { return stateCounts(t, d)[StateDone] == n })
		time.Sleep(100 * time.Millisecond)
		if rows, total, most := effectCounts(t, d); rows != n/2 || total != n/2 || most != 1 {
			t.Fatalf("tx effects rows=%d total=%d max=%d, want %d once each", rows, total, most, n/2)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(plain) != n/2 {
			t.Fatalf("plain jobs run = %d, want %d", len(plain), n/2)
		}
		for id, c := range plain {
			if c != 1 {
				t.Fatalf("plain job %d ran %d times", id, c)
			}
		}
		if byRunner["instance-a"] == 0 || byRunner["instance-b"] == 0 {
			t.Errorf("work was not shared: %v", byRunner)
		}
		if byRunner["instance-a"]+byRunner["instance-b"] != n {
			t.Errorf("runs = %v, want %d in all", byRunner, n)
		}
	})
}

func TestKilledRunnersJobIsRetriedByAnotherAndCommitsOnce(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		effects(t, d)
		ctx := context.Background()
		id := add(t, d, "demo.escalate", nil, time.Time{}, "req:9:escalate")
		started := make(chan struct{})
		a := NewRunner(d, nil, fast(Options{Name: "doomed", Lease: 300 * time.Millisecond, RetryBase: 10 * time.Millisecond}))
		a.RegisterTx("demo.escalate", func(ctx context.Context, tx *db.Tx, job Job) error {
			if err := recordEffect(ctx, tx, job); err != nil {
				return err
			}
			close(started)
			<-ctx.Done() // the process is going down mid-job
			return ctx.Err()
		})
		a.Start(ctx)
		<-started
		stopCtx, cancel := context.WithCancel(ctx)
		cancel() // no grace: running jobs are cancelled at once
		if err := a.Stop(stopCtx); !errors.Is(err, context.Canceled) {
			t.Fatalf("Stop = %v", err)
		}
		if rows, _, _ := effectCounts(t, d); rows != 0 {
			t.Fatal("the killed job's effect was committed")
		}
		b := NewRunner(d, nil, fast(Options{Name: "survivor"}))
		b.RegisterTx("demo.escalate", recordEffect)
		start(t, b)
		waitFor(t, "the survivor to finish the job", 10*time.Second, func() bool {
			st, _ := Get(ctx, d, id)
			return st.State == StateDone
		})
		if rows, total, _ := effectCounts(t, d); rows != 1 || total != 1 {
			t.Fatalf("effects rows=%d total=%d, want exactly one", rows, total)
		}
		if st, _ := Get(ctx, d, id); st.Attempts != 2 {
			t.Fatalf("attempts = %d, want 2", st.Attempts)
		}
	})
}

func TestSlowTxHandlerPastItsLeaseStillCommitsOnce(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		effects(t, d)
		ctx := context.Background()
		id := add(t, d, "demo.slow", nil, time.Time{}, "")
		var calls atomic.Int32
		h := func(ctx context.Context, tx *db.Tx, job Job) error {
			calls.Add(1)
			time.Sleep(400 * time.Millisecond) // well past the lease
			return recordEffect(ctx, tx, job)
		}
		for _, name := range []string{"a", "b"} {
			r := NewRunner(d, nil, fast(Options{Name: name, Lease: 100 * time.Millisecond}))
			r.RegisterTx("demo.slow", h)
			start(t, r)
		}
		waitFor(t, "the slow job", 10*time.Second, func() bool {
			st, _ := Get(ctx, d, id)
			return st.State == StateDone
		})
		time.Sleep(600 * time.Millisecond)
		if rows, total, _ := effectCounts(t, d); rows != 1 || total != 1 {
			t.Fatalf("effects rows=%d total=%d, want exactly one", rows, total)
		}
	})
}

func TestRunnerClaimsOnlyItsKinds(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		foreign := add(t, d, "other.instance.kind", nil, time.Time{}, "")
		mine := add(t, d, "demo.mine", nil, time.Time{}, "")
		r := NewRunner(d, nil, fast(Options{}))
		r.Register("demo.mine", func(ctx context.Context, job Job) error { return nil })
		start(t, r)
		waitFor(t, "my job", 10*time.Second, func() bool {
			st, _ := Get(context.Background(), d, mine)
			return st.State == StateDone
		})
		if st, _ := Get(context.Background(), d, foreign); st.State != StatePending || st.Attempts != 0 {
			t.Fatalf("a kind without a handler was touched: %+v", st)
		}
	})
}
