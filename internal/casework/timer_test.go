package casework

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
	"chuhai/internal/jobs"
)

func TestSLATimersFireOnceAndEscalate(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ent := f.enterprise("上海某贸易公司", xuhui)
		firm := f.user("firm", auth.NewUser{Role: auth.EnterpriseAdmin, EnterpriseID: ent})
		f.user("xh-staff", auth.NewUser{Role: auth.PointStaff, PointID: f.points["XH"]})
		f.user("xh-lead", auth.NewUser{Role: auth.PointLead, PointID: f.points["XH"]})
		f.user("coord", auth.NewUser{Role: auth.CityCoordinator})
		// Urgent: first response within 2 working hours, resolution within 2 working days.
		r, err := f.s.CreateRequest(firm, NewRequest{Topic: "tax", Urgency: UrgencyUrgent, Title: "海关扣货", Description: "货物被扣，急需咨询"})
		if err != nil {
			t.Fatal(err)
		}
		// A sweep job is armed for the minute each timer falls due.
		if n := f.count(`SELECT COUNT(*) FROM job WHERE kind = $1 AND state = 'pending'`, SweepKind); n != 6 {
			t.Errorf("%d sweep jobs armed, want 6", n)
		}
		sweep := func(at time.Time) []Fired {
			t.Helper()
			f.clock.set(at)
			fired, err := f.s.Sweep(context.Background(), 100)
			if err != nil {
				t.Fatal(err)
			}
			return fired
		}
		stages := func(fs []Fired) string {
			var out []string
			for _, x := range fs {
				out = append(out, x.Clock+"/"+x.Stage)
			}
			return strings.Join(out, " ")
		}
		if got := stages(sweep(monday.Add(time.Hour))); got != "" {
			t.Errorf("fired early: %s", got)
		}
		// 10:00 + 1.5 working hours: the warning; at 12:00 the breach; at 13:00 the escalation.
		if got := stages(sweep(monday.Add(90 * time.Minute))); got != "response/warning" {
			t.Errorf("at 75%%: %s", got)
		}
		if got := stages(sweep(monday.Add(90 * time.Minute))); got != "" {
			t.Errorf("fired twice: %s", got)
		}
		if got := stages(sweep(monday.Add(3 * time.Hour))); got != "response/breach response/escalation" {
			t.Errorf("at +3h: %s", got)
		}
		notices := func(login, key string) int {
			return f.count(`SELECT COUNT(*) FROM test_notice WHERE user_id = $1 AND key = $2`, f.users[login].UserID, key)
		}
		if notices("xh-staff", "casework.notice.sla_warning.subject") != 1 || notices("xh-lead", "casework.notice.sla_breach.subject") != 1 ||
			notices("coord", "casework.notice.sla_escalation.subject") != 1 || notices("xh-staff", "casework.notice.sla_breach.subject") != 0 {
			t.Error("warning to the point, breach to its lead, escalation to the coordinator: not as expected")
		}
		got, _ := f.s.Get(f.as("xh-staff"), r.Ref)
		if got.SLA.Status != SLABreached {
			t.Errorf("status %s", got.SLA.Status)
		}
		// Responding stops the response clock; the resolution clock runs on to its own deadline.
		if _, err := f.s.Transition(f.as("xh-staff"), r.Ref, Transition{Action: ActionTriage, Version: r.Version}); err != nil {
			t.Fatal(err)
		}
		// 2 working days from Monday 10:00 end on Wednesday at 17:00.
		if got := stages(sweep(time.Date(2026, 3, 4, 8, 59, 0, 0, time.UTC))); got != "resolution/warning" {
			t.Errorf("Wednesday 16:59: %s", got)
		}
		if got := stages(sweep(time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC))); !strings.Contains(got, "resolution/breach") || !strings.Contains(got, "resolution/escalation") {
			t.Errorf("a week later: %s", got)
		}
		if n := f.count(`SELECT COUNT(*) FROM casework_timer WHERE request_id = $1 AND fired_at IS NULL`, r.ID); n != 0 {
			t.Errorf("%d timers left", n)
		}
		if n := f.count(`SELECT COUNT(*) FROM casework_timer WHERE request_id = $1`, r.ID); n != 6 {
			t.Errorf("%d timers on record, want 6", n)
		}
		for _, stage := range []string{"warning", "breach", "escalation"} {
			if n := f.count(`SELECT COUNT(*) FROM casework_event WHERE request_id = $1 AND kind = $2`, r.ID, "sla_"+stage); n != 2 {
				t.Errorf("%d %s events", n, stage)
			}
		}
	})
}

func TestConcurrentSweepsFireEachTimerOnce(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ent := f.enterprise("上海某贸易公司", xuhui)
		firm := f.user("firm", auth.NewUser{Role: auth.EnterpriseAdmin, EnterpriseID: ent})
		f.user("xh-lead", auth.NewUser{Role: auth.PointLead, PointID: f.points["XH"]})
		for i := range 12 {
			if _, err := f.s.CreateRequest(firm, NewRequest{Topic: "legal", Title: "咨询", Description: strings.Repeat("x", i+1)}); err != nil {
				t.Fatal(err)
			}
		}
		f.clock.set(monday.Add(60 * 24 * time.Hour))
		var wg sync.WaitGroup
		counts := make(chan int, 4)
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := f.s.SweepAll(context.Background())
				if err != nil {
					t.Error(err)
				}
				counts <- n
			}()
		}
		wg.Wait()
		close(counts)
		total := 0
		for n := range counts {
			total += n
		}
		if total != 72 {
			t.Errorf("%d timers fired across four sweeps, want 72 (12 requests × 6)", total)
		}
		if n := f.count(`SELECT COUNT(*) FROM casework_event WHERE kind LIKE 'sla_%'`); n != 72 {
			t.Errorf("%d SLA events", n)
		}
		if n := f.count(`SELECT COUNT(*) FROM test_notice WHERE key = 'casework.notice.sla_breach.subject' AND user_id > 0`); n != 24 {
			t.Errorf("%d breach notices, want 24", n)
		}
	})
}

func TestSweepJobRunsThroughTheJobRunner(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ent := f.enterprise("上海某贸易公司", xuhui)
		firm := f.user("firm", auth.NewUser{Role: auth.EnterpriseAdmin, EnterpriseID: ent})
		// The real clock: a sweep armed for a moment already past runs at once.
		f.s.now = time.Now
		r, err := f.s.CreateRequest(firm, NewRequest{Topic: "legal", Title: "咨询", Description: "合同"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.db.Exec(context.Background(), `UPDATE casework_timer SET due_at = $1 WHERE request_id = $2 AND stage = 'warning'`,
			time.Now().Add(-time.Minute), r.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.ArmNext(context.Background()); err != nil {
			t.Fatal(err)
		}
		runner := jobs.NewRunner(f.db, nil, jobs.Options{Poll: 20 * time.Millisecond})
		f.s.RegisterJobs(runner)
		runner.Start(context.Background())
		defer runner.Stop(context.Background())
		deadline := time.Now().Add(10 * time.Second)
		for f.count(`SELECT COUNT(*) FROM casework_timer WHERE request_id = $1 AND fired_at IS NOT NULL`, r.ID) == 0 {
			if time.Now().After(deadline) {
				t.Fatal("the job runner never fired the due timer")
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}

// The sweep's cost must grow with the timers due, never with the requests on record: its plan reads
// the partial index of pending timers and touches neither the requests nor the whole timer table. The
// plan is taken as the engine would choose it, on generated history (most timers fired, the pending
// ones in the index) with statistics gathered, not forced.
func TestSweepReadsTheIndexNotTheTable(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ents := []int64{f.enterprise("甲", xuhui), f.enterprise("乙", jingan)}
		if err := f.s.Generate(context.Background(), 3000, ents, 1); err != nil {
			t.Fatal(err)
		}
		f.exec(`ANALYZE`)
		plan := explainSweep(t, f.db)
		t.Logf("plan:\n%s", plan)
		if !sweepReadsIndex(f.db.Dialect(), plan) {
			t.Errorf("the sweep does not read the timer index alone:\n%s", plan)
		}
	})
}

// explainSweep returns the plan of the sweep's query as the engine would run it now.
func explainSweep(t testing.TB, d *db.DB) string {
	t.Helper()
	return dbtest.Plan(t, d, sweepQuery, time.Now(), 100)
}

// sweepReadsIndex reports whether a plan of the sweep reads the index of pending timers and
// touches no request and no whole table.
func sweepReadsIndex(dialect db.Dialect, plan string) bool {
	if !strings.Contains(plan, "casework_timer_due") || strings.Contains(plan, "casework_request") {
		return false
	}
	if dialect == db.Postgres {
		return !strings.Contains(plan, "Seq Scan")
	}
	for _, line := range strings.Split(plan, "\n") {
		if strings.Contains(line, "SCAN") && !strings.Contains(line, "USING") {
			return false
		}
	}
	return true
}
