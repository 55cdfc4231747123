package store

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// dialect holds what differs between SQLite and PostgreSQL. Queries are
// written once with ? placeholders; rebind turns them into $n for PostgreSQL.
type dialect struct {
	name       string // "sqlite" or "postgres"
	driver     string // the database/sql driver name
	migrations string // the folder under migrations/
	// maxParams is how many bind parameters one statement may carry.
	maxParams int
}

var (
	sqliteDialect   = dialect{name: "sqlite", driver: "sqlite", migrations: "migrations/sqlite", maxParams: 32000}
	postgresDialect = dialect{name: "postgres", driver: "pgx", migrations: "migrations/postgres", maxParams: 65000}
)

// rebind rewrites ? placeholders for the dialect. It skips quoted literals so
// a ? inside a string constant stays as it is.
func (d dialect) rebind(query string) string {
	if d.name != "postgres" {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	inQuote := false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			inQuote = !inQuote
			b.WriteByte(c)
		case c == '?' && !inQuote:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// bulkInsert is the verb of the loader's multi-row INSERTs. On SQLite a
// multi-row INSERT that may fail half-way keeps a statement journal of every
// page it touches, so that it can undo just itself; OR ROLLBACK undoes the
// whole transaction instead, which a bulk load wants anyway, and spares the
// journal (a sixth of the load's time).
func (d dialect) bulkInsert() string {
	if d.name == "sqlite" {
		return "INSERT OR ROLLBACK INTO"
	}
	return "INSERT INTO"
}

// index is one secondary index: its name and the statement that makes it.
type index struct{ name, create string }

// secondaryIndexes lists the non-unique indexes of the tables, the ones a
// bulk load may drop and build again without losing a constraint.
func (d dialect) secondaryIndexes(ctx context.Context, q querier, tables []string) ([]index, error) {
	query := `SELECT name, sql, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`
	if d.name == "postgres" {
		query = `SELECT indexname, indexdef, tablename FROM pg_indexes WHERE schemaname = current_schema()`
	}
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []index
	for rows.Next() {
		var ix index
		var table string
		if err := rows.Scan(&ix.name, &ix.create, &table); err != nil {
			return nil, err
		}
		if slices.Contains(tables, table) && !strings.HasPrefix(strings.ToUpper(ix.create), "CREATE UNIQUE") {
			list = append(list, ix)
		}
	}
	return list, rows.Err()
}

// isUniqueViolation reports whether err is a unique-key or primary-key
// violation of either database.
func isUniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		// SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
		return se.Code() == 2067 || se.Code() == 1555
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return false
}
