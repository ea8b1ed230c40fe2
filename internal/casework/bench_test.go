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

// EnvBenchN sizes BenchmarkCasework: the number of requests on record for the large measurements.
// The default keeps `go test -bench` quick; the figures in the note come from 1,000,000 on
// PostgreSQL and 200,000 on SQLite (see the package documentation for the commands).
const EnvBenchN = "CHUHAI_BENCH_CASEWORK_N"

const (
	benchSmallN   = 2_000 // the reference size: every queue page is full
	benchDefaultN = 10_000
)

// BenchmarkCasework measures casework on the demo network and directory, on each engine, at two
// sizes, each a database of its own: 2,000 requests on record, and CHUHAI_BENCH_CASEWORK_N, generated
// in bulk by Store.Generate with their history. At each size it measures
//
//   - insert_bare: a single-row INSERT of a request's width into a table without key, index or
//     constraint: the baseline for create;
//   - create: Store.CreateRequest as an enterprise user (validation, routing with loads, the
//     reference number, six timers and their sweep job, timeline, notices, audit), reporting req/s
//     and x_bare, its time over the bare insert's;
//   - queue_query: Store.List as a point's staff with the queue page's default filter (open
//     requests, earliest deadline first, 20 a page): the queries the queue page runs;
//   - queue_page: GET /console/casework through the whole web handler, with an API token;
//   - sweep_idle: a sweep with nothing due, what every instance pays whenever its sweep job runs;
//   - sweep_fire: a sweep that finds and fires one due timer (timeline, notices, audit);
//
// reporting p50_ms, p95_ms and p99_ms per operation and, at the large size, vs_small: the p50 over
// the same measurement's p50 at 2,000 requests. On the large database it checks that the sweep's
// plan reads the timer index and no request. PostgreSQL runs when CHUHAI_TEST_POSTGRES is set, in
// schemas of its own that are dropped at the end. -v prints how long generating took.
func BenchmarkCasework(b *testing.B) {
	n := benchDefaultN
	if s := os.Getenv(EnvBenchN); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < benchSmallN {
			b.Fatalf("%s=%q: want a number of at least %d", EnvBenchN, s, benchSmallN)
		}
	}
	for _, dialect := range dbtest.Dialects() {
		b.Run(string(dialect), func(b *testing.B) { benchCasework(b, dialect, n) })
	}
}

type benchEnv struct {
	ctx    context.Context
	a      *app.App
	d      *db.DB
	h      http.Handler
	token  string
	staff  context.Context // Xuhui point staff
	firms  []context.Context
	ents   []int64
	bare   []any // a request's worth of values for insert_bare
	bareID int64
	now    time.Time // casework's clock, which stands still
	xh     int64     // the point whose queue is measured
}

func benchCasework(b *testing.B, dialect db.Dialect, n int) {
	// Each size has a database of its own, and the small one is generated last, so that the two are
	// measured one right after the other rather than a long bulk load apart: the machine's load drifts.
	large := newBenchEnv(b, dialect)
	large.generate(b, n)
	if plan := casework.ExplainSweep(b, large.d); !casework.SweepReadsIndex(dialect, plan) {
		b.Errorf("at %d requests the sweep does not read the timer index alone:\n%s", n, plan)
	}
	small := newBenchEnv(b, dialect)
	small.generate(b, benchSmallN)
	p50 := map[string]time.Duration{}
	b.Run(fmt.Sprintf("n=%d", benchSmallN), func(b *testing.B) { small.measure(b, p50, nil) })
	b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { large.measure(b, nil, p50) })
}

func newBenchEnv(b *testing.B, dialect db.Dialect) *benchEnv {
	ctx := audit.WithMeta(context.Background(), audit.Meta{ActorLogin: "bench"})
	d := dbtest.Open(b, dialect, app.Modules()...)
	a, err := app.New(d, app.Config{}, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	if err := demo.Load(ctx, a); err != nil {
		b.Fatal(err)
	}
	// Casework's clock stands still while generating and measuring, so that no timer falls due
	// meanwhile: an idle sweep finds nothing, and the one a firing sweep finds is the one made due.
	e := &benchEnv{ctx: ctx, a: a, d: d, now: time.Now().UTC().Truncate(time.Second)}
	a.Casework = a.Casework.WithClock(func() time.Time { return e.now })
	if e.h, err = a.Handler(); err != nil {
		b.Fatal(err)
	}
	es, _, err := a.Directory.ListEnterprises(ctx, directory.EnterpriseFilter{Limit: 1000})
	if err != nil {
		b.Fatal(err)
	}
	for _, x := range es {
		e.ents = append(e.ents, x.ID)
	}
	xh, err := a.Network.PointByCode(ctx, "XH")
	if err != nil {
		b.Fatal(err)
	}
	e.xh = xh.ID
	staff, err := a.Auth.CreateUser(ctx, auth.NewUser{Login: "bench-xh", Password: "Harbour-Lights-2026", Role: auth.PointStaff, PointID: xh.ID})
	if err != nil {
		b.Fatal(err)
	}
	e.staff = auth.WithPrincipal(ctx, &auth.Principal{UserID: staff, Login: "bench-xh", Role: auth.PointStaff, PointID: xh.ID})
	if e.token, err = a.Auth.CreateAPIToken(ctx, staff, "bench"); err != nil {
		b.Fatal(err)
	}
	for i, id := range e.ents[:min(8, len(e.ents))] {
		uid, err := a.Auth.CreateUser(ctx, auth.NewUser{Login: fmt.Sprintf("bench-firm-%d", i), Password: "Harbour-Lights-2026",
			Role: auth.EnterpriseAdmin, EnterpriseID: id})
		if err != nil {
			b.Fatal(err)
		}
		e.firms = append(e.firms, auth.WithPrincipal(ctx, &auth.Principal{UserID: uid, Role: auth.EnterpriseAdmin, EnterpriseID: id}))
	}
	// The bare baseline's table has every column of a request and nothing else: no key, index,
	// constraint or default.
	if _, err := d.Exec(ctx, `CREATE TABLE bench_bare AS SELECT * FROM casework_request WHERE 1 = 0`); err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	e.bare = []any{"XH-2026-000000", "online", e.ents[0], "", "", "", "", "tax", "VN", false, "基准测试请求", "吞吐量测量", "normal", nil,
		"submitted", "310104", nil, xh.ID, nil, "home_district", `{"point":"XH"}`, nil, now, now, now, now, now, now, false, nil, staff, now, now, now, 1}
	return e
}

// generate adds k requests in bulk, then vacuums and analyses as a database in service would be
// (PostgreSQL's autovacuum would otherwise be catching up during the measurements).
func (e *benchEnv) generate(b *testing.B, k int) {
	start := time.Now()
	if err := e.a.Casework.Generate(e.ctx, k, e.ents, uint64(k)); err != nil {
		b.Fatal(err)
	}
	took := time.Since(start)
	maintenance := `ANALYZE`
	if e.d.Dialect() == db.Postgres {
		maintenance = `VACUUM ANALYZE`
	}
	if _, err := e.d.Writer().ExecContext(e.ctx, maintenance); err != nil {
		b.Fatal(err)
	}
	counts := map[string]int{}
	for _, t := range []string{"casework_request", "casework_event", "casework_timer", "audit_entry"} {
		var c int
		if err := e.d.QueryRow(e.ctx, `SELECT COUNT(*) FROM `+t).Scan(&c); err != nil {
			b.Fatal(err)
		}
		counts[t] = c
	}
	var pending, open, queue int
	_ = e.d.QueryRow(e.ctx, `SELECT COUNT(*) FROM casework_timer WHERE fired_at IS NULL`).Scan(&pending)
	_ = e.d.QueryRow(e.ctx, `SELECT COUNT(*) FROM casework_request WHERE sla_due_at IS NOT NULL`).Scan(&open)
	_ = e.d.QueryRow(e.ctx, `SELECT COUNT(*) FROM casework_request WHERE sla_due_at IS NOT NULL AND point_id = $1`, e.xh).Scan(&queue)
	b.Logf("%s: generated %d requests in %v (%.0f/s, %.1f s per 100k), then %s in %v; on record: %d requests (%d open, %d in the measured queue), %d events, %d timers (%d pending), %d audit entries",
		e.d.Dialect(), k, took.Round(time.Millisecond), float64(k)/took.Seconds(), took.Seconds()*100_000/float64(k), maintenance,
		(time.Since(start) - took).Round(time.Millisecond), counts["casework_request"], open, queue, counts["casework_event"],
		counts["casework_timer"], pending, counts["audit_entry"])
}

// measure runs the measurements, keeping each one's p50 in keep when given, and reporting it over
// the same measurement's p50 in small when given.
func (e *benchEnv) measure(b *testing.B, keep, small map[string]time.Duration) {
	report := func(b *testing.B, name string, ds []time.Duration) {
		p50 := reportLatency(b, ds)
		if keep != nil {
			keep[name] = p50
		}
		if s := small[name]; s > 0 {
			b.ReportMetric(float64(p50)/float64(s), "vs_small")
		}
	}
	b.Run("queue_query", func(b *testing.B) {
		report(b, "queue_query", timed(b, nil, func() {
			if rs, _, err := e.a.Casework.List(e.staff, casework.Filter{}); err != nil || len(rs) == 0 {
				b.Fatalf("queue: %d rows, %v", len(rs), err)
			}
		}))
	})
	b.Run("queue_page", func(b *testing.B) {
		report(b, "queue_page", timed(b, nil, func() {
			req := httptest.NewRequest("GET", "/console/casework", nil)
			req.Header.Set("Authorization", "Bearer "+e.token)
			rec := httptest.NewRecorder()
			e.h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("queue page: %d %.300s", rec.Code, rec.Body.String())
			}
		}))
	})
	b.Run("sweep_idle", func(b *testing.B) {
		report(b, "sweep_idle", timed(b, nil, func() {
			if fired, err := e.a.Casework.SweepAll(e.ctx); err != nil || fired != 0 {
				b.Fatalf("idle sweep fired %d: %v", fired, err)
			}
		}))
	})
	b.Run("sweep_fire", func(b *testing.B) {
		// One pending timer of an open request is made due before each sweep, again and again.
		var id int64
		var due time.Time
		if err := e.d.QueryRow(e.ctx, `SELECT t.id, t.due_at FROM casework_timer t JOIN casework_request r ON r.id = t.request_id
			WHERE t.fired_at IS NULL AND t.clock = 'resolution' AND r.state <> 'submitted' ORDER BY t.id DESC LIMIT 1`).Scan(&id, &due); err != nil {
			b.Fatal(err)
		}
		past := e.now.Add(-time.Minute)
		report(b, "sweep_fire", timed(b, func() {
			if _, err := e.d.Exec(e.ctx, `UPDATE casework_timer SET fired_at = NULL, due_at = $1 WHERE id = $2`, past, id); err != nil {
				b.Fatal(err)
			}
		}, func() {
			if fired, err := e.a.Casework.Sweep(e.ctx, 100); err != nil || len(fired) != 1 || !fired[0].Effective {
				b.Fatalf("sweep fired %v: %v", fired, err)
			}
		}))
		if _, err := e.d.Exec(e.ctx, `UPDATE casework_timer SET fired_at = NULL, due_at = $1 WHERE id = $2`, due, id); err != nil {
			b.Fatal(err)
		}
	})
	var bare time.Duration
	b.Run("insert_bare", func(b *testing.B) {
		ds := timed(b, nil, func() {
			e.bareID++
			if _, err := e.d.Exec(e.ctx, bareInsert, append([]any{e.bareID}, e.bare...)...); err != nil {
				b.Fatal(err)
			}
		})
		report(b, "insert_bare", ds)
		bare = mean(ds)
		b.ReportMetric(1/bare.Seconds(), "req/s")
	})
	b.Run("create", func(b *testing.B) {
		topics := []string{"tax", "legal", "odi", "market_entry", "hr"}
		i := 0
		ds := timed(b, nil, func() {
			i++
			if _, err := e.a.Casework.CreateRequest(e.firms[i%len(e.firms)], casework.NewRequest{Topic: topics[i%len(topics)],
				Countries: []string{"VN"}, Title: "基准测试请求", Description: "吞吐量测量"}); err != nil {
				b.Fatal(err)
			}
		})
		report(b, "create", ds)
		m := mean(ds)
		b.ReportMetric(1/m.Seconds(), "req/s")
		if bare > 0 {
			b.ReportMetric(float64(m)/float64(bare), "x_bare")
		}
	})
}

// bareInsert writes the columns CreateRequest writes, into the bare table.
const bareInsert = `INSERT INTO bench_bare (id, ref, channel, enterprise_id, contact_name, contact_phone, contact_email, contact_org,
	topic_code, countries, abroad, title, description, urgency, needed_by, state, home_district, intake_point_id, point_id,
	route_rule_id, route_kind, route_detail, duplicate_of_id, response_warn_at, response_due_at, resolution_warn_at, resolution_due_at,
	sla_due_at, sla_warn_at, sla_provisional, client_key, created_by, submitted_at, created_at, updated_at, version)
	VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$31,$32,$33,$34,$35,$36)`

// timed runs op b.N times, timing each run (setup, when given, runs before each, untimed), and
// returns the times sorted.
func timed(b *testing.B, setup, op func()) []time.Duration {
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		if setup != nil {
			b.StopTimer()
			setup()
			b.StartTimer()
		}
		start := time.Now()
		op()
		ds = append(ds, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(ds)
	return ds
}

func mean(ds []time.Duration) time.Duration {
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return sum / time.Duration(max(len(ds), 1))
}

// reportLatency reports the percentiles of sorted times and returns the median.
func reportLatency(b *testing.B, ds []time.Duration) time.Duration {
	pct := func(p int) time.Duration { return ds[min(len(ds)-1, len(ds)*p/100)] }
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(pct(50)), "p50_ms")
	b.ReportMetric(ms(pct(95)), "p95_ms")
	b.ReportMetric(ms(pct(99)), "p99_ms")
	return pct(50)
}
