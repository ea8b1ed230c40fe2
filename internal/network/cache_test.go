package network_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
	"chuhai/internal/network"
)

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Two instances share a database and cache their reads: a change shows at once on the instance that
// made it, and on the other once the cache time has passed.
func TestCachedReadsAcrossInstances(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := &testClock{t: time.Now()}
		a, b := newStore(t, d), newStore(t, d)
		for _, s := range []*network.Store{a, b} {
			s.CacheReads(time.Second)
			s.SetReadClock(clk.now)
		}
		list := func(s *network.Store) (int, []network.Point) {
			t.Helper()
			ps, total, err := s.ListPoints(ctx, network.PointFilter{Kind: network.DistrictPoint, Limit: 20})
			if err != nil {
				t.Fatal(err)
			}
			return total, ps
		}
		summary := func(s *network.Store) int {
			t.Helper()
			sum, err := s.Summarize(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return sum.Points[network.DistrictPoint]
		}
		before, _ := list(a)
		list(b)
		sumBefore := summary(b)

		p, err := a.CreatePoint(ctx, xuhui())
		if err != nil {
			t.Fatal(err)
		}
		if n, ps := list(a); n != before+1 || len(ps) != before+1 {
			t.Fatalf("the writing instance lists %d (%d rows), want %d", n, len(ps), before+1)
		}
		if n, _ := list(b); n != before {
			t.Fatalf("the other instance read afresh inside its cache time (%d): the test's premise is wrong", n)
		}
		clk.advance(time.Second)
		if n, _ := list(b); n != before+1 {
			t.Fatalf("the other instance still lists %d after its cache time, want %d", n, before+1)
		}
		if got := summary(b); got != sumBefore+1 {
			t.Fatalf("summary after the cache time: %d, want %d", got, sumBefore+1)
		}

		// A caller may change the list it got without changing the cache.
		_, ps := list(a)
		ps[0].Code = "CHANGED"
		if _, ps := list(a); ps[0].Code == "CHANGED" {
			t.Fatal("the cached list was shared with a caller")
		}

		if _, err := a.DeactivatePoint(ctx, p.Code, p.Version); err != nil {
			t.Fatal(err)
		}
		if n, _ := list(a); n != before {
			t.Fatalf("after deactivating, the writing instance lists %d, want %d", n, before)
		}
	})
}
