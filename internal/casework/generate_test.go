package casework

import (
	"context"
	"strings"
	"testing"
	"time"

	"chuhai/internal/audit"
	"chuhai/internal/auth"
)

// Generated requests must look to every reader like requests that were created and worked on: the
// queue, a request's page, the sweep, reference numbering and the audit chain.
func TestGeneratedRequestsLookLikeRealOnes(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		ents := []int64{f.enterprise("甲", xuhui), f.enterprise("乙", jingan)}
		const n = 600
		if err := f.s.Generate(ctx, n, ents, 42); err != nil {
			t.Fatal(err)
		}
		if got := f.count(`SELECT COUNT(*) FROM casework_request`); got != n {
			t.Errorf("%d requests", got)
		}
		if got := f.count(`SELECT COUNT(DISTINCT ref) FROM casework_request`); got != n {
			t.Errorf("%d distinct references", got)
		}
		if got := f.count(`SELECT COUNT(*) FROM casework_request_point WHERE role = 'serving'`); got != n {
			t.Errorf("%d serving points", got)
		}
		// Every step of every life is on the timeline and in the audit log, and the chain holds.
		events := f.count(`SELECT COUNT(*) FROM casework_event`)
		if f.count(`SELECT COUNT(*) FROM casework_event WHERE kind = 'submitted'`) != n || events < 4*n {
			t.Errorf("%d events", events)
		}
		if res, err := audit.Verify(ctx, f.db); err != nil || res.Entries != events {
			t.Errorf("audit: %d entries for %d events, %v", res.Entries, events, err)
		}
		if got := f.count(`SELECT COUNT(DISTINCT state) FROM casework_request`); got < 4 {
			t.Errorf("requests in only %d states", got)
		}
		closed := f.count(`SELECT COUNT(*) FROM casework_request WHERE state = 'closed'`)
		open := f.count(`SELECT COUNT(*) FROM casework_request WHERE sla_due_at IS NOT NULL`)
		if closed < n*9/10 || open == 0 || open > n/20 {
			t.Errorf("%d closed, %d open of %d", closed, open, n)
		}
		if f.count(`SELECT COUNT(*) FROM casework_timer WHERE fired_at IS NOT NULL`) == 0 {
			t.Error("no timer ever fired")
		}
		// Pending timers belong to running clocks, each open request has its deadline among them, and
		// none is overdue.
		if got := f.count(`SELECT COUNT(*) FROM casework_timer t JOIN casework_request r ON r.id = t.request_id
			WHERE t.fired_at IS NULL AND r.sla_due_at IS NULL`); got != 0 {
			t.Errorf("%d pending timers of finished requests", got)
		}
		if got := f.count(`SELECT COUNT(*) FROM casework_request r WHERE r.sla_due_at IS NOT NULL AND NOT EXISTS
			(SELECT 1 FROM casework_timer t WHERE t.request_id = r.id AND t.stage = 'breach' AND t.due_at = r.sla_due_at AND t.fired_at IS NULL)`); got != 0 {
			t.Errorf("%d open requests without their deadline's timer", got)
		}
		if fired, err := f.s.SweepAll(ctx); err != nil || fired != 0 {
			t.Errorf("a sweep right after generating fired %d (%v)", fired, err)
		}
		if f.count(`SELECT COUNT(*) FROM job WHERE kind = $1`, SweepKind) == 0 {
			t.Error("no sweep armed")
		}

		// The queue of a point shows its open requests, earliest deadline first.
		staff := f.user("xh-staff", auth.NewUser{Role: auth.PointStaff, PointID: f.points["XH"]})
		rs, total, err := f.s.List(staff, Filter{})
		want := f.count(`SELECT COUNT(*) FROM casework_request WHERE point_id = $1 AND sla_due_at IS NOT NULL`, f.points["XH"])
		if err != nil || total != want || len(rs) != min(want, 20) {
			t.Fatalf("queue: %d rows, total %d, want %d (%v)", len(rs), total, want, err)
		}
		for i := 1; i < len(rs); i++ {
			if rs[i].slaDueAt == nil || rs[i].slaDueAt.Before(*rs[i-1].slaDueAt) {
				t.Errorf("queue out of deadline order at %d", i)
			}
		}
		// A closed request's page has its whole timeline.
		var ref string
		if err := f.db.QueryRow(ctx, `SELECT ref FROM casework_request WHERE point_id = $1 AND state = 'closed' ORDER BY id LIMIT 1`,
			f.points["XH"]).Scan(&ref); err != nil {
			t.Fatal(err)
		}
		r, err := f.s.Get(staff, ref)
		if err != nil || r.State != StateClosed || r.ClosedAt == nil || r.Version < 6 {
			t.Fatalf("get %s: %+v %v", ref, r, err)
		}
		tl, err := f.s.Timeline(staff, ref)
		if err != nil || len(tl) < 6 || tl[0].Kind != "submitted" {
			t.Fatalf("timeline of %s: %d entries %v", ref, len(tl), err)
		}

		// A request created afterwards numbers on from the generated ones.
		firm := f.user("firm", auth.NewUser{Role: auth.EnterpriseAdmin, EnterpriseID: ents[0]})
		var last string
		if err := f.db.QueryRow(ctx, `SELECT MAX(ref) FROM casework_request WHERE ref LIKE 'XH-2026-%'`).Scan(&last); err != nil {
			t.Fatal(err)
		}
		created, err := f.s.CreateRequest(firm, NewRequest{Topic: "tax", Title: "退税", Description: "退税"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(created.Ref, "XH-2026-") || created.Ref <= last {
			t.Errorf("new reference %s after %s", created.Ref, last)
		}
		if _, err := audit.Verify(ctx, f.db); err != nil {
			t.Errorf("audit after a real create: %v", err)
		}

		// Two days on, the generated clocks fall due like real ones and the sweep fires them.
		f.clock.add(48 * time.Hour)
		fired, err := f.s.Sweep(ctx, 1000)
		if err != nil || len(fired) == 0 {
			t.Fatalf("sweep two days on: %d fired, %v", len(fired), err)
		}
		for _, x := range fired {
			if !x.Effective {
				t.Errorf("timer %d fired on a stopped clock", x.TimerID)
			}
		}
	})
}
