package cli

import (
	"context"
	"flag"
	"path/filepath"

	"cyltrace/internal/store"
)

// dbFlags are the flags of every command that opens the database.
type dbFlags struct {
	dataDir string
	db      string
}

func (d *dbFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&d.dataDir, "data-dir", "./data", "数据目录（SQLite 数据库、证书、图片）")
	fs.StringVar(&d.db, "db", "", "数据库：sqlite:文件路径 或 postgres://… 地址（默认 sqlite:<数据目录>/cyltrace.db）")
}

// dsn returns the database to open: --db, or the SQLite file in the data directory.
func (d *dbFlags) dsn() string {
	if d.db != "" {
		return d.db
	}
	return "sqlite:" + filepath.Join(d.dataDir, "cyltrace.db")
}

// open opens the database and applies any pending migration, so that every
// command works on a fresh data directory.
func (d *dbFlags) open(ctx context.Context) (*store.Store, error) {
	s, err := store.Open(ctx, d.dsn())
	if err != nil {
		return nil, err
	}
	if _, err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}
