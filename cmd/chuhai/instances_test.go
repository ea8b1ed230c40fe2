package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

// buildChuhai compiles this command into a temporary directory, as an operator would deploy it.
func buildChuhai(t *testing.T) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool on PATH to build the binary with")
	}
	bin := filepath.Join(t.TempDir(), "chuhai")
	out, err := exec.Command(gobin, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runCLI runs one chuhai command to completion and returns its standard output.
func runCLI(t *testing.T, bin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = cleanEnv()
	if err := cmd.Run(); err != nil {
		t.Fatalf("chuhai %s: %v\nstdout: %s\nstderr: %s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// cleanEnv is the test's environment without CHUHAI_* settings, so only the flags given count.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CHUHAI_") {
			env = append(env, kv)
		}
	}
	return env
}

// instance is one running `chuhai serve`.
type instance struct {
	name string
	URL  string
	cmd  *exec.Cmd
	logs *syncBuffer
}

// startInstance starts `chuhai serve` on a free loopback port and waits until /readyz answers 200.
// The process is stopped (SIGTERM, then SIGKILL) when the test ends, whether it passed or not.
func startInstance(t *testing.T, bin, name string, args ...string) *instance {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = cleanEnv()
	inst := &instance{name: name, cmd: cmd, logs: &syncBuffer{}}
	cmd.Stderr = inst.logs
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("instance %s log:\n%s", name, inst.logs.String())
		}
	})

	// serve prints "chuhai is serving on http://ADDR" once it listens.
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if _, u, ok := strings.Cut(sc.Text(), "serving on "); ok {
				addr <- strings.TrimSpace(u)
				break
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case inst.URL = <-addr:
	case <-exited:
		t.Fatalf("instance %s exited before serving:\n%s", name, inst.logs.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("instance %s did not start serving within 30s:\n%s", name, inst.logs.String())
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(inst.URL + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return inst
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("instance %s not ready within 30s (last: %v)", name, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// postgresDSN returns a DSN for a fresh schema of its own in the test PostgreSQL database, skipping
// the test when none is configured.
func postgresDSN(t *testing.T) string {
	t.Helper()
	if os.Getenv(dbtest.EnvPostgres) == "" {
		t.Skip("multi-instance test needs PostgreSQL: set " + dbtest.EnvPostgres)
	}
	return dbtest.DSN(t, db.Postgres)
}

func (i *instance) String() string { return fmt.Sprintf("%s (%s)", i.name, i.URL) }

// TestTwoInstancesShareSessionsAndLocks runs two `chuhai serve` processes on one PostgreSQL schema,
// as behind a load balancer: a session opened on one works on the other, signing out on one ends it
// on both, and failed sign-ins counted on either lock the account on both.
func TestTwoInstancesShareSessionsAndLocks(t *testing.T) {
	dsn := postgresDSN(t)
	bin := buildChuhai(t)
	runCLI(t, bin, "migrate", "up", "--db", dsn)
	const login, password = "multi.coordinator", "Two-instances-2026!"
	runCLI(t, bin, "user", "create", "--db", dsn, "--login", login, "--password", password,
		"--role", "city_coordinator", "--name", "Multi Instance")

	// Each instance reuses a resolved credential for readCache (serve's --read-cache).
	const readCache = 200 * time.Millisecond
	a := startInstance(t, bin, "A", "--db", dsn, "--read-cache", readCache.String())
	b := startInstance(t, bin, "B", "--db", dsn, "--read-cache", readCache.String())

	// An API session opened on A is valid on B, and ending it on B ends it on A within A's read
	// cache time, though A had just used it.
	resp := call(t, a, "POST", "/api/v1/sessions", fmt.Sprintf(`{"login":%q,"password":%q}`, login, password), nil)
	expect(t, resp, http.StatusCreated)
	var signedIn struct {
		Token string `json:"token"`
	}
	decodeBody(t, resp, &signedIn)
	if signedIn.Token == "" {
		t.Fatal("sign-in on A returned no token")
	}
	bearer := map[string]string{"Authorization": "Bearer " + signedIn.Token}
	resp = call(t, b, "GET", "/api/v1/me", "", bearer)
	expect(t, resp, http.StatusOK)
	var me struct {
		Login string `json:"login"`
		Role  string `json:"role"`
	}
	decodeBody(t, resp, &me)
	if me.Login != login || me.Role != "city_coordinator" {
		t.Fatalf("B sees the token as %+v", me)
	}
	expectDone(t, call(t, a, "GET", "/api/v1/me", "", bearer), http.StatusOK)
	expectDone(t, call(t, b, "DELETE", "/api/v1/sessions/current", "", bearer), http.StatusNoContent)
	expectDone(t, call(t, b, "GET", "/api/v1/me", "", bearer), http.StatusUnauthorized)
	time.Sleep(readCache + 50*time.Millisecond) // not a speed check: A must have forgotten by now
	expectDone(t, call(t, a, "GET", "/api/v1/me", "", bearer), http.StatusUnauthorized)

	// A browser session (cookie) made on A opens the console on B.
	resp = call(t, a, "POST", "/signin", "login="+login+"&password="+password,
		map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
	expectDone(t, resp, http.StatusSeeOther)
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "chuhai_session" && c.Value != "" {
			cookie = c
		}
	}
	if cookie == nil {
		t.Fatal("sign-in form on A set no session cookie")
	}
	resp = call(t, b, "GET", "/console", "", map[string]string{"Cookie": cookie.Name + "=" + cookie.Value})
	expect(t, resp, http.StatusOK)
	if body := readBody(t, resp); !strings.Contains(body, "Multi Instance") {
		t.Errorf("B's console does not show the signed-in user:\n%.600s", body)
	}

	// Five wrong passwords, alternating between the instances, lock the account everywhere: the
	// sixth attempt, with the right password, is refused with 429 on both.
	wrong := fmt.Sprintf(`{"login":%q,"password":"not-the-password-1"}`, login)
	for i := range 5 {
		inst := []*instance{a, b}[i%2]
		resp := call(t, inst, "POST", "/api/v1/sessions", wrong, nil)
		want := http.StatusUnauthorized
		if i == 4 {
			want = http.StatusTooManyRequests // the fifth failure itself sets the lock
		}
		if resp.StatusCode != want {
			t.Fatalf("failure %d on %s: status %d, want %d: %s", i+1, inst, resp.StatusCode, want, readBody(t, resp))
		}
		resp.Body.Close()
	}
	right := fmt.Sprintf(`{"login":%q,"password":%q}`, login, password)
	for _, inst := range []*instance{a, b} {
		resp := call(t, inst, "POST", "/api/v1/sessions", right, nil)
		if resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("right password on %s after 5 failures: status %d, want 429: %s", inst, resp.StatusCode, readBody(t, resp))
			continue
		}
		resp.Body.Close()
	}
	resp = call(t, b, "POST", "/signin", "login="+login+"&password="+password,
		map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("sign-in form on B after the lock: status %d, want 429", resp.StatusCode)
	}
	resp.Body.Close()
}

// noRedirect is a client that shows redirects instead of following them.
var noRedirect = &http.Client{
	Timeout:       15 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// call sends one request to an instance.
func call(t *testing.T, inst *instance, method, path, body string, header map[string]string) *http.Response {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, inst.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatalf("%s %s on %s: %v", method, path, inst, err)
	}
	return resp
}

// expect fails the test unless resp has the status; the caller still reads or closes the body.
func expect(t *testing.T, resp *http.Response, status int) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d: %s", resp.Request.Method, resp.Request.URL, resp.StatusCode, status, readBody(t, resp))
	}
}

// expectDone is expect for a response whose body does not matter.
func expectDone(t *testing.T, resp *http.Response, status int) {
	t.Helper()
	expect(t, resp, status)
	resp.Body.Close()
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func decodeBody(t *testing.T, resp *http.Response, v any) {
	t.Helper()
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("decode %s: %v", resp.Request.URL, err)
	}
}
