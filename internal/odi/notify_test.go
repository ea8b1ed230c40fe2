package odi

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
	"chuhai/internal/jobs"
)

// TestTheDailySweepRunsAsAJob arms a sweep, lets a job runner run it, and checks that it raised the
// alert the day called for and armed the next day's sweep.
func TestTheDailySweepRunsAsAJob(t *testing.T) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		staff := as("ja-staff", auth.PointStaff, w.ja.ID, 0)
		pr, err := w.s.CreateProject(staff, plant(w))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.SaveStep(staff, pr.ID, RegimeNDRC, StepInput{SubmittedOn: "2026-03-02", AcceptedOn: "2026-03-02", Version: 1}); err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if st, err := jobs.Lookup(ctx, d, SweepKind, "sweep:2026-03-03"); err != nil || st.State != jobs.StatePending {
			t.Fatalf("armed sweep: %+v %v", st, err)
		}
		// A week later the clock is near its end; run the sweep due now.
		w.now = time.Date(2026, 3, 9, 1, 0, 0, 0, time.UTC)
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			_, err := jobs.Enqueue(ctx, tx, SweepKind, struct{}{}, time.Time{}, "sweep:now")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		r := jobs.NewRunner(d, slog.New(slog.DiscardHandler), jobs.Options{Poll: 20 * time.Millisecond})
		w.s.Register(r)
		runCtx, cancel := context.WithCancel(ctx)
		r.Start(runCtx)
		deadline := time.Now().Add(10 * time.Second)
		for {
			st, err := jobs.Lookup(ctx, d, SweepKind, "sweep:now")
			if err == nil && st.State == jobs.StateDone {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("sweep job did not finish: %+v %v", st, err)
			}
			time.Sleep(20 * time.Millisecond)
		}
		cancel()
		if err := r.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		pr, err = w.s.Project(staff, pr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(pr.Alerts) != 1 || pr.Alerts[0].Kind != AlertNear {
			t.Errorf("alerts after the sweep: %+v", pr.Alerts)
		}
		// The next one is armed for 06:00 Beijing time tomorrow (the runner, on the real clock, may
		// already have run it).
		if st, err := jobs.Lookup(ctx, d, SweepKind, "sweep:2026-03-10"); err != nil || !st.RunAt.Equal(time.Date(2026, 3, 9, 22, 0, 0, 0, time.UTC)) {
			t.Errorf("next sweep: %+v %v", st, err)
		}
		// Nothing left in hand: no further sweeps are armed.
		if _, err := w.s.SetMilestones(staff, pr.ID, pr.Version, Milestones{WithdrawnOn: "2026-03-09"}); err != nil {
			t.Fatal(err)
		}
		w.now = w.now.Add(24 * time.Hour)
		if err := d.InTx(ctx, func(tx *db.Tx) error { return w.s.armSweep(ctx, tx) }); err != nil {
			t.Fatal(err)
		}
		if _, err := jobs.Lookup(ctx, d, SweepKind, "sweep:2026-03-11"); err == nil {
			t.Error("a sweep was armed with no project in hand")
		}
	})
}
