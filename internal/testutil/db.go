// Package testutil holds helpers shared by the tests of several packages:
// real databases (SQLite in a temporary directory, a fresh PostgreSQL
// database per test) and small Must… helpers.
package testutil

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"cyltrace/internal/store"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// PostgresEnv names the variable that holds the DSN of a PostgreSQL server
// the tests may create databases on.
const PostgresEnv = "CYLTRACE_TEST_POSTGRES"

// Dialects are the databases every storage test runs against.
var Dialects = []string{"sqlite", "postgres"}

// NewDSN returns the DSN of a fresh, empty database of the dialect, removed
// when the test ends. PostgreSQL tests skip when PostgresEnv is unset.
func NewDSN(tb testing.TB, dialect string) string {
	tb.Helper()
	switch dialect {
	case "sqlite":
		return "sqlite:" + filepath.Join(tb.TempDir(), "cyltrace.db")
	case "postgres":
		return newPostgresDatabase(tb)
	}
	tb.Fatalf("unknown dialect %q", dialect)
	return ""
}

// NewStore opens a migrated store on a fresh database of the dialect.
func NewStore(tb testing.TB, dialect string, opts ...store.Option) (*store.Store, string) {
	tb.Helper()
	dsn := NewDSN(tb, dialect)
	return OpenStore(tb, dsn, opts...), dsn
}

// OpenStore opens and migrates the store at dsn, closed when the test ends.
func OpenStore(tb testing.TB, dsn string, opts ...store.Option) *store.Store {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := store.Open(ctx, dsn, opts...)
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	return s
}

func newPostgresDatabase(tb testing.TB) string {
	tb.Helper()
	admin := os.Getenv(PostgresEnv)
	if admin == "" {
		tb.Skipf("%s is not set: skipping the PostgreSQL half of the storage suite "+
			"(set it to e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable)", PostgresEnv)
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		tb.Fatalf("open %s: %v", PostgresEnv, err)
	}
	defer db.Close()
	b := make([]byte, 6)
	rand.Read(b)
	name := "cyltrace_test_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
		tb.Fatalf("create test database on %s: %v", PostgresEnv, err)
	}
	tb.Cleanup(func() {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			return
		}
		defer db.Close()
		db.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
	})
	u, err := url.Parse(admin)
	if err != nil {
		tb.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	u.Path = "/" + name
	return u.String()
}
