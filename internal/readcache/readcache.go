// Package readcache keeps the results of recent reads for a short time, so that reads that every
// request repeats (the service network's lists, the credential behind a token) cost no query while
// nothing changes.
//
// A cache belongs to one process. Writes made through the same process clear it, so they show at
// once; writes made by another instance sharing the database show after at most the time-to-live.
// A time-to-live of zero turns the cache off: every read goes to the database.
package readcache

import (
	"errors"
	"sync"
	"time"
)

// Cache maps keys to values read at most ttl ago. It is safe for concurrent use. Values are shared
// between callers, who must not modify them.
type Cache[V any] struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu       sync.Mutex
	gen      uint64 // bumped by Clear, so a read that overlapped a write is not kept
	m        map[string]entry[V]
	inflight map[string]*load[V] // reads under way, which callers of the same key wait for
}

// load is one read under way.
type load[V any] struct {
	done chan struct{}
	gen  uint64
	v    V
	err  error
}

type entry[V any] struct {
	v       V
	expires time.Time
}

// New returns a cache keeping at most max entries for ttl each (0 or less: no caching). When full,
// it starts afresh rather than tracking recency: its keys are few and cheap to read again.
func New[V any](ttl time.Duration, max int) *Cache[V] {
	return &Cache[V]{ttl: ttl, max: max, now: time.Now, m: map[string]entry[V]{}, inflight: map[string]*load[V]{}}
}

// SetClock replaces the clock, for tests.
func (c *Cache[V]) SetClock(now func() time.Time) { c.now = now }

// Get returns the value kept for key, or calls load, keeps its value and returns it. Callers that
// ask for a key while it is being read wait for that read instead of starting their own, so a value
// expiring under load costs one query, not one per request. Errors are not kept. A value loaded
// while Clear ran is returned but not kept, as it may predate the write. When a shared read fails,
// each waiting caller reads for itself.
func (c *Cache[V]) Get(key string, read func() (V, error)) (V, error) {
	if c == nil || c.ttl <= 0 {
		return read()
	}
	c.mu.Lock()
	now := c.now()
	if e, ok := c.m[key]; ok && now.Before(e.expires) {
		c.mu.Unlock()
		return e.v, nil
	}
	if l, ok := c.inflight[key]; ok && l.gen == c.gen {
		c.mu.Unlock()
		<-l.done
		if l.err != nil {
			// The shared read failed, perhaps only because its caller went away: read for this one.
			return read()
		}
		return l.v, nil
	}
	l := &load[V]{done: make(chan struct{}), gen: c.gen}
	c.inflight[key] = l
	c.mu.Unlock()

	finished := false
	defer func() {
		if !finished { // read panicked: waiters get an error, nothing is kept
			l.err = errPanicked
		}
		c.mu.Lock()
		if c.inflight[key] == l {
			delete(c.inflight, key)
		}
		if l.err == nil && c.gen == l.gen {
			// Expired values would otherwise stay until their key is read again: drop them as new
			// ones come in, so the cache holds only what is current.
			for k, e := range c.m {
				if !now.Before(e.expires) {
					delete(c.m, k)
				}
			}
			if len(c.m) >= c.max {
				clear(c.m)
			}
			c.m[key] = entry[V]{v: l.v, expires: now.Add(c.ttl)}
		}
		c.mu.Unlock()
		close(l.done) // also when read panics, so that waiters do not hang
	}()
	l.v, l.err = read()
	finished = true
	return l.v, l.err
}

var errPanicked = errors.New("readcache: the read panicked")

// Generation counts the calls to Clear: a cache of values derived from this one's (say, encoded
// responses) puts it in its keys to follow this one's writes.
func (c *Cache[V]) Generation() uint64 {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// Clear forgets every value; the writer calls it after a change commits.
func (c *Cache[V]) Clear() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.gen++
	clear(c.m)
	c.mu.Unlock()
}
