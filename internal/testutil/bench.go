package testutil

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"cyltrace/internal/demo"
	"cyltrace/internal/store"
)

// BenchDBEnv names a database made by `cyltrace demo` (scripts/bench makes
// one of a million cylinders) for the benchmarks that read the archive;
// without it they load 20,000 demo cylinders themselves.
const BenchDBEnv = "CYLTRACE_BENCH_DB"

// BenchStore opens CYLTRACE_BENCH_DB, or a fresh SQLite database with a
// small demo, and returns up to 10,000 infoCodes of it to ask about.
func BenchStore(b *testing.B) (*store.Store, []string) {
	b.Helper()
	ctx := context.Background()
	dsn := os.Getenv(BenchDBEnv)
	if dsn == "" {
		dsn = "sqlite:" + filepath.Join(b.TempDir(), "bench.db")
	}
	s, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if counts, _ := s.TableCounts(ctx); counts["cylinders"] == 0 {
		l, err := s.NewLoader(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := demo.Generate(ctx, demo.Options{Seed: 1, Cylinders: 20000, AsOf: time.Now()}, l); err != nil {
			b.Fatal(err)
		}
		if err := l.Close(ctx); err != nil {
			b.Fatal(err)
		}
	}
	var codes []string
	for offset := 0; len(codes) < 10000 && offset < 200000; offset += 1000 {
		list, err := s.Cylinders(ctx, store.CylinderFilter{Limit: 1000, Offset: offset})
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range list {
			if c.InfoCode != "" {
				codes = append(codes, c.InfoCode)
			}
		}
		if len(list) < 1000 {
			break
		}
	}
	if len(codes) == 0 {
		b.Fatal("no cylinder with an infoCode to ask about")
	}
	return s, codes
}
