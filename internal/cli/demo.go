package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"cyltrace"
	"cyltrace/internal/demo"
	"cyltrace/internal/store"
)

// demoFlags are the flags of `demo` and of `serve --demo`.
type demoFlags struct {
	seed      uint64
	cylinders int
	fillDays  int
	asOf      string
}

func (f *demoFlags) register(fsName string, fs interface {
	Uint64Var(*uint64, string, uint64, string)
	IntVar(*int, string, int, string)
	StringVar(*string, string, string, string)
}, defaultCylinders int) {
	prefix := ""
	if fsName == "serve" {
		prefix = "demo-"
	}
	fs.Uint64Var(&f.seed, prefix+"seed", 1, "演示数据的随机种子：相同种子、数量和基准日期生成完全相同的数据")
	fs.IntVar(&f.cylinders, prefix+"cylinders", defaultCylinders, "演示气瓶数量")
	fs.IntVar(&f.fillDays, prefix+"fill-days", demo.DefaultFillDays, "有充装记录的天数（截至基准日期）：天数越多充装记录越多，用于性能测试")
	fs.StringVar(&f.asOf, prefix+"as-of", "", "演示数据的基准日期 yyyy-mm-dd（默认今天），超期等状态相对于该日期")
}

func (f *demoFlags) options(now time.Time) (demo.Options, error) {
	if f.cylinders < 1 || f.cylinders > 20_000_000 {
		return demo.Options{}, cyltrace.Errorf(cyltrace.EINVALID, "演示气瓶数量应在 1 到 20000000 之间")
	}
	asOf := now.In(cyltrace.CST)
	asOf = time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, cyltrace.CST)
	if f.asOf != "" {
		t, ok := cyltrace.ParseDate(f.asOf)
		if !ok {
			return demo.Options{}, cyltrace.Errorf(cyltrace.EINVALID, "基准日期 %q 格式应为 yyyy-mm-dd", f.asOf)
		}
		asOf = t
	}
	if f.fillDays < 1 || f.fillDays > 3650 {
		return demo.Options{}, cyltrace.Errorf(cyltrace.EINVALID, "有充装记录的天数应在 1 到 3650 之间")
	}
	return demo.Options{Seed: f.seed, Cylinders: f.cylinders, AsOf: asOf, FillDays: f.fillDays}, nil
}

func runDemo(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "demo", "demo [--cylinders N] [--seed S] [--as-of yyyy-mm-dd] [--db DSN]")
	var d dbFlags
	d.register(fs)
	var df demoFlags
	df.register("demo", fs, 10000)
	if err := parse(fs, env, args); err != nil {
		return err
	}
	opt, err := df.options(time.Now())
	if err != nil {
		return err
	}
	s, err := d.open(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	sum, err := loadDemo(ctx, s, opt)
	if err != nil {
		s.Close()
		return err
	}
	elapsed := time.Since(start)
	if err := createDemoClients(ctx, s, env.Stdout); err != nil {
		s.Close()
		return err
	}
	if err := createDemoUsers(ctx, s, env.Stdout); err != nil {
		s.Close()
		return err
	}
	if err := createDemoActivity(ctx, s, opt.AsOf, env.Stdout); err != nil {
		s.Close()
		return err
	}
	// Closing checkpoints SQLite's WAL into the database file, so the size
	// below is the database's own.
	if err := s.Close(); err != nil {
		return err
	}
	rows := sum.Units + sum.Cylinders + sum.Inspections + sum.Fillings + sum.Trails
	fmt.Fprintf(env.Stdout, "已加载演示数据（种子 %d，基准日期 %s）：%d 个单位，%d 只气瓶，%d 条检验，%d 条充装，%d 条轨迹，"+
		"共 %d 行，用时 %.1f 秒（%.0f 行/秒）\n",
		opt.Seed, cyltrace.FormatDate(opt.AsOf), sum.Units, sum.Cylinders, sum.Inspections, sum.Fillings, sum.Trails,
		rows, elapsed.Seconds(), float64(rows)/elapsed.Seconds())
	if path, ok := store.SQLitePath(d.dsn()); ok {
		fmt.Fprintf(env.Stdout, "数据库文件 %s：%.1f MiB\n", path, float64(sqliteSize(path))/(1<<20))
	}
	return nil
}

// loadDemo fills an empty database with demo data. The loader refuses a
// database that already holds units or cylinders: demo data never mixes
// with real archives.
func loadDemo(ctx context.Context, s *store.Store, opt demo.Options) (demo.Summary, error) {
	l, err := s.NewLoader(ctx)
	if err != nil {
		return demo.Summary{}, err
	}
	sum, err := demo.Generate(ctx, opt, l)
	if err != nil {
		l.Abort()
		return sum, fmt.Errorf("load demo data: %w", err)
	}
	return sum, l.Close(ctx)
}

// sqliteSize is the size of a SQLite database with its WAL.
func sqliteSize(path string) int64 {
	var n int64
	for _, p := range []string{path, path + "-wal"} {
		if st, err := os.Stat(p); err == nil {
			n += st.Size()
		}
	}
	return n
}
