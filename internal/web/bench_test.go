package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"chuhai/internal/app"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
	"chuhai/internal/demo"
)

// benchPoints is the size of the network the list benchmarks page through (plus the demo network).
const benchPoints = 10_000

// BenchmarkListing measures, in one run, what chuhai adds on top of Go's own HTTP stack when it
// lists service points: a bare net/http handler encoding a small JSON list (the ceiling), chuhai's
// list API (GET /api/v1/service-points, 20 rows of 10,000, called with an API token) and its HTML list
// page (GET /network), each as served (reads cached for serve's default second) and uncached. Requests go through each handler in process, so the figures are the handlers'
// own cost: no network, no client. A summary with the ratios to the bare handler is printed at the
// end. It runs on SQLite, and on PostgreSQL too when CHUHAI_TEST_POSTGRES is set:
//
//	go test -run '^$' -bench Listing -benchtime 2s ./internal/web/
//
// It asserts nothing about speed; scripts/load.sh measures the same three over real connections.
func BenchmarkListing(b *testing.B) {
	var results []benchResult
	measure := func(name string, h http.Handler, newReq func() *http.Request) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			n := 0
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, newReq())
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: status %d: %.300s", name, rec.Code, rec.Body.String())
				}
				n++
			}
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			results = append(results, benchResult{name: name, ns: float64(elapsed.Nanoseconds()) / float64(n),
				allocs: float64(after.Mallocs-before.Mallocs) / float64(n), bytes: float64(after.TotalAlloc-before.TotalAlloc) / float64(n)})
		})
	}

	measure("bare", bareHandler(), func() *http.Request { return httptest.NewRequest("GET", "/", nil) })
	for _, dialect := range dbtest.Dialects() {
		// As served (serve's default --read-cache), and with every request reading the database.
		for _, c := range []struct {
			suffix string
			ttl    time.Duration
		}{{"", time.Second}, {"-nocache", 0}} {
			s, token := listingServer(b, dialect, c.ttl)
			measure(string(dialect)+"/api"+c.suffix, s, func() *http.Request {
				r := httptest.NewRequest("GET", "/api/v1/service-points?page=7", nil)
				r.Header.Set("Authorization", "Bearer "+token)
				return r
			})
			measure(string(dialect)+"/page"+c.suffix, s, func() *http.Request {
				return httptest.NewRequest("GET", "/network?page=7", nil)
			})
		}
	}
	printSummary(os.Stdout, results)
}

type benchResult struct {
	name              string
	ns, allocs, bytes float64
}

// printSummary keeps only each benchmark's last (longest) run, and compares each to the bare handler.
func printSummary(w io.Writer, results []benchResult) {
	last := map[string]benchResult{}
	var order []string
	for _, r := range results {
		if _, ok := last[r.name]; !ok {
			order = append(order, r.name)
		}
		last[r.name] = r
	}
	bare, ok := last["bare"]
	if !ok {
		return
	}
	fmt.Fprintf(w, "\nlisting summary (%d rows in the network, 20 a page; throughput relative to the bare handler)\n", benchPoints)
	fmt.Fprintf(w, "  %-20s %12s %10s %12s %10s\n", "handler", "µs/op", "allocs/op", "bytes/op", "vs bare")
	for _, name := range order {
		r := last[name]
		fmt.Fprintf(w, "  %-20s %12.1f %10.0f %12.0f %9.1f%%\n", name, r.ns/1e3, r.allocs, r.bytes, 100*bare.ns/r.ns)
	}
}

// benchPoint and benchList mirror the API's shape, so the bare handler encodes a similar document.
type benchPoint struct {
	ID     int64  `json:"id"`
	Code   string `json:"code"`
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en"`
}

type benchList struct {
	Items   []benchPoint `json:"items"`
	Page    int          `json:"page"`
	PerPage int          `json:"per_page"`
	Total   int          `json:"total"`
}

// bareHandler is plain net/http: a small JSON list encoded on every request, nothing else.
func bareHandler() http.Handler {
	items := make([]benchPoint, 20)
	for i := range items {
		items[i] = benchPoint{ID: int64(i + 1), Code: fmt.Sprintf("Z%06d", i+1), NameZh: "示例专业服务点", NameEn: "Sample specialised point"}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_ = json.NewEncoder(w).Encode(benchList{Items: items, Page: 1, PerPage: 20, Total: benchPoints})
	})
}

// listingServer is the whole platform on a fresh database holding the demo data and benchPoints more
// service points, with an API token of the demo city coordinator. Requests are logged as in
// production (JSON), into io.Discard.
func listingServer(b *testing.B, dialect db.Dialect, readCache time.Duration) (http.Handler, string) {
	b.Helper()
	ctx := context.Background()
	d := dbtest.Open(b, dialect, app.Modules()...)
	a, err := app.New(d, app.Config{ReadCache: readCache}, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	if err := demo.Load(ctx, a); err != nil {
		b.Fatal(err)
	}
	if err := demo.Scale(ctx, a, benchPoints); err != nil {
		b.Fatal(err)
	}
	var login string
	for _, acc := range demo.Accounts {
		if acc.Role == auth.CityCoordinator {
			login = acc.Login
		}
	}
	u, err := a.Auth.UserByLogin(ctx, login)
	if err != nil {
		b.Fatal(err)
	}
	token, err := a.Auth.CreateAPIToken(ctx, u.ID, "benchmark")
	if err != nil {
		b.Fatal(err)
	}
	s, err := a.Handler()
	if err != nil {
		b.Fatal(err)
	}
	// Check the token is honoured and the list is the size meant, so the figures are for the real path.
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"via":"token"`) {
		b.Fatalf("token not accepted: %d %s", rec.Code, rec.Body.String())
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/service-points", nil))
	var page struct {
		Items []json.RawMessage `json:"items"`
		Total int               `json:"total"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil || len(page.Items) != 20 || page.Total < benchPoints {
		b.Fatalf("list: %d items of %d (%v)", len(page.Items), page.Total, err)
	}
	return s, token
}
