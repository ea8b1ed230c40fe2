package db

import (
	"container/list"
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements for SQLite, whose driver would otherwise parse and plan every
// query on every call (a third of a simple list request's CPU). PostgreSQL needs none: pgx caches
// prepared statements per connection itself. The cache is bounded; an evicted statement is closed,
// which database/sql defers until rows still reading from it are done.
type stmtCache struct {
	pool *sql.DB
	max  int
	mu   sync.Mutex
	ll   *list.List // front = most recently used
	m    map[string]*list.Element
}

type cachedStmt struct {
	query string
	stmt  *sql.Stmt
}

func newStmtCache(pool *sql.DB, max int) *stmtCache {
	return &stmtCache{pool: pool, max: max, ll: list.New(), m: map[string]*list.Element{}}
}

// peek returns the cached statement for query, or nil; it never prepares (inside a SQLite write
// transaction the pool's only connection is taken, so preparing on the pool would wait forever).
func (c *stmtCache) peek(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[query]; ok {
		c.ll.MoveToFront(e)
		return e.Value.(*cachedStmt).stmt
	}
	return nil
}

// get returns a prepared statement for query, preparing it on first use.
func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	if e, ok := c.m[query]; ok {
		c.ll.MoveToFront(e)
		st := e.Value.(*cachedStmt).stmt
		c.mu.Unlock()
		return st, nil
	}
	c.mu.Unlock()
	st, err := c.pool.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[query]; ok { // prepared concurrently by another caller
		_ = st.Close()
		c.ll.MoveToFront(e)
		return e.Value.(*cachedStmt).stmt, nil
	}
	c.m[query] = c.ll.PushFront(&cachedStmt{query: query, stmt: st})
	for c.ll.Len() > c.max {
		old := c.ll.Remove(c.ll.Back()).(*cachedStmt)
		delete(c.m, old.query)
		_ = old.stmt.Close()
	}
	return st, nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.m {
		_ = e.Value.(*cachedStmt).stmt.Close()
	}
	c.m = map[string]*list.Element{}
	c.ll.Init()
}
