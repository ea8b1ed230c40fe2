// Package readcache keeps the results of recent reads for a short time, so that reads that every
// request repeats (the service network's lists, the credential behind a token) cost no query while
// nothing changes.
//
// A cache belongs to one process. Writes made through the same process clear it, so they show at
// once; writes made by another instance sharing the database show after at most the time-to-live.
// A time-to-live of zero turns the cache off: every read goes to the database.
package readcache

import (
	"sync"
	"time"
)

// Cache maps keys to values read at most ttl ago. It is safe for concurrent use. Values are shared
// between callers, who must not modify them.
type Cache[V any] struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu  sync.Mutex
	gen uint64 // bumped by Clear, so a read that overlapped a write is not kept
	m   map[string]entry[V]
}

type entry[V any] struct {
	v       V
	expires time.Time
}

// New returns a cache keeping at most max entries for ttl each (0 or less: no caching). When full,
// it starts afresh rather than tracking recency: its keys are few and cheap to read again.
func New[V any](ttl time.Duration, max int) *Cache[V] {
	return &Cache[V]{ttl: ttl, max: max, now: time.Now, m: map[string]entry[V]{}}
}

// SetClock replaces the clock, for tests.
func (c *Cache[V]) SetClock(now func() time.Time) { c.now = now }

// Get returns the value kept for key, or calls load, keeps its value and returns it. Errors are not
// kept. A value loaded while Clear ran is returned but not kept, as it may predate the write.
func (c *Cache[V]) Get(key string, load func() (V, error)) (V, error) {
	if c == nil || c.ttl <= 0 {
		return load()
	}
	c.mu.Lock()
	now := c.now()
	if e, ok := c.m[key]; ok && now.Before(e.expires) {
		c.mu.Unlock()
		return e.v, nil
	}
	gen := c.gen
	c.mu.Unlock()

	v, err := load()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	if c.gen == gen {
		// Expired values would otherwise stay until their key is read again: drop them as new ones
		// come in, so the cache holds only what is current.
		for k, e := range c.m {
			if !now.Before(e.expires) {
				delete(c.m, k)
			}
		}
		if len(c.m) >= c.max {
			clear(c.m)
		}
		c.m[key] = entry[V]{v: v, expires: now.Add(c.ttl)}
	}
	c.mu.Unlock()
	return v, nil
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
