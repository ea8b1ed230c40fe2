package web_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"chuhai/internal/app"
	"chuhai/internal/audit"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

// serverOn builds the application over d as it is (migrated or not), logging JSON into log.
func serverOn(t *testing.T, d *db.DB, cfg app.Config, log io.Writer) http.Handler {
	t.Helper()
	a, err := app.New(d, cfg, slog.New(slog.NewJSONHandler(log, nil)))
	if err != nil {
		t.Fatal(err)
	}
	s, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func get(h http.Handler, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return rec
}

func TestReadyzWaitsForEveryMigration(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			d, err := db.Open(ctx, dbtest.DSN(t, dialect))
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			h := serverOn(t, d, app.Config{}, io.Discard)
			check := func(stage string, status int, body string) {
				t.Helper()
				rec := get(h, "/readyz")
				if rec.Code != status || !strings.Contains(rec.Body.String(), body) {
					t.Fatalf("%s: readyz %d %q, want %d %q", stage, rec.Code, rec.Body, status, body)
				}
				if rec := get(h, "/healthz"); rec.Code != http.StatusOK {
					t.Fatalf("%s: healthz %d; the process is up whatever the database", stage, rec.Code)
				}
			}
			check("un-migrated", http.StatusServiceUnavailable, "migrations pending")
			if err := d.Migrate(ctx, audit.Module); err != nil {
				t.Fatal(err)
			}
			check("one module migrated", http.StatusServiceUnavailable, "migrations pending")
			if err := d.Migrate(ctx, app.Modules()...); err != nil {
				t.Fatal(err)
			}
			check("fully migrated", http.StatusOK, "ready")
			d.Close()
			check("database closed", http.StatusServiceUnavailable, "database unreachable")
		})
	}
}

func TestMetricsCountRequestsByRoutePatternAndStatus(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.do(request{method: "GET", path: "/healthz"}).Body.Close()
		e.do(request{method: "GET", path: "/healthz"}).Body.Close()
		e.do(request{method: "GET", path: "/api/v1/audit/12"}).Body.Close() // a pattern, refused: 401
		e.do(request{method: "GET", path: "/no/such/page"}).Body.Close()
		resp := e.do(request{method: "GET", path: "/metrics"})
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, want := range []string{
			`chuhai_http_requests_total{method="GET",route="GET /healthz",status="200"} 2`,
			`chuhai_http_requests_total{method="GET",route="GET /api/v1/audit/{id}",status="401"} 1`,
			`chuhai_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
			`chuhai_http_request_duration_seconds_count{route="GET /healthz"} 2`,
			`go_sql_max_open_connections{db_name="write"}`,
		} {
			if !bytes.Contains(body, []byte(want)) {
				t.Errorf("metrics lack %s", want)
			}
		}
		if bytes.Contains(body, []byte(`/api/v1/audit/12`)) {
			t.Error("metrics are labelled by path rather than by pattern (unbounded cardinality)")
		}
	})
}

func TestRequestLogLinesCarryTheRequestID(t *testing.T) {
	var log bytes.Buffer
	d := dbtest.Open(t, db.SQLite, app.Modules()...)
	h := serverOn(t, d, app.Config{}, &log)
	for _, path := range []string{"/healthz", "/api/v1/nothing"} {
		log.Reset()
		rec := get(h, path)
		id := rec.Header().Get("X-Request-Id")
		if len(id) != 16 {
			t.Fatalf("%s: X-Request-Id %q", path, id)
		}
		var found bool
		sc := bufio.NewScanner(&log)
		for sc.Scan() {
			var line map[string]any
			if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
				t.Fatalf("log line is not JSON: %s", sc.Text())
			}
			if line["msg"] == "request" {
				found = true
				if line["request_id"] != id || line["path"] != path || line["status"] != float64(rec.Code) {
					t.Errorf("%s: log line %v, want request_id %s and status %d", path, line, id, rec.Code)
				}
			}
		}
		if !found {
			t.Errorf("%s: no request log line in %q", path, log.String())
		}
	}
	rec := get(h, "/api/v1/nothing")
	var p struct {
		RequestID string `json:"request_id"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.RequestID != rec.Header().Get("X-Request-Id") {
		t.Errorf("problem request_id %q, header %q (%v)", p.RequestID, rec.Header().Get("X-Request-Id"), err)
	}
	if get(h, "/healthz").Header().Get("X-Request-Id") == rec.Header().Get("X-Request-Id") {
		t.Error("two requests share a request id")
	}
}
