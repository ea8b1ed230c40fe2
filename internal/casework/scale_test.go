package casework_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"chuhai/internal/app"
	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/casework"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
	"chuhai/internal/demo"
	"chuhai/internal/directory"
)

// envScale switches the scale benchmark on; envScaleN overrides the number of generated requests
// (default 200,000 on SQLite and 1,000,000 on PostgreSQL).
const (
	envScale  = "CHUHAI_BENCH_CASEWORK"
	envScaleN = "CHUHAI_BENCH_CASEWORK_N"
)

// TestCaseworkAtScale measures, on the demo network and directory, how creating requests, a point's
// queue page and the SLA sweep behave before and after a year of generated requests, and reports
// the figures and their ratios (after ÷ before). It also checks that at scale the sweep's plan still
// reads the timer index. It is a measurement, run on demand: set CHUHAI_BENCH_CASEWORK=1.
func TestCaseworkAtScale(t *testing.T) {
	if os.Getenv(envScale) == "" {
		t.Skip("set " + envScale + "=1 to run the casework scale benchmark")
	}
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			n := 200_000
			if dialect == db.Postgres {
				n = 1_000_000
			}
			if s := os.Getenv(envScaleN); s != "" {
				var err error
				if n, err = strconv.Atoi(s); err != nil {
					t.Fatal(err)
				}
			}
			atScale(t, dialect, n)
		})
	}
}

type figures struct {
	createsPerSec      float64
	queueP50, queueP95 time.Duration
	sweepIdle          time.Duration // a sweep that finds nothing due
	sweepPerTimer      time.Duration // firing one due timer
}

func atScale(t *testing.T, dialect db.Dialect, n int) {
	ctx := audit.WithMeta(context.Background(), audit.Meta{ActorLogin: "bench"})
	d := dbtest.Open(t, dialect, app.Modules()...)
	a, err := app.New(d, app.Config{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	es, _, err := a.Directory.ListEnterprises(ctx, directory.EnterpriseFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var ents []int64
	for _, e := range es {
		ents = append(ents, e.ID)
	}
	xh, err := a.Network.PointByCode(ctx, "XH")
	if err != nil {
		t.Fatal(err)
	}
	staff, err := a.Auth.CreateUser(ctx, auth.NewUser{Login: "bench-xh", Password: "Harbour-Lights-2026", Role: auth.PointStaff, PointID: xh.ID})
	if err != nil {
		t.Fatal(err)
	}
	token, err := a.Auth.CreateAPIToken(ctx, staff, "bench")
	if err != nil {
		t.Fatal(err)
	}
	var firms []context.Context
	for i, id := range ents[:8] {
		uid, err := a.Auth.CreateUser(ctx, auth.NewUser{Login: fmt.Sprintf("bench-firm-%d", i), Password: "Harbour-Lights-2026",
			Role: auth.EnterpriseAdmin, EnterpriseID: id})
		if err != nil {
			t.Fatal(err)
		}
		firms = append(firms, auth.WithPrincipal(ctx, &auth.Principal{UserID: uid, Role: auth.EnterpriseAdmin, EnterpriseID: id}))
	}

	measure := func(label string) figures {
		var f figures
		f.createsPerSec = createThroughput(t, a.Casework, firms, 4*time.Second)
		f.queueP50, f.queueP95 = queueLatency(t, h, token, 40)
		f.sweepIdle, f.sweepPerTimer = sweepCost(t, a.Casework, d)
		t.Logf("%s: %.0f creates/s; queue page p50 %v p95 %v; idle sweep %v; %v per fired timer", label, f.createsPerSec,
			f.queueP50, f.queueP95, f.sweepIdle, f.sweepPerTimer)
		return f
	}
	// The baseline has a couple of thousand requests, so that every queue page is full.
	const base = 2000
	if err := a.Casework.Generate(ctx, base, ents, 7); err != nil {
		t.Fatal(err)
	}
	before := measure(fmt.Sprintf("at %d requests", base))

	start := time.Now()
	if err := a.Casework.Generate(ctx, n-base, ents, 1); err != nil {
		t.Fatal(err)
	}
	gen := time.Since(start)
	// A database in service is vacuumed and analysed as it grows; a bulk load is not yet, and on
	// PostgreSQL autovacuum would otherwise be catching up during the measurements.
	maintenance := `ANALYZE`
	if dialect == db.Postgres {
		maintenance = `VACUUM ANALYZE`
	}
	if _, err := d.Writer().ExecContext(ctx, maintenance); err != nil {
		t.Fatal(err)
	}
	var total, timers int
	_ = d.QueryRow(ctx, `SELECT COUNT(*) FROM casework_request`).Scan(&total)
	_ = d.QueryRow(ctx, `SELECT COUNT(*) FROM casework_timer WHERE fired_at IS NULL`).Scan(&timers)
	t.Logf("generated %d requests in %v (%.0f/s); %d requests, %d pending timers on record", n-base, gen.Round(time.Second),
		float64(n-base)/gen.Seconds(), total, timers)

	plan := explain(t, d)
	if !strings.Contains(plan, "casework_timer_due") || strings.Contains(plan, "Seq Scan") {
		t.Errorf("at scale the sweep does not read the index:\n%s", plan)
	}
	after := measure(fmt.Sprintf("at %d requests", n))
	t.Logf("RATIOS at %d ÷ at 2,000 requests: create throughput %.2f; queue p50 %.2f, p95 %.2f; idle sweep %.2f; per fired timer %.2f",
		n, after.createsPerSec/before.createsPerSec, ratio(after.queueP50, before.queueP50), ratio(after.queueP95, before.queueP95),
		ratio(after.sweepIdle, before.sweepIdle), ratio(after.sweepPerTimer, before.sweepPerTimer))
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(max(b, 1)) }

// createThroughput creates requests from several enterprises at once for d and returns the rate.
func createThroughput(t *testing.T, s *casework.Store, firms []context.Context, d time.Duration) float64 {
	var done atomic.Int64
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	topics := []string{"tax", "legal", "odi", "market_entry", "hr"}
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				_, err := s.CreateRequest(firms[(w+i)%len(firms)], casework.NewRequest{Topic: topics[i%len(topics)], Countries: []string{"VN"},
					Title: "基准测试请求", Description: "吞吐量测量"})
				if err != nil {
					t.Error(err)
					return
				}
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	return float64(done.Load()) / d.Seconds()
}

// queueLatency loads the Xuhui point's queue page through the full handler k times.
func queueLatency(t *testing.T, h http.Handler, token string, k int) (p50, p95 time.Duration) {
	var ds []time.Duration
	for i := range k {
		path := "/console/casework"
		if i%2 == 1 {
			path += "?state=all&page=3"
		}
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		ds = append(ds, time.Since(start))
		if rec.Code != 200 {
			t.Fatalf("queue page: %d %.300s", rec.Code, rec.Body.String())
		}
	}
	slices.Sort(ds)
	return ds[len(ds)/2], ds[len(ds)*95/100]
}

// sweepCost times a sweep with nothing due (the median of 21, the cost every instance pays every
// time its sweep job runs), then the firing of 200 due timers.
func sweepCost(t *testing.T, s *casework.Store, d *db.DB) (idle, perTimer time.Duration) {
	ctx := context.Background()
	var idles []time.Duration
	for range 21 {
		start := time.Now()
		if _, err := s.SweepAll(ctx); err != nil {
			t.Fatal(err)
		}
		idles = append(idles, time.Since(start))
	}
	slices.Sort(idles)
	idle = idles[len(idles)/2]
	const due = 200
	if _, err := d.Exec(ctx, `UPDATE casework_timer SET due_at = $1 WHERE id IN
		(SELECT id FROM casework_timer WHERE fired_at IS NULL ORDER BY id DESC LIMIT $2)`, time.Now().Add(-time.Minute), due); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	fired, err := s.SweepAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fired == 0 {
		t.Fatal("nothing fired")
	}
	return idle, time.Since(start) / time.Duration(fired)
}

func explain(t *testing.T, d *db.DB) string {
	ctx := context.Background()
	var lines []string
	q := `EXPLAIN QUERY PLAN ` + casework.SweepQuery
	if d.Dialect() == db.Postgres {
		q = `EXPLAIN ` + casework.SweepQuery
	}
	rows, err := d.Query(ctx, q, time.Now(), 100)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprint(vals[len(vals)-1]))
	}
	return strings.Join(lines, "\n")
}
