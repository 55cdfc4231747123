package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"cyltrace"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Store is the database behind cyltrace. It is safe for concurrent use.
type Store struct {
	db    *sql.DB
	d     dialect
	now   func() time.Time
	rand  io.Reader
	stmts stmtCache
	// txStmts maps each transaction of inTx to its bound statements.
	txStmts sync.Map
}

// Option changes how a Store is opened.
type Option func(*Store)

// WithClock sets the clock the store stamps records with (default time.Now).
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// WithRandom sets the source of issued ids (default crypto/rand).
func WithRandom(r io.Reader) Option { return func(s *Store) { s.rand = r } }

// SQLitePath returns the file of a "sqlite:PATH" DSN.
func SQLitePath(dsn string) (string, bool) {
	path, ok := strings.CutPrefix(dsn, "sqlite:")
	return path, ok
}

// Open connects to the database the DSN names — "sqlite:PATH" or a
// postgres:// URL — and checks that it answers. It does not migrate.
func Open(ctx context.Context, dsn string, opts ...Option) (*Store, error) {
	s := &Store{now: time.Now, rand: rand.Reader}
	for _, o := range opts {
		o(s)
	}
	var source string
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path, _ := SQLitePath(dsn)
		src, err := sqliteSource(path)
		if err != nil {
			return nil, err
		}
		s.d, source = sqliteDialect, src
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		s.d, source = postgresDialect, dsn
	default:
		return nil, fmt.Errorf("数据库地址 %q 无法识别：应为 sqlite:文件路径 或 postgres://… 地址", redact(dsn))
	}
	db, err := sql.Open(s.d.driver, source)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", s.d.name, err)
	}
	s.db = db
	conns := 20
	if s.d.name == "sqlite" {
		// WAL lets readers run beside the one writer; more connections only
		// queue on SQLite's single write lock.
		conns = 8
	}
	// Keep every connection: a new one costs an open and a fresh compile of
	// each prepared statement (database/sql keeps only 2 idle by default).
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := s.Ping(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect %s: %w", s.d.name, err)
	}
	return s, nil
}

// sqliteSource builds the modernc DSN: WAL, foreign keys, a busy timeout so
// a second process waits instead of failing, synchronous=FULL so that a
// committed record survives a power cut, and BEGIN IMMEDIATE so that two
// writers queue at the start of a transaction instead of deadlocking later.
func sqliteSource(path string) (string, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return "", fmt.Errorf("SQLite 数据库路径 %q 无效", path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", fmt.Errorf("create data directory: %w", err)
		}
	}
	return "file:" + path + "?_busy_timeout=10000&_journal_mode=WAL&_synchronous=FULL" +
		"&_foreign_keys=1&_txlock=immediate&_time_format=sqlite&_pragma=temp_store(MEMORY)", nil
}

// redact hides a password in a DSN before it is shown.
func redact(dsn string) string {
	if i := strings.Index(dsn, "@"); i > 0 {
		if j := strings.Index(dsn, "://"); j > 0 && j < i {
			return dsn[:j+3] + "…" + dsn[i:]
		}
	}
	return dsn
}

// Dialect names the database: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Close closes the database.
func (s *Store) Close() error {
	s.stmts.close()
	return s.db.Close()
}

// Now returns the store's clock reading in UTC at PostgreSQL's precision.
func (s *Store) timestamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// exec, query and queryRow rebind the query for the dialect and run it as
// a prepared statement from the store's cache, on the database or inside a
// transaction: the SQLite driver would otherwise compile the SQL on every
// call, which costs more than an indexed read itself. Statements whose text
// varies with their data (multi-row INSERTs) go to the querier directly.
func (s *Store) exec(ctx context.Context, q querier, query string, args ...any) (sql.Result, error) {
	query = s.d.rebind(query)
	if stmt := s.prepared(ctx, q, query); stmt != nil {
		return stmt.ExecContext(ctx, args...)
	}
	return q.ExecContext(ctx, query, args...)
}

func (s *Store) query(ctx context.Context, q querier, query string, args ...any) (*sql.Rows, error) {
	query = s.d.rebind(query)
	if stmt := s.prepared(ctx, q, query); stmt != nil {
		return stmt.QueryContext(ctx, args...)
	}
	return q.QueryContext(ctx, query, args...)
}

func (s *Store) queryRow(ctx context.Context, q querier, query string, args ...any) *sql.Row {
	query = s.d.rebind(query)
	if stmt := s.prepared(ctx, q, query); stmt != nil {
		return stmt.QueryRowContext(ctx, args...)
	}
	return q.QueryRowContext(ctx, query, args...)
}

// prepared returns the cached statement of query for q: the statement
// itself on the database, its transaction-bound copy inside a transaction
// (database/sql reuses the connection's prepared statement), nil otherwise.
func (s *Store) prepared(ctx context.Context, q querier, query string) *sql.Stmt {
	switch q := q.(type) {
	case *sql.DB:
		return s.stmts.get(ctx, s.db, query)
	case *sql.Tx:
		stmt := s.stmts.get(ctx, s.db, query)
		if stmt == nil {
			return nil
		}
		// database/sql keeps every transaction-bound copy until the
		// transaction ends: one per call would grow a long import by a
		// kilobyte a row. inTx keeps one copy per query instead.
		bound, _ := s.txStmts.Load(q)
		if bound == nil {
			return q.StmtContext(ctx, stmt)
		}
		m := bound.(map[string]*sql.Stmt)
		if m[query] == nil {
			m[query] = q.StmtContext(ctx, stmt)
		}
		return m[query]
	}
	return nil
}

// querier is what *sql.DB, *sql.Tx and *sql.Conn share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// inTx runs fn in one transaction, committed when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	// A transaction is used by one goroutine at a time, so its map of
	// bound statements needs no lock of its own.
	s.txStmts.Store(tx, map[string]*sql.Stmt{})
	defer s.txStmts.Delete(tx)
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		if isUniqueViolation(err) {
			return cyltrace.Errorf(cyltrace.ECONFLICT, "数据已存在，请勿重复提交")
		}
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// nullString stores "" as NULL.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullInt stores 0 as NULL.
func nullInt(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}
