package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestDemoLoadsServesAndPrintsLogins(t *testing.T) {
	dir := t.TempDir()
	for round := range 2 { // the second run finds the data already there and changes nothing
		ctx, cancel := context.WithCancel(context.Background())
		var out syncBuffer
		done := make(chan int, 1)
		go func() {
			done <- run(ctx, []string{"demo", "--db", filepath.Join(dir, "demo.db"), "--addr", "127.0.0.1:0"}, &out, io.Discard)
		}()
		deadline := time.Now().Add(60 * time.Second)
		for !strings.Contains(out.String(), "law.member") && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		text := out.String()
		for _, want := range []string{"sysadmin", "coordinator", "xh.staff", "odi.lead", "ent.admin", "law.admin", "point_staff", "静安 ODI 咨询点"} {
			if !strings.Contains(text, want) {
				t.Errorf("round %d: output lacks %q:\n%s", round, want, text)
			}
		}
		addr := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(text)
		resp, err := http.Get(addr + "/api/v1/service-points?kind=district_point")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), `"total":15`) {
			t.Errorf("round %d: %s", round, body)
		}
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("round %d: exit %d", round, code)
		}
	}
}

func TestDemoRejectsABadScale(t *testing.T) {
	var errOut bytes.Buffer
	if code := run(context.Background(), []string{"demo", "--db", filepath.Join(t.TempDir(), "x.db"), "--scale", "-1"}, io.Discard, &errOut); code != 2 {
		t.Errorf("exit %d: %s", code, errOut.String())
	}
}
