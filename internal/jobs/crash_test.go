package jobs

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

// envCrashChild makes the test binary a worker process for TestSIGKILLedWorkerProcess.
const envCrashChild = "CHUHAI_JOBS_CRASH_CHILD"

func TestMain(m *testing.M) {
	if dsn := os.Getenv(envCrashChild); dsn != "" {
		os.Exit(crashChild(dsn))
	}
	os.Exit(m.Run())
}

// crashChild runs a Runner until it is killed.
func crashChild(dsn string) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	d, err := db.Open(ctx, dsn)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer d.Close()
	r := NewRunner(d, nil, Options{Workers: 3, Poll: 10 * time.Millisecond, Lease: time.Second, RetryBase: 10 * time.Millisecond})
	r.RegisterTx("crash.work", func(ctx context.Context, tx *db.Tx, job Job) error {
		if err := recordEffect(ctx, tx, job); err != nil {
			return err
		}
		time.Sleep(15 * time.Millisecond) // stay mid-job long enough to be killed there
		return nil
	})
	r.Start(ctx)
	fmt.Println("ready")
	<-ctx.Done()
	_ = r.Stop(context.Background())
	return 0
}

// TestSIGKILLedWorkerProcess kills a real worker process several times while it works through a
// backlog, then restarts it: every job must end done, with its effect committed exactly once.
func TestSIGKILLedWorkerProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			dsn := dbtest.DSN(t, dialect)
			ctx := context.Background()
			d, err := db.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if err := d.Migrate(ctx, Module); err != nil {
				t.Fatal(err)
			}
			effects(t, d)
			const n = 200
			if err := d.InTx(ctx, func(tx *db.Tx) error {
				for i := range n {
					if _, err := Enqueue(ctx, tx, "crash.work", map[string]int{"i": i}, time.Time{}, fmt.Sprintf("timer:%d", i)); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			consistent := func(when string) int {
				t.Helper()
				var done, effectRows, dup, doneWithout int
				if err := d.QueryRow(ctx, `SELECT
						(SELECT COUNT(*) FROM job WHERE state = 'done'),
						(SELECT COUNT(*) FROM effect),
						(SELECT COUNT(*) FROM effect WHERE n <> 1),
						(SELECT COUNT(*) FROM job j WHERE j.state = 'done' AND NOT EXISTS (SELECT 1 FROM effect e WHERE e.job_id = j.id))`).
					Scan(&done, &effectRows, &dup, &doneWithout); err != nil {
					t.Fatal(err)
				}
				if dup != 0 || done != effectRows || doneWithout != 0 {
					t.Fatalf("%s: done=%d effects=%d duplicated=%d done-without-effect=%d", when, done, effectRows, dup, doneWithout)
				}
				return done
			}
			killedMidJob := 0
			for round := range 3 {
				cmd := child(t, dsn)
				time.Sleep(time.Duration(250+150*round) * time.Millisecond)
				if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
				_ = cmd.Wait()
				var leased int
				if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM job WHERE state = 'pending' AND leased_by <> ''`).Scan(&leased); err != nil {
					t.Fatal(err)
				}
				killedMidJob += leased
				t.Logf("round %d: killed with %d done, %d jobs leased", round, consistent(fmt.Sprintf("after kill %d", round)), leased)
			}
			if killedMidJob == 0 {
				t.Error("no kill landed mid-job; the test proved nothing about lease expiry")
			}
			cmd := child(t, dsn)
			waitFor(t, "the restarted worker to finish the backlog", 60*time.Second, func() bool { return stateCounts(t, d)[StateDone] == n })
			_ = cmd.Process.Signal(syscall.SIGKILL)
			_ = cmd.Wait()
			if got := consistent("after restart"); got != n {
				t.Fatalf("done = %d, want %d", got, n)
			}
		})
	}
}

// child starts a worker process and waits until its runner is up.
func child(t *testing.T, dsn string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envCrashChild+"="+dsn)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("worker process: %q, %v", line, err)
	}
	return cmd
}
