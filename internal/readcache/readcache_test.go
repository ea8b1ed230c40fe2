package readcache

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestCache(t *testing.T) {
	t.Parallel()
	errBoom := errors.New("boom")
	type step struct {
		advance time.Duration
		clear   bool
		key     string
		fail    bool // the load fails
		want    int  // the value Get returns (the load count when it loaded)
		loaded  bool // whether Get had to load
	}
	cases := []struct {
		name  string
		ttl   time.Duration
		max   int
		steps []step
	}{
		{"kept within the ttl", time.Second, 8, []step{
			{key: "a", want: 1, loaded: true},
			{advance: 999 * time.Millisecond, key: "a", want: 1},
		}},
		{"read again once the ttl passed", time.Second, 8, []step{
			{key: "a", want: 1, loaded: true},
			{advance: time.Second, key: "a", want: 2, loaded: true},
			{key: "a", want: 2},
		}},
		{"keys are separate", time.Second, 8, []step{
			{key: "a", want: 1, loaded: true},
			{key: "b", want: 2, loaded: true},
			{key: "a", want: 1},
		}},
		{"clear forgets", time.Second, 8, []step{
			{key: "a", want: 1, loaded: true},
			{clear: true, key: "a", want: 2, loaded: true},
		}},
		{"errors are not kept", time.Second, 8, []step{
			{key: "a", fail: true, loaded: true},
			{key: "a", want: 2, loaded: true},
			{key: "a", want: 2},
		}},
		{"zero ttl never keeps", 0, 8, []step{
			{key: "a", want: 1, loaded: true},
			{key: "a", want: 2, loaded: true},
		}},
		{"a full cache starts afresh", time.Second, 2, []step{
			{key: "a", want: 1, loaded: true},
			{key: "b", want: 2, loaded: true},
			{key: "c", want: 3, loaded: true},
			{key: "c", want: 3},
			{key: "a", want: 4, loaded: true},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clk := &clock{t: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)}
			c := New[int](tc.ttl, tc.max)
			c.SetClock(clk.now)
			loads := 0
			for i, s := range tc.steps {
				clk.add(s.advance)
				if s.clear {
					c.Clear()
				}
				loaded := false
				got, err := c.Get(s.key, func() (int, error) {
					loads++
					loaded = true
					if s.fail {
						return 0, errBoom
					}
					return loads, nil
				})
				if s.fail != errors.Is(err, errBoom) {
					t.Fatalf("step %d: err %v, want failure %v", i, err, s.fail)
				}
				if !s.fail && got != s.want {
					t.Errorf("step %d: got %d, want %d", i, got, s.want)
				}
				if loaded != s.loaded {
					t.Errorf("step %d: loaded %v, want %v", i, loaded, s.loaded)
				}
			}
		})
	}
}

// A read that overlaps a write may have seen the old data: it is returned but must not be kept.
func TestReadOverlappingClearIsNotKept(t *testing.T) {
	t.Parallel()
	c := New[string](time.Minute, 8)
	v, _ := c.Get("k", func() (string, error) {
		c.Clear() // the write commits while the read runs
		return "old", nil
	})
	if v != "old" {
		t.Fatalf("got %q", v)
	}
	v, _ = c.Get("k", func() (string, error) { return "new", nil })
	if v != "new" {
		t.Fatalf("a read that overlapped Clear was kept: got %q", v)
	}
}

func TestNilCacheReadsThrough(t *testing.T) {
	t.Parallel()
	var c *Cache[int]
	c.Clear()
	if v, err := c.Get("k", func() (int, error) { return 7, nil }); v != 7 || err != nil {
		t.Fatalf("got %d, %v", v, err)
	}
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	c := New[int](time.Minute, 4)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				if i%50 == 0 {
					c.Clear()
				}
				key := string(rune('a' + (g+i)%6))
				if _, err := c.Get(key, func() (int, error) { return i, nil }); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
}

// Expired values are dropped when a new one is kept, so a large value read once does not stay.
func TestExpiredValuesAreDropped(t *testing.T) {
	t.Parallel()
	clk := &clock{t: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)}
	c := New[int](time.Second, 8)
	c.SetClock(clk.now)
	for _, k := range []string{"a", "b", "c"} {
		if _, err := c.Get(k, func() (int, error) { return 1, nil }); err != nil {
			t.Fatal(err)
		}
	}
	clk.add(time.Second)
	if _, err := c.Get("d", func() (int, error) { return 1, nil }); err != nil {
		t.Fatal(err)
	}
	c.mu.Lock()
	n := len(c.m)
	c.mu.Unlock()
	if n != 1 {
		t.Fatalf("%d values kept after the others expired, want 1", n)
	}
}

// Callers asking for a key while it is being read share that read.
func TestConcurrentMissesShareOneRead(t *testing.T) {
	t.Parallel()
	c := New[int](time.Minute, 8)
	release := make(chan struct{})
	started := make(chan struct{})
	var reads atomic.Int32
	read := func() (int, error) {
		if reads.Add(1) == 1 {
			close(started)
		}
		<-release
		return 42, nil
	}
	var wg sync.WaitGroup
	wg.Go(func() { c.Get("k", read) })
	<-started
	for range 16 {
		wg.Go(func() {
			if v, err := c.Get("k", read); v != 42 || err != nil {
				t.Errorf("got %d, %v", v, err)
			}
		})
	}
	time.Sleep(20 * time.Millisecond) // let the others reach the wait; not a speed check
	close(release)
	wg.Wait()
	if n := reads.Load(); n != 1 {
		t.Fatalf("%d reads for one key, want 1", n)
	}
}

// A read started before Clear is not shared with callers that come after it: they read afresh.
func TestReadAfterClearDoesNotJoinAnOlderRead(t *testing.T) {
	t.Parallel()
	c := New[string](time.Minute, 8)
	release := make(chan struct{})
	started := make(chan struct{})
	go c.Get("k", func() (string, error) { close(started); <-release; return "old", nil })
	<-started
	c.Clear()
	v, _ := c.Get("k", func() (string, error) { return "new", nil })
	close(release)
	if v != "new" {
		t.Fatalf("a caller after Clear got %q from a read that began before it", v)
	}
}
