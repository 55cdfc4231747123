package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// subcommands runs the subcommand args[0] of a command group (unit create,
// cylinder list …), or prints the group's usage.
func subcommands(ctx context.Context, env Env, args []string, group string,
	subs map[string]func(context.Context, Env, []string) error) error {
	names := make([]string, 0, len(subs))
	for name := range subs {
		names = append(names, name)
	}
	sort.Strings(names)
	if len(args) == 0 {
		fmt.Fprintf(env.Stderr, "用法: cyltrace %s %s [参数]\n", group, strings.Join(names, "|"))
		return errUsage
	}
	run, ok := subs[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "未知子命令 %s %s：应为 %s\n", group, args[0], strings.Join(names, "、"))
		return errUsage
	}
	return run(ctx, env, args[1:])
}
