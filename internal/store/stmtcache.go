package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCacheSize bounds the cache: the store's queries are a fixed set, but
// filters combine into a few dozen shapes.
const stmtCacheSize = 256

// stmtCache keeps prepared statements by their SQL text. A *sql.Stmt of a
// *sql.DB is safe for concurrent use; database/sql prepares it on each
// connection as needed.
type stmtCache struct {
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

// get returns the prepared statement of query, or nil when it cannot be
// prepared or the cache is full (the caller then runs the query unprepared,
// and reports any error itself).
func (c *stmtCache) get(ctx context.Context, db *sql.DB, query string) *sql.Stmt {
	c.mu.RLock()
	stmt := c.stmts[query]
	c.mu.RUnlock()
	if stmt != nil {
		return stmt
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if stmt = c.stmts[query]; stmt != nil {
		return stmt
	}
	if len(c.stmts) >= stmtCacheSize {
		return nil
	}
	stmt, err := db.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil
	}
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	c.stmts[query] = stmt
	return stmt
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, stmt := range c.stmts {
		stmt.Close()
	}
	c.stmts = nil
}
