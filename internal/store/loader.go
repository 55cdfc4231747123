package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"cyltrace"
)

// Loader bulk-loads generated data (the demo) into an empty database with
// multi-row INSERTs, all in one transaction: a load that fails or is
// interrupted leaves the database as empty as it found it. It is not a path
// for submitted records: it skips the per-record duplicate checks and
// reference resolution that AddFilling and its kin do.
//
// The non-unique indexes are dropped for the load and built again, in the
// same transaction, before it commits: one sort per index instead of a
// million scattered B-tree inserts. Unique indexes stay, so a duplicate key
// still fails the load.
//
// Add a unit before the cylinders that name it, then call Close to commit,
// or Abort.
type Loader struct {
	s       *Store
	conn    *sql.Conn
	tx      *sql.Tx
	batches []*batch // every table's batch, flushed at Close
	cyl     *batch
	insp    *batch
	fill    *batch
	trail   *batch
	indexes []string // the CREATE INDEX statements to run again at Close
}

type batch struct {
	table, columns string
	ncols, max     int
	rows           []any
	full           *sql.Stmt // the statement of a full batch, prepared once
}

// loadedTables are the tables a Loader fills, whose non-unique indexes it
// rebuilds.
var loadedTables = []string{"cylinders", "inspections", "fillings", "trail_events"}

// NewLoader starts a bulk load. It returns ECONFLICT when the database
// already holds units or cylinders.
func (s *Store) NewLoader(ctx context.Context) (*Loader, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("loader connection: %w", err)
	}
	l := &Loader{s: s, conn: conn}
	if err := l.start(ctx); err != nil {
		l.Abort()
		return nil, err
	}
	l.cyl = l.newBatch("cylinders", cylinderColumns, cylinderColumnCount)
	l.insp = l.newBatch("inspections", inspectionColumns, inspectionColumnCount)
	l.fill = l.newBatch("fillings", fillingColumns, fillingColumnCount)
	l.trail = l.newBatch("trail_events", trailColumns, trailColumnCount)
	return l, nil
}

func (l *Loader) start(ctx context.Context) error {
	if l.s.d.name == "sqlite" {
		for _, pragma := range []string{
			// A crash mid-load loses only the load, which is one transaction.
			`PRAGMA synchronous = OFF`,
			`PRAGMA cache_size = -1048576`, // 1 GiB
			// Per-statement foreign-key counting makes SQLite journal every
			// page a multi-row INSERT touches; the loader writes units
			// before the cylinders that name them.
			`PRAGMA foreign_keys = OFF`,
		} {
			if _, err := l.conn.ExecContext(ctx, pragma); err != nil {
				return fmt.Errorf("%s: %w", pragma, err)
			}
		}
	}
	tx, err := l.conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin load: %w", err)
	}
	l.tx = tx
	var units, cylinders int
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM units), (SELECT COUNT(*) FROM cylinders)`).
		Scan(&units, &cylinders); err != nil {
		return fmt.Errorf("count before load: %w", err)
	}
	if units+cylinders > 0 {
		return cyltrace.Errorf(cyltrace.ECONFLICT,
			"数据库中已有 %d 个单位、%d 只气瓶档案；批量加载（演示数据）只能用于空数据库", units, cylinders)
	}
	indexes, err := l.s.d.secondaryIndexes(ctx, tx, loadedTables)
	if err != nil {
		return fmt.Errorf("list indexes: %w", err)
	}
	for _, ix := range indexes {
		if _, err := tx.ExecContext(ctx, `DROP INDEX `+ix.name); err != nil {
			return fmt.Errorf("drop index %s for the load: %w", ix.name, err)
		}
		l.indexes = append(l.indexes, ix.create)
	}
	return nil
}

func (l *Loader) newBatch(table, columns string, ncols int) *batch {
	rows := 500
	if rows*ncols > l.s.d.maxParams {
		rows = l.s.d.maxParams / ncols
	}
	b := &batch{table: table, columns: columns, ncols: ncols, max: rows}
	l.batches = append(l.batches, b)
	return b
}

// AddUnit stores a unit at once, so that its ID is known to its cylinders.
func (l *Loader) AddUnit(ctx context.Context, u *cyltrace.Unit) error {
	return l.s.createUnit(ctx, l.tx, u)
}

// AddCylinder queues an archive; the caller has issued its ID.
func (l *Loader) AddCylinder(ctx context.Context, c *cyltrace.Cylinder) error {
	c.CreatedAt = l.s.timestamp()
	c.UpdatedAt = c.CreatedAt
	return l.add(ctx, l.cyl, cylinderArgs(c))
}

// AddInspection queues an inspection; its CylinderID is the archive's id.
func (l *Loader) AddInspection(ctx context.Context, in *cyltrace.Inspection) error {
	in.ReceivedAt = l.s.timestamp()
	return l.add(ctx, l.insp, inspectionArgs(in, in.CylinderID))
}

// AddFilling queues a filling; its CylinderID is the archive's id.
func (l *Loader) AddFilling(ctx context.Context, f *cyltrace.Filling) error {
	f.ReceivedAt = l.s.timestamp()
	return l.add(ctx, l.fill, fillingArgs(f, f.CylinderID))
}

// AddTrail queues a trail event; its CylinderID is the archive's id.
func (l *Loader) AddTrail(ctx context.Context, t *cyltrace.TrailEvent) error {
	t.ReceivedAt = l.s.timestamp()
	return l.add(ctx, l.trail, trailArgs(t, t.CylinderID))
}

// add queues one row. Records do not reference cylinders by foreign key (a
// record of an unknown code is kept too), so each batch goes in on its own.
func (l *Loader) add(ctx context.Context, b *batch, args []any) error {
	b.rows = append(b.rows, args...)
	if len(b.rows) < b.max*b.ncols {
		return nil
	}
	return l.flush(ctx, b)
}

func (l *Loader) flush(ctx context.Context, b *batch) error {
	n := len(b.rows) / b.ncols
	if n == 0 {
		return nil
	}
	var err error
	if n == b.max {
		if b.full == nil {
			if b.full, err = l.tx.PrepareContext(ctx, l.s.d.rebind(l.insert(b, n))); err != nil {
				return fmt.Errorf("prepare load of %s: %w", b.table, err)
			}
		}
		_, err = b.full.ExecContext(ctx, b.rows...)
	} else {
		_, err = l.tx.ExecContext(ctx, l.s.d.rebind(l.insert(b, n)), b.rows...)
	}
	if err != nil {
		return fmt.Errorf("load %s: %w", b.table, err)
	}
	b.rows = b.rows[:0]
	return nil
}

// insert returns the multi-row INSERT of n rows into b's table.
func (l *Loader) insert(b *batch, n int) string {
	row := "(" + placeholders(b.ncols) + ")"
	return l.s.d.bulkInsert() + ` ` + b.table + ` (` + b.columns + `) VALUES ` +
		strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

// Close stores what is queued, builds the dropped indexes again and commits.
func (l *Loader) Close(ctx context.Context) error {
	if err := l.finish(ctx); err != nil {
		l.Abort()
		return err
	}
	err := l.tx.Commit()
	l.tx = nil
	if err != nil {
		l.release()
		return fmt.Errorf("commit load: %w", err)
	}
	return l.release()
}

func (l *Loader) finish(ctx context.Context) error {
	for _, b := range l.batches {
		if err := l.flush(ctx, b); err != nil {
			return err
		}
		if b.full != nil {
			b.full.Close()
		}
	}
	for _, create := range l.indexes {
		if _, err := l.tx.ExecContext(ctx, create); err != nil {
			return fmt.Errorf("rebuild index: %w", err)
		}
	}
	return nil
}

// Abort rolls the whole load back and returns the connection. Call it
// instead of Close after a failed Add.
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
		// Back to the store's settings before the pool reuses the connection.
		for _, pragma := range []string{`PRAGMA synchronous = FULL`, `PRAGMA cache_size = -2000`, `PRAGMA foreign_keys = ON`} {
			if _, perr := l.conn.ExecContext(context.Background(), pragma); err == nil {
				err = perr
			}
		}
	}
	if cerr := l.conn.Close(); err == nil {
		err = cerr
	}
	l.conn = nil
	return err
}

// SecondaryIndexes names the non-unique indexes of the tables a Loader
// fills: what a load drops and must build again.
func (s *Store) SecondaryIndexes(ctx context.Context) ([]string, error) {
	list, err := s.d.secondaryIndexes(ctx, s.db, loadedTables)
	names := make([]string, len(list))
	for i, ix := range list {
		names[i] = ix.name
	}
	return names, err
}
