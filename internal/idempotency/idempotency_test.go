package idempotency

import (
	"context"
	"sync"
	"testing"
	"time"

	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func TestRetryGetsTheStoredResponse(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
		s := NewStore(d).WithClock(c.now)
		expect := func(step string, got, want Outcome, err error) {
			t.Helper()
			if err != nil || got != want {
				t.Fatalf("%s: outcome %v (%v), want %v", step, got, err, want)
			}
		}
		out, _, err := s.Begin(ctx, "u:1", "k1", "POST /api/v1/requests", "h1")
		expect("first", out, Proceed, err)
		out, _, err = s.Begin(ctx, "u:1", "k1", "POST /api/v1/requests", "h1")
		expect("while running", out, InProgress, err)
		out, _, err = s.Begin(ctx, "u:1", "k1", "POST /api/v1/requests", "h2")
		expect("other body", out, Mismatch, err)
		out, _, err = s.Begin(ctx, "u:1", "k1", "POST /api/v1/engagements", "h1")
		expect("other route", out, Mismatch, err)
		out, _, err = s.Begin(ctx, "u:2", "k1", "POST /api/v1/requests", "h2")
		expect("another caller's key space", out, Proceed, err)

		if err := s.Complete(ctx, "u:1", "k1", Response{Status: 201, ContentType: "application/json", Location: "/x", Body: []byte(`{"a":1}`)}); err != nil {
			t.Fatal(err)
		}
		out, r, err := s.Begin(ctx, "u:1", "k1", "POST /api/v1/requests", "h1")
		expect("retry", out, Replay, err)
		if r.Status != 201 || string(r.Body) != `{"a":1}` || r.Location != "/x" || r.ContentType != "application/json" {
			t.Errorf("replayed %+v", r)
		}
		out, _, err = s.Begin(ctx, "u:1", "k1", "POST /api/v1/requests", "h2")
		expect("other body after completion", out, Mismatch, err)

		// A failed request releases its claim: the client may try again with the same key.
		if err := s.Release(ctx, "u:2", "k1"); err != nil {
			t.Fatal(err)
		}
		out, _, err = s.Begin(ctx, "u:2", "k1", "POST /api/v1/requests", "h3")
		expect("after release", out, Proceed, err)

		// A claim whose process died is taken over after the lease, not before.
		c.add(DefaultLease / 2)
		out, _, err = s.Begin(ctx, "u:2", "k1", "POST /api/v1/requests", "h3")
		expect("within lease", out, InProgress, err)
		c.add(DefaultLease)
		out, _, err = s.Begin(ctx, "u:2", "k1", "POST /api/v1/requests", "h3")
		expect("abandoned", out, Proceed, err)

		// After the lifetime a key is forgotten and may be used afresh.
		c.add(DefaultTTL + time.Minute)
		out, _, err = s.Begin(ctx, "u:1", "k1", "POST /api/v1/requests", "h9")
		expect("expired", out, Proceed, err)
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM idempotency_key`).Scan(&n); err != nil || n != 1 {
			t.Errorf("rows after purge: %d (%v), want 1", n, err)
		}
	})
}

func TestConcurrentClaimsOneWins(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		s := NewStore(d)
		var wg sync.WaitGroup
		results := make(chan Outcome, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				out, _, err := s.Begin(context.Background(), "anon", "same", "POST /x", "h")
				if err != nil {
					t.Error(err)
				}
				results <- out
			}()
		}
		wg.Wait()
		close(results)
		proceed := 0
		for o := range results {
			if o == Proceed {
				proceed++
			} else if o != InProgress {
				t.Errorf("outcome %v", o)
			}
		}
		if proceed != 1 {
			t.Errorf("%d claims won, want 1", proceed)
		}
	})
}

func TestValidKey(t *testing.T) {
	for k, want := range map[string]bool{"": false, "abc-123": true, "a b": true, "中文": false, "x\n": false,
		string(make([]byte, 256)): false} {
		if ValidKey(k) != want {
			t.Errorf("ValidKey(%q) = %v", k, !want)
		}
	}
}
