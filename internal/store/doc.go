// Package store keeps the cylinder archive and the records about it in SQLite
// (modernc.org/sqlite, pure Go: the embedded default) or PostgreSQL (pgx: the
// production store), through database/sql.
//
// The DML is shared: written with ? placeholders and rebound for PostgreSQL.
// The DDL is per dialect, in migrations/sqlite and migrations/postgres under the
// same file names. Where the two must differ, a dialect value has a named
// method; queries never branch on the driver.
//
// Storage conventions:
//   - dates of the source's formats (yyyy-mm, yyyy-mm-dd) are stored as the same
//     text: fixed width, so they sort and compare as text on both databases;
//   - instants are stored in UTC, truncated to microseconds (PostgreSQL's
//     precision), and come from Go, never from SQL's now();
//   - decimal(10,2) values are stored as integer hundredths: exact on both;
//   - empty optional strings are stored as NULL, so unique keys on optional
//     columns (infoCode, qrContent) ignore cylinders that have none;
//   - qrContent (up to 1000 characters) is unique through a SHA-256 column,
//     since a long text does not fit a PostgreSQL B-tree entry.
//
// Methods return *cyltrace.Error with ENOTFOUND for a missing record and
// ECONFLICT for a taken unique key; anything else is an internal error.
package store
