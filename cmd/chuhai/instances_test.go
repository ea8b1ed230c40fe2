package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
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

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
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
