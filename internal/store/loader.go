package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"cyltrace"
)

// Loader bulk-loads generated data (the demo) with multi-row INSERTs,
// committing every few thousand cylinders. It is for filling an empty or
// demo database fast, not for submitted records: it skips the per-record
// duplicate checks and resolution that AddFilling and its kin do, and a
// failed load leaves what was committed before the failure.
//
// Call the Add methods in dependency order (a unit before its cylinders, a
// cylinder before its records), then Close.
type Loader struct {
	s       *Store
	conn    *sql.Conn
	tx      *sql.Tx
	batches []*batch // in flush order: cylinders first, their records reference them
	cyl     *batch
	insp    *batch
	fill    *batch
	trail   *batch
	pending int // cylinders since the last commit
}

// loaderCommitEvery bounds a transaction: big enough to amortise the commit,
// small enough that SQLite's WAL does not balloon.
const loaderCommitEvery = 50000

type batch struct {
	table, columns string
	ncols, max     int
	rows           []any
}

// NewLoader starts a bulk load on one connection. On SQLite it relaxes
// synchronous for the load (a crash mid-load loses only demo data) and
// restores it in Close.
func (s *Store) NewLoader(ctx context.Context) (*Loader, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("loader connection: %w", err)
	}
	l := &Loader{s: s, conn: conn}
	if s.d.name == "sqlite" {
		if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = OFF`); err != nil {
			conn.Close()
			return nil, err
		}
		if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = -262144`); err != nil { // 256 MiB
			conn.Close()
			return nil, err
		}
	}
	newBatch := func(table, columns string, n int) *batch {
		rows := 500
		if rows*n > s.d.maxParams {
			rows = s.d.maxParams / n
		}
		b := &batch{table: table, columns: columns, ncols: n, max: rows}
		l.batches = append(l.batches, b)
		return b
	}
	l.cyl = newBatch("cylinders", cylinderColumns, cylinderColumnCount)
	l.insp = newBatch("inspections", inspectionColumns, inspectionColumnCount)
	l.fill = newBatch("fillings", fillingColumns, fillingColumnCount)
	l.trail = newBatch("trail_events", trailColumns, trailColumnCount)
	return l, nil
}

// AddUnit stores a unit at once, so that its ID is known to its cylinders.
func (l *Loader) AddUnit(ctx context.Context, u *cyltrace.Unit) error {
	if err := l.begin(ctx); err != nil {
		return err
	}
	return l.s.createUnit(ctx, l.tx, u)
}

// AddCylinder queues an archive; the caller has issued its ID.
func (l *Loader) AddCylinder(ctx context.Context, c *cyltrace.Cylinder) error {
	c.CreatedAt = l.s.timestamp()
	c.UpdatedAt = c.CreatedAt
	if err := l.add(ctx, l.cyl, cylinderArgs(c)); err != nil {
		return err
	}
	l.pending++
	if l.pending >= loaderCommitEvery {
		return l.commit(ctx)
	}
	return nil
}

// AddInspection queues an inspection of a queued or stored cylinder.
func (l *Loader) AddInspection(ctx context.Context, in *cyltrace.Inspection) error {
	in.ReceivedAt = l.s.timestamp()
	return l.add(ctx, l.insp, inspectionArgs(in, in.CylinderID))
}

// AddFilling queues a filling of a queued or stored cylinder.
func (l *Loader) AddFilling(ctx context.Context, f *cyltrace.Filling) error {
	f.ReceivedAt = l.s.timestamp()
	return l.add(ctx, l.fill, fillingArgs(f, f.CylinderID))
}

// AddTrail queues a trail event of a queued or stored cylinder.
func (l *Loader) AddTrail(ctx context.Context, t *cyltrace.TrailEvent) error {
	t.ReceivedAt = l.s.timestamp()
	return l.add(ctx, l.trail, trailArgs(t, t.CylinderID))
}

func (l *Loader) add(ctx context.Context, b *batch, args []any) error {
	b.rows = append(b.rows, args...)
	if len(b.rows) < b.max*b.ncols {
		return nil
	}
	if b != l.cyl {
		// A record's cylinder may still sit in the cylinder batch.
		if err := l.flush(ctx, l.cyl); err != nil {
			return err
		}
	}
	return l.flush(ctx, b)
}

func (l *Loader) flush(ctx context.Context, b *batch) error {
	if len(b.rows) == 0 {
		return nil
	}
	if err := l.begin(ctx); err != nil {
		return err
	}
	n := len(b.rows) / b.ncols
	row := "(" + placeholders(b.ncols) + ")"
	query := `INSERT INTO ` + b.table + ` (` + b.columns + `) VALUES ` +
		strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
	if _, err := l.s.exec(ctx, l.tx, query, b.rows...); err != nil {
		return fmt.Errorf("load %s: %w", b.table, err)
	}
	b.rows = b.rows[:0]
	return nil
}

func (l *Loader) begin(ctx context.Context) error {
	if l.tx != nil {
		return nil
	}
	tx, err := l.conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin load: %w", err)
	}
	l.tx = tx
	return nil
}

func (l *Loader) commit(ctx context.Context) error {
	for _, b := range l.batches {
		if err := l.flush(ctx, b); err != nil {
			return err
		}
	}
	l.pending = 0
	if l.tx == nil {
		return nil
	}
	err := l.tx.Commit()
	l.tx = nil
	if err != nil {
		return fmt.Errorf("commit load: %w", err)
	}
	return nil
}

// Close commits what is queued and returns the connection.
func (l *Loader) Close(ctx context.Context) error {
	err := l.commit(ctx)
	if err != nil {
		l.Abort()
		return err
	}
	return l.release()
}

// Abort rolls back the open transaction (what earlier commits stored stays)
// and returns the connection. Call it instead of Close after a failed Add.
func (l *Loader) Abort() {
	if l.tx != nil {
		l.tx.Rollback()
		l.tx = nil
	}
	l.release()
}

// release restores the connection's settings and returns it to the pool.
func (l *Loader) release() error {
	if l.conn == nil {
		return nil
	}
	var err error
	if l.s.d.name == "sqlite" {
		// Back to the store's durable setting before the pool reuses it.
		_, err = l.conn.ExecContext(context.Background(), `PRAGMA synchronous = FULL`)
		if _, perr := l.conn.ExecContext(context.Background(), `PRAGMA cache_size = -2000`); err == nil {
			err = perr
		}
	}
	if cerr := l.conn.Close(); err == nil {
		err = cerr
	}
	l.conn = nil
	return err
}
