package web_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestSubsidyConcurrentApprovalsThroughTheApp: more owners' approvals on one programme at once than
// PostgreSQL's pool has connections, through the real router, the network's point regions, the
// working-day store and the enterprise's notifications. Each approval waits on the programme's lock
// holding a connection; the holder must need none from the pool (everything it reads from outside
// subsidy is read before it locks), or every approval waits forever.
func TestSubsidyConcurrentApprovalsThroughTheApp(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		se := newSubsidyEnv(t, e)
		se.post("xh.lead", "/api/v1/programmes", strings.Replace(xuhuiProgramme, `"cap_enterprise_year_fen":30000000`, `"cap_enterprise_year_fen":0`, 1), nil)
		const n = 12
		ids := make([]int64, n)
		for i := range ids {
			inv := se.invoice(se.xuhui, 10_000_000, "2026-06-01")
			var a struct {
				ID int64 `json:"id"`
			}
			se.post("ent", "/api/v1/applications", fmt.Sprintf(`{"programme_id":1,"invoice_id":%d}`, inv.ID), &a)
			se.post("xh.staff", fmt.Sprintf("/api/v1/applications/%d/transitions", a.ID), `{"action":"point_approve"}`, nil)
			ids[i] = a.ID
		}
		done := make(chan struct{})
		var mu sync.Mutex
		var failures []string
		go func() {
			defer close(done)
			var wg sync.WaitGroup
			for _, id := range ids {
				wg.Add(1)
				go func() {
					defer wg.Done()
					resp := se.do(request{method: "POST", path: fmt.Sprintf("/api/v1/applications/%d/transitions", id), actor: "xh.lead", body: `{"action":"approve"}`})
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						mu.Lock()
						failures = append(failures, fmt.Sprintf("%d: %d %s", id, resp.StatusCode, b))
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
		}()
		select {
		case <-done:
		case <-time.After(2 * time.Minute):
			t.Fatal("concurrent approvals hung: a lock holder is waiting for a pool connection")
		}
		if len(failures) > 0 {
			t.Fatalf("approvals failed: %v", failures)
		}
		b, err := e.app.Subsidy.Balances(context.Background(), 1)
		if err != nil || b.CommittedFen != n*3_000_000 {
			t.Errorf("committed %+v %v, want %d × 30,000.00", b, err, n)
		}
		var told int
		if err := e.app.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM notify_outbox WHERE topic = 'subsidy' AND channel = 'inbox' AND body_key = 'subsidy.notify.approved'`).Scan(&told); err != nil {
			t.Fatal(err)
		}
		if told < n {
			t.Errorf("%d decision notifications, want at least %d (one per approval per enterprise user)", told, n)
		}
	})
}
