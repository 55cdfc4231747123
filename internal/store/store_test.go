package store_test

import (
	"testing"
	"time"

	"cyltrace/internal/store"
	"cyltrace/internal/store/storetest"
	"cyltrace/internal/testutil"
)

var suiteNow = time.Date(2026, 11, 25, 9, 30, 0, 123456789, time.UTC)

func factory(dialect string) storetest.Factory {
	return func(t *testing.T) (*store.Store, string) {
		return testutil.NewStore(t, dialect, store.WithClock(func() time.Time { return suiteNow }))
	}
}

// TestSQLite runs the storage suite on the embedded default.
func TestSQLite(t *testing.T) { storetest.Run(t, factory("sqlite")) }

// TestPostgres runs the same suite on PostgreSQL; it skips, saying so, when
// CYLTRACE_TEST_POSTGRES is unset.
func TestPostgres(t *testing.T) { storetest.Run(t, factory("postgres")) }
