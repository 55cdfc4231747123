// Package cli is the cyltrace command: Run parses the arguments and runs one
// subcommand, with every dependency (environment, streams, context) passed
// in, so that tests run the real program.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"cyltrace"
	"cyltrace/internal/store"
)

// Env is what a subcommand gets from the process.
type Env struct {
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

type command struct {
	summary string
	run     func(ctx context.Context, env Env, args []string) error
}

func commands() map[string]command {
	return map[string]command{
		"serve":    {"启动 HTTP 服务（--demo 向空数据库加载演示数据）", runServe},
		"migrate":  {"执行数据库迁移", runMigrate},
		"version":  {"显示版本", runVersion},
		"unit":     {"单位管理：unit create | unit list", runUnit},
		"cylinder": {"气瓶档案：cylinder list | cylinder show ID", runCylinder},
		"demo":     {"向空数据库加载演示数据（--cylinders N --seed S）", runDemo},
		"client":   {"数据共享接口账号：client create | client list | client disable", runClient},
		"user":     {"控制台账号：user create | user list", runUser},
		"labels":   {"为单位的气瓶生成 A4 二维码标签 PDF（--unit --public-base-url --out）", runLabels},
	}
}

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the command failed
	exitUsage = 2 // the command line is wrong
)

// Run runs the cyltrace command with args (without the program name) and
// returns the process exit code.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := Env{Getenv: getenv, Stdin: stdin, Stdout: stdout, Stderr: stderr}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "未知命令 %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
	// Changes made from the command line are recorded as the operator's.
	operator := getenv("USER")
	if operator == "" {
		operator = "unknown"
	}
	ctx = store.WithActor(ctx, store.Actor{Who: "cli:" + operator, Address: "cli"})
	err := cmd.run(ctx, env, args[1:])
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errUsage):
		return exitUsage
	}
	printError(stderr, err)
	return exitError
}

// errUsage marks an error the flag package already reported.
var errUsage = errors.New("usage")

func usage(w io.Writer) {
	fmt.Fprintln(w, "cyltrace — 重庆市气瓶质量安全追溯系统")
	fmt.Fprintln(w, "\n用法: cyltrace <命令> [参数]\n\n命令:")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for name := range cmds {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  %-9s %s\n", name, cmds[name].summary)
	}
	fmt.Fprintln(w, "\n每个参数也可用环境变量设置：--db 对应 CYLTRACE_DB，--tls-cert 对应 CYLTRACE_TLS_CERT，依此类推。")
	fmt.Fprintln(w, "用 cyltrace <命令> -h 查看该命令的参数。")
}

// printError prints a domain error with each field, or any other error.
func printError(w io.Writer, err error) {
	var e *cyltrace.Error
	if errors.As(err, &e) {
		fmt.Fprintf(w, "错误：%s\n", e.Message)
		for _, f := range e.Fields {
			fmt.Fprintf(w, "  %s: %s\n", f.Field, f.Message)
		}
		return
	}
	fmt.Fprintf(w, "错误：%v\n", err)
}

// newFlags returns a flag set that reports errors to env.Stderr.
func newFlags(env Env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "用法: cyltrace %s\n\n参数:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args and then fills every flag not given on the command line
// from its CYLTRACE_* environment variable (--tls-cert → CYLTRACE_TLS_CERT).
func parse(fs *flag.FlagSet, env Env, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] || err != nil {
			return
		}
		name := envName(f.Name)
		if v := env.Getenv(name); v != "" {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("环境变量 %s 的值 %q 无效：%v", name, v, e)
			}
		}
	})
	return err
}

func envName(flagName string) string {
	return "CYLTRACE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}
