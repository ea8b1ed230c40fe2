package web

import (
	"bytes"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestMetricsTextFormat(t *testing.T) {
	t.Parallel()
	m := newMetrics(nil)
	for _, d := range []time.Duration{500 * time.Microsecond, time.Millisecond, 3 * time.Millisecond, 7 * time.Second} {
		m.observe("GET /x", "GET", 200, d)
	}
	m.observe("GET /x", "GET", 404, time.Millisecond)
	m.observe("odd \"route\"\nname\\", "POST", 500, 0)
	var b bytes.Buffer
	if err := m.write(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		`chuhai_http_requests_total{method="GET",route="GET /x",status="200"} 4`,
		`chuhai_http_requests_total{method="GET",route="GET /x",status="404"} 1`,
		// Buckets are cumulative and "le" is inclusive: 1 ms falls in the 0.001 bucket.
		`chuhai_http_request_duration_seconds_bucket{route="GET /x",le="0.001"} 3`,
		`chuhai_http_request_duration_seconds_bucket{route="GET /x",le="0.0025"} 3`,
		`chuhai_http_request_duration_seconds_bucket{route="GET /x",le="0.005"} 4`,
		`chuhai_http_request_duration_seconds_bucket{route="GET /x",le="5"} 4`,
		`chuhai_http_request_duration_seconds_bucket{route="GET /x",le="+Inf"} 5`,
		`chuhai_http_request_duration_seconds_sum{route="GET /x"} 7.0055`,
		`chuhai_http_request_duration_seconds_count{route="GET /x"} 5`,
		`route="odd \"route\"\nname\\"`,
		"# TYPE chuhai_http_request_duration_seconds histogram",
		"go_goroutines ",
		"process_start_time_seconds ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s in\n%s", want, out)
		}
	}
	// Every line is a comment or "name{labels} value" as Prometheus parses it.
	sample := regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-z_]+="([^"\\]|\\.)*",?)*\})? [-+0-9.eInf]+$`)
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !strings.HasPrefix(line, "# ") && !sample.MatchString(line) {
			t.Errorf("not a sample line: %q", line)
		}
	}
}

func TestMetricsConcurrentObserve(t *testing.T) {
	t.Parallel()
	m := newMetrics(nil)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				m.observe([]string{"a", "b"}[(g+i)%2], "GET", 200, time.Duration(i)*time.Millisecond)
			}
		})
	}
	wg.Go(func() {
		var b bytes.Buffer
		_ = m.write(&b)
	})
	wg.Wait()
	var b bytes.Buffer
	if err := m.write(&b); err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{"a", "b"} {
		if want := `chuhai_http_request_duration_seconds_count{route="` + r + `"} 2000`; !strings.Contains(b.String(), want) {
			t.Errorf("missing %s", want)
		}
	}
}
