package cli

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"cyltrace/internal/demo"
	"cyltrace/internal/store"

	_ "modernc.org/sqlite"
)

const benchCylinders = 20000

// BenchmarkDemoLoad loads 20,000 demo cylinders with their histories into a
// fresh SQLite database, the path `cyltrace demo` takes, and reports rows/s.
// Compare it with BenchmarkBaselineInsert from the same run.
func BenchmarkDemoLoad(b *testing.B) {
	ctx := context.Background()
	var rows int
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		s, err := store.Open(ctx, "sqlite:"+filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err := loadDemo(ctx, s, demo.Options{Seed: 1, Cylinders: benchCylinders,
			AsOf: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			b.Fatal(err)
		}
		rows = sum.Units + sum.Cylinders + sum.Inspections + sum.Fillings + sum.Trails
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkBaselineInsert is the floor the demo load is measured against:
// the same driver inserting filling-shaped rows (one index, one unique key)
// through one prepared single-row INSERT in one transaction, as many rows as
// a 20,000-cylinder demo load writes (about 6.8 per cylinder).
func BenchmarkBaselineInsert(b *testing.B) {
	ctx := context.Background()
	const rows = benchCylinders * 68 / 10
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), fmt.Sprintf("base%d.db", i))
		db, err := sql.Open("sqlite", "file:"+path+"?_journal_mode=WAL&_synchronous=OFF")
		if err != nil {
			b.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		if _, err := db.ExecContext(ctx, `CREATE TABLE f (id INTEGER PRIMARY KEY, source_id TEXT NOT NULL UNIQUE,
			cylinder_id TEXT, medium_code TEXT, filler TEXT, filling_date TEXT, filling_unit_name TEXT);
			CREATE INDEX f_cyl ON f (cylinder_id, filling_date)`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO f (source_id, cylinder_id, medium_code, filler,
			filling_date, filling_unit_name) VALUES (?, ?, ?, ?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		for r := 0; r < rows; r++ {
			if _, err := stmt.ExecContext(ctx, fmt.Sprintf("S-%08d", r), fmt.Sprintf("CY%016d", r*7919%rows),
				"G13", "张三", "2026-11-20", "重庆玉灵燃气有限公司"); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
