package cli

import (
	"context"
	"fmt"

	"cyltrace/internal/store"
)

func runMigrate(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "migrate", "migrate [--db DSN]")
	var d dbFlags
	d.register(fs)
	if err := parse(fs, env, args); err != nil {
		return err
	}
	s, err := store.Open(ctx, d.dsn())
	if err != nil {
		return err
	}
	defer s.Close()
	applied, err := s.Migrate(ctx)
	if err != nil {
		return err
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(env.Stdout, "数据库已是最新版本（%d）\n", v)
		return nil
	}
	fmt.Fprintf(env.Stdout, "已执行迁移 %v，数据库版本 %d\n", applied, v)
	return nil
}
