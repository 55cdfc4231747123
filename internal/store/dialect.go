package store

import (
	"errors"
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
