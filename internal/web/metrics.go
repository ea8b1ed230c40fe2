package web

import (
	"bufio"
	"database/sql"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	rtmetrics "runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"chuhai/internal/db"
)

// metrics keeps what /metrics reports, in the Prometheus text format (version 0.0.4): requests by
// route pattern, method and status, latency histograms by route, the database pools, and the
// process's own figures. It is written here rather than with client_golang because these few series
// are all chuhai exposes, and that library (with protobuf under it) was a tenth of the binary.
type metrics struct {
	start    time.Time
	requests sync.Map // requestKey → *atomic.Uint64
	latency  sync.Map // route → *histogram
	pools    []namedPool
}

type requestKey struct{ route, method, status string }

type namedPool struct {
	name string
	db   *sql.DB
}

// latencyBuckets are the histogram's upper bounds in seconds.
var latencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}

type histogram struct {
	counts  []atomic.Uint64 // per bucket, not cumulative; the last is +Inf
	count   atomic.Uint64
	sumBits atomic.Uint64 // float64 seconds
}

func newMetrics(d *db.DB) *metrics {
	m := &metrics{start: time.Now()}
	if d != nil {
		m.pools = append(m.pools, namedPool{"write", d.Writer()})
		if d.Reader() != d.Writer() {
			m.pools = append(m.pools, namedPool{"read", d.Reader()})
		}
	}
	return m
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	k := requestKey{route, method, strconv.Itoa(status)}
	c, ok := m.requests.Load(k)
	if !ok {
		c, _ = m.requests.LoadOrStore(k, new(atomic.Uint64))
	}
	c.(*atomic.Uint64).Add(1)

	h, ok := m.latency.Load(route)
	if !ok {
		h, _ = m.latency.LoadOrStore(route, &histogram{counts: make([]atomic.Uint64, len(latencyBuckets)+1)})
	}
	hist := h.(*histogram)
	sec := d.Seconds()
	i, _ := slices.BinarySearch(latencyBuckets, sec) // the first bound ≥ sec; len() for +Inf
	hist.counts[i].Add(1)
	for {
		old := hist.sumBits.Load()
		if hist.sumBits.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+sec)) {
			break
		}
	}
	hist.count.Add(1)
}

// write prints every series, sorted so that the output is stable.
func (m *metrics) write(out io.Writer) error {
	w := bufio.NewWriter(out)
	header := func(name, typ, help string) { fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ) }

	header("chuhai_http_requests_total", "counter", "HTTP requests by route pattern, method and status.")
	var keys []requestKey
	m.requests.Range(func(k, _ any) bool { keys = append(keys, k.(requestKey)); return true })
	slices.SortFunc(keys, func(a, b requestKey) int {
		return strings.Compare(a.route+"\x00"+a.method+"\x00"+a.status, b.route+"\x00"+b.method+"\x00"+b.status)
	})
	for _, k := range keys {
		c, _ := m.requests.Load(k)
		fmt.Fprintf(w, "chuhai_http_requests_total{method=%s,route=%s,status=%s} %d\n",
			label(k.method), label(k.route), label(k.status), c.(*atomic.Uint64).Load())
	}

	const hname = "chuhai_http_request_duration_seconds"
	header(hname, "histogram", "HTTP request latency by route pattern.")
	var routes []string
	m.latency.Range(func(k, _ any) bool { routes = append(routes, k.(string)); return true })
	slices.Sort(routes)
	for _, r := range routes {
		v, _ := m.latency.Load(r)
		h := v.(*histogram)
		count := h.count.Load()
		var cum uint64
		for i, le := range latencyBuckets {
			cum += h.counts[i].Load()
			fmt.Fprintf(w, "%s_bucket{route=%s,le=\"%s\"} %d\n", hname, label(r), num(le), min(cum, count))
		}
		fmt.Fprintf(w, "%s_bucket{route=%s,le=\"+Inf\"} %d\n", hname, label(r), count)
		fmt.Fprintf(w, "%s_sum{route=%s} %s\n", hname, label(r), num(math.Float64frombits(h.sumBits.Load())))
		fmt.Fprintf(w, "%s_count{route=%s} %d\n", hname, label(r), count)
	}

	pools := []struct {
		name, typ, help string
		value           func(sql.DBStats) float64
	}{
		{"go_sql_max_open_connections", "gauge", "Maximum number of open connections to the database.", func(s sql.DBStats) float64 { return float64(s.MaxOpenConnections) }},
		{"go_sql_open_connections", "gauge", "The number of established connections both in use and idle.", func(s sql.DBStats) float64 { return float64(s.OpenConnections) }},
		{"go_sql_in_use_connections", "gauge", "The number of connections currently in use.", func(s sql.DBStats) float64 { return float64(s.InUse) }},
		{"go_sql_idle_connections", "gauge", "The number of idle connections.", func(s sql.DBStats) float64 { return float64(s.Idle) }},
		{"go_sql_wait_count_total", "counter", "The total number of connections waited for.", func(s sql.DBStats) float64 { return float64(s.WaitCount) }},
		{"go_sql_wait_duration_seconds_total", "counter", "The total time blocked waiting for a new connection.", func(s sql.DBStats) float64 { return s.WaitDuration.Seconds() }},
	}
	stats := make([]sql.DBStats, len(m.pools))
	for i, p := range m.pools {
		stats[i] = p.db.Stats()
	}
	for _, s := range pools {
		if len(m.pools) == 0 {
			break
		}
		header(s.name, s.typ, s.help)
		for i, p := range m.pools {
			fmt.Fprintf(w, "%s{db_name=%s} %s\n", s.name, label(p.name), num(s.value(stats[i])))
		}
	}

	samples := []rtmetrics.Sample{{Name: "/sched/goroutines:goroutines"}, {Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/total:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}
	rtmetrics.Read(samples)
	gauge := func(name, typ, help string, v float64) {
		header(name, typ, help)
		fmt.Fprintf(w, "%s %s\n", name, num(v))
	}
	value := func(s rtmetrics.Sample) float64 {
		if s.Value.Kind() == rtmetrics.KindUint64 {
			return float64(s.Value.Uint64())
		}
		return 0
	}
	gauge("go_goroutines", "gauge", "Number of goroutines that currently exist.", value(samples[0]))
	gauge("go_memstats_heap_alloc_bytes", "gauge", "Number of heap bytes allocated and still in use.", value(samples[1]))
	gauge("go_memstats_sys_bytes", "gauge", "Number of bytes obtained from the system.", value(samples[2]))
	gauge("go_gc_cycles_total", "counter", "Number of completed GC cycles.", value(samples[3]))
	gauge("go_threads", "gauge", "Number of OS threads created.", float64(threads()))

	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		cpu := time.Duration(ru.Utime.Nano()+ru.Stime.Nano()) * time.Nanosecond
		gauge("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", cpu.Seconds())
	}
	if rss, ok := residentBytes(); ok {
		gauge("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", float64(rss))
	}
	gauge("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.", float64(m.start.UnixNano())/1e9)
	return w.Flush()
}

// label quotes a label value as the text format wants it.
func label(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(v) + `"`
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func threads() int {
	n, _ := runtime.ThreadCreateProfile(nil)
	return n
}

// residentBytes reads the process's resident set size where the system tells it (Linux).
func residentBytes() (int64, bool) {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0, false
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return 0, false
	}
	return pages * int64(os.Getpagesize()), true
}
