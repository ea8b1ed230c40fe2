package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var servingOn = regexp.MustCompile(`serving on http://(\S+)`)

// TestServeFinishesInFlightRequestsOnShutdown starts `chuhai serve` in-process on a free port, begins a
// POST whose body is still arriving, cancels the context (SIGTERM in production), and checks that the
// server stops accepting connections yet answers the request in flight once its body is complete.
func TestServeFinishesInFlightRequestsOnShutdown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	exited := make(chan int, 1)
	dbPath := filepath.Join(t.TempDir(), "chuhai.db")
	go func() {
		exited <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", dbPath}, &stdout, &stderr)
	}()

	var addr string
	for deadline := time.Now().Add(15 * time.Second); addr == ""; time.Sleep(20 * time.Millisecond) {
		if m := servingOn.FindStringSubmatch(stdout.String()); m != nil {
			addr = m[1]
		}
		select {
		case code := <-exited:
			t.Fatalf("serve exited with %d before serving: %s", code, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start; stdout %q, stderr %q", stdout.String(), stderr.String())
		}
	}
	base := "http://" + addr
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("readyz = %d after start-up migrations", resp.StatusCode)
	}

	body, feed := io.Pipe()
	req, err := http.NewRequest("POST", base+"/lang", body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	client := &http.Client{
		Transport:     &http.Transport{DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	type result struct {
		resp *http.Response
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := client.Do(req)
		done <- result{resp, err}
	}()
	// The write returns once the transport has taken the bytes: the headers and the first half of the
	// body are on the wire, and the handler is waiting for the rest.
	if _, err := feed.Write([]byte("lang=e")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)

	cancel()
	// Shutdown has begun once the listener is closed.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("still accepting connections after the context was cancelled")
		}
	}
	// Give a server that dropped connections instead of draining them the time to do so.
	time.Sleep(300 * time.Millisecond)
	select {
	case r := <-done:
		t.Fatalf("the request ended before its body was complete: %v", r.err)
	case code := <-exited:
		t.Fatalf("serve exited (%d) with a request still in flight", code)
	default:
	}

	if _, err := feed.Write([]byte("n&back=/about")); err != nil {
		t.Fatal(err)
	}
	feed.Close()
	var r result
	select {
	case r = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("no response to the in-flight request")
	}
	if r.err != nil {
		t.Fatalf("in-flight request failed instead of completing: %v", r.err)
	}
	r.resp.Body.Close()
	if r.resp.StatusCode != http.StatusSeeOther || r.resp.Header.Get("Location") != "/about" ||
		!strings.Contains(r.resp.Header.Get("Set-Cookie"), "chuhai_lang=en") {
		t.Fatalf("in-flight request: %d, Location %q, Set-Cookie %q", r.resp.StatusCode, r.resp.Header.Get("Location"), r.resp.Header.Get("Set-Cookie"))
	}
	select {
	case code := <-exited:
		if code != 0 {
			t.Fatalf("serve exited with %d: %s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not return after its last request")
	}
}
