//go:build !unix

package cli

// lockFile is a no-op where flock does not exist; SQLite's own locking still
// keeps the file consistent.
func lockFile(path string) (unlock func(), err error) { return func() {}, nil }
