package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"chuhai/internal/app"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
	"chuhai/internal/network"
)

// envChild makes this test binary a chuhai process: it runs the arguments in the variable.
const envChild = "CHUHAI_RELIABILITY_CHILD"

// TestReliabilityChild is not a test: it is the server process the reliability test starts, and
// kills, as a child. It only runs with envChild set.
func TestReliabilityChild(t *testing.T) {
	args := os.Getenv(envChild)
	if args == "" {
		t.Skip("the reliability test's child process")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	os.Exit(run(ctx, strings.Fields(args), os.Stdout, os.Stderr))
}

// child is a chuhai server in a process of its own.
type child struct {
	cmd  *exec.Cmd
	addr string
	logs *syncBuffer
}

func startChild(t *testing.T, dsn string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestReliabilityChild$")
	cmd.Env = append(os.Environ(), envChild+"=serve --addr 127.0.0.1:0 --workers 2 --db "+dsn)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, logs: &syncBuffer{}}
	cmd.Stderr = c.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := servingOn.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	select {
	case c.addr = <-found:
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("the server did not start: %s", c.logs.String())
	}
	return c
}

// kill ends the process at once, as a power cut or the OOM killer would.
func (c *child) kill(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = c.cmd.Wait()
}

// stop ends the process as an operator would.
func (c *child) stop(t *testing.T) {
	t.Helper()
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = c.cmd.Process.Kill()
		t.Error("the server did not stop on SIGTERM")
	}
}

const visitorRequest = `{"topic":"tax","title":"出口退税咨询 %d","description":"想了解出口退税流程。","contact":{"name":"王女士","phone":"13800000000"}}`

// TestKilledDuringABurstLosesNothingAndFiresTimersOnce kills the server with SIGKILL while clients
// are creating requests and due timers are being swept, restarts it, and checks: every creation the
// server acknowledged exists exactly once; retrying the unacknowledged ones with their keys creates
// each exactly once; every due timer fires exactly once.
func TestKilledDuringABurstLosesNothingAndFiresTimersOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills server processes")
	}
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			dsn := dbtest.DSN(t, dialect)
			if dialect == db.SQLite {
				dsn = strings.TrimSuffix(dsn, "chuhai.db") + "reliability.db"
			}
			killedDuringABurst(t, dsn)
		})
	}
}

func killedDuringABurst(t *testing.T, dsn string) {
	ctx := context.Background()
	d := migratedDB(t, dsn)
	a, err := app.New(d, app.Config{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Network.CreatePoint(ctx, network.PointInput{Code: "SH", Kind: network.CityPlatform, NameZh: "上海市平台", NameEn: "Shanghai platform",
		RegionCode: network.ShanghaiCode}); err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: 20 * time.Second}
	post := func(base, key string, n int) (int, string, error) {
		req, _ := http.NewRequest("POST", base+"/api/v1/requests", strings.NewReader(fmt.Sprintf(visitorRequest, n)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", key)
		resp, err := client.Do(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		ref := ""
		if i := bytes.Index(b, []byte(`"ref":"`)); i >= 0 {
			ref = string(b[i+7 : i+7+bytes.IndexByte(b[i+7:], '"')])
		}
		return resp.StatusCode, ref, nil
	}

	// Timers that fall due around the crash: twenty requests' timers are moved to the past (swept
	// as the first server starts) or to a moment during the burst.
	first := startChild(t, dsn)
	base := "http://" + first.addr
	for i := range 20 {
		if code, _, err := post(base, fmt.Sprintf("timer-%d", i), 10_000+i); err != nil || code != 201 {
			t.Fatalf("seed request: %d %v", code, err)
		}
	}
	if _, err := d.Exec(ctx, `UPDATE casework_timer SET due_at = $1 WHERE id % 2 = 0`, time.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Exec(ctx, `UPDATE casework_timer SET due_at = $1 WHERE id % 2 = 1`, time.Now().Add(700*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if err := a.Casework.ArmNext(ctx); err != nil {
		t.Fatal(err)
	}

	// The burst: eight clients create requests, each with its own key, until the server dies.
	var mu sync.Mutex
	acked := map[string]string{} // key → ref
	var tried []string
	stopBurst := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stopBurst:
					return
				default:
				}
				key := fmt.Sprintf("burst-%d-%d", w, i)
				mu.Lock()
				tried = append(tried, key)
				mu.Unlock()
				code, ref, err := post(base, key, w*100_000+i)
				if err != nil {
					return // the server is gone
				}
				if code == 201 {
					mu.Lock()
					acked[key] = ref
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	first.kill(t)
	close(stopBurst)
	wg.Wait()
	if len(acked) < 10 {
		t.Fatalf("only %d creations acknowledged before the kill; the burst did not get going:\n%s", len(acked), first.logs.String())
	}

	// Restart on the same database.
	second := startChild(t, dsn)
	defer second.stop(t)
	base = "http://" + second.addr
	countKey := func(key string) (int, string) {
		var n int
		var ref string
		err := d.QueryRow(ctx, `SELECT COUNT(*), COALESCE(MAX(ref), '') FROM casework_request WHERE client_key = $1`, "anon|"+key).Scan(&n, &ref)
		if err != nil {
			t.Fatal(err)
		}
		return n, ref
	}
	for key, ref := range acked {
		if n, got := countKey(key); n != 1 || got != ref {
			t.Errorf("acknowledged %s (%s): %d rows, ref %q", key, ref, n, got)
		}
	}
	// Requests cut off by the kill left claims whose process died; once their lease has passed
	// (simulated here), the clients' retries with the same keys finish the work exactly once.
	if _, err := d.Exec(ctx, `UPDATE idempotency_key SET updated_at = $1 WHERE status = 0`, time.Now().Add(-2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	retried, committedUnacked := 0, 0
	for _, key := range tried {
		if _, ok := acked[key]; ok {
			continue
		}
		if n, _ := countKey(key); n == 1 {
			committedUnacked++ // written, but the answer never reached the client
		}
		var n int
		fmt.Sscanf(key[strings.LastIndex(key, "-")+1:], "%d", &n)
		w := 0
		fmt.Sscanf(key, "burst-%d-", &w)
		code, _, err := post(base, key, w*100_000+n)
		if err != nil || code != 201 {
			t.Errorf("retry of %s: %d %v", key, code, err)
		}
		retried++
	}
	for _, key := range tried {
		if n, _ := countKey(key); n != 1 {
			t.Errorf("%s: %d requests after retrying, want 1", key, n)
		}
	}
	var total int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM casework_request WHERE client_key LIKE 'anon|burst-%'`).Scan(&total); err != nil {
		t.Fatal(err)
	}
	if total != len(tried) {
		t.Errorf("%d requests for %d keys", total, len(tried))
	}
	t.Logf("%d creations acknowledged before SIGKILL; %d retried after the restart, of which %d had been written but not acknowledged",
		len(acked), retried, committedUnacked)

	// Every timer due by now fires, once: one timeline event per fired timer.
	deadline := time.Now().Add(90 * time.Second)
	for {
		var pending int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM casework_timer WHERE fired_at IS NULL AND due_at <= $1`, time.Now()).Scan(&pending); err != nil {
			t.Fatal(err)
		}
		if pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d due timers never fired:\n%s", pending, second.logs.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	var fired, events int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM casework_timer WHERE fired_at IS NOT NULL`).Scan(&fired); err != nil {
		t.Fatal(err)
	}
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM casework_event WHERE kind LIKE 'sla_%'`).Scan(&events); err != nil {
		t.Fatal(err)
	}
	if fired != 120 || events != fired {
		t.Errorf("%d timers fired, %d SLA events; want 120 of each", fired, events)
	}
	var twice int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT request_id, kind, detail FROM casework_event WHERE kind LIKE 'sla_%'
		GROUP BY request_id, kind, detail HAVING COUNT(*) > 1) x`).Scan(&twice); err != nil {
		t.Fatal(err)
	}
	if twice != 0 {
		t.Errorf("%d timers fired more than once", twice)
	}
}
