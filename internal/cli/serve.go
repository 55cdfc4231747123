package cli

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"cyltrace"
	"cyltrace/internal/api"
	"cyltrace/internal/console"
	"cyltrace/internal/images"
	"cyltrace/internal/server"
	"cyltrace/internal/store"
	"cyltrace/internal/web"
)

func runServe(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "serve", "serve [--addr 127.0.0.1:8080] [--db DSN] [--demo] [TLS 参数]")
	var d dbFlags
	d.register(fs)
	var cfg server.Config
	fs.StringVar(&cfg.Addr, "addr", server.DefaultAddr, "监听地址；非本机回环地址必须启用 HTTPS")
	fs.StringVar(&cfg.TLSCertFile, "tls-cert", "", "TLS 证书文件（PEM）")
	fs.StringVar(&cfg.TLSKeyFile, "tls-key", "", "TLS 私钥文件（PEM）")
	fs.BoolVar(&cfg.TLSSelfSigned, "tls-self-signed", false, "使用自签名证书（首次启动时生成并保存在数据目录）")
	fs.BoolVar(&cfg.BehindTLSProxy, "behind-tls-proxy", false, "在终止 TLS 的反向代理之后运行")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", 30*time.Second, "停止时等待进行中请求完成的最长时间")
	withDemo := fs.Bool("demo", false, "数据库为空时先加载演示数据")
	var df demoFlags
	df.register("serve", fs, 2000)
	certTemplate := fs.String("cert-template", cyltrace.DefaultCertTemplate, "使用登记证编号模板：{serial} 流水号（必需），{yy} 两位年份，{yyyy} 四位年份")
	logFormat := fs.String("log-format", "text", "日志格式：text 或 json")
	publicBase := fs.String("public-base-url", "", "公众扫码访问本系统的地址，如 https://qp.example.gov.cn：二维码标签编码 该地址/q/信息化编码（默认取请求的地址）")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	logger, err := newLogger(env, *logFormat)
	if err != nil {
		return err
	}
	cfg.DataDir = d.dataDir

	// One serving process per SQLite file: a second one is refused here,
	// before it touches anything. The lock dies with the process.
	if path, ok := store.SQLitePath(d.dsn()); ok {
		unlock, err := lockFile(path + ".lock")
		if err != nil {
			return err
		}
		defer unlock()
	}
	s, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	srv, err := server.New(cfg, s, logger)
	if err != nil {
		return err
	}
	imgs, err := images.New(filepath.Join(d.dataDir, "images"), 5<<20)
	if err != nil {
		return err
	}
	apiHandler := api.New(api.Config{Store: s, Images: imgs, Logger: logger, TrustProxy: cfg.BehindTLSProxy})
	defer apiHandler.Close() // after Run: the filling-check log is flushed
	srv.Handle("/api/", apiHandler.Handler())
	public, err := web.New(web.Config{Store: s, Logger: logger, PublicBaseURL: *publicBase, TrustProxy: cfg.BehindTLSProxy})
	if err != nil {
		return err
	}
	for _, pattern := range []string{"/q/", "/q", "/labels/"} {
		srv.Handle(pattern, public.Handler())
	}
	cons, err := console.New(console.Config{Store: s, Logger: logger, Images: imgs, CertTemplate: *certTemplate, Secure: srv.Secure(), TrustProxy: cfg.BehindTLSProxy})
	if err != nil {
		return err
	}
	srv.Handle("/console/", cons.Handler())
	if *withDemo {
		if err := serveDemo(ctx, s, df, logger, env); err != nil {
			return err
		}
	}
	return srv.Run(ctx, func(addr string) {
		fmt.Fprintf(env.Stdout, "cyltrace 已启动：%s://%s/healthz\n", srv.Scheme(), addr)
	})
}

// serveDemo loads demo data into an empty database and leaves any other
// database alone, so that `serve --demo` can be run again on the same data.
func serveDemo(ctx context.Context, s *store.Store, df demoFlags, logger *slog.Logger, env Env) error {
	opt, err := df.options(time.Now())
	if err != nil {
		return err
	}
	start := time.Now()
	sum, err := loadDemo(ctx, s, opt)
	if cyltrace.ErrorCode(err) == cyltrace.ECONFLICT {
		logger.Info("database not empty; demo data not loaded")
		return nil
	}
	if err != nil {
		return err
	}
	logger.Info("demo data loaded", "seed", opt.Seed, "as_of", cyltrace.FormatDate(opt.AsOf),
		"units", sum.Units, "cylinders", sum.Cylinders, "fillings", sum.Fillings, "duration", time.Since(start))
	if err := createDemoClients(ctx, s, env.Stdout); err != nil {
		return err
	}
	if err := createDemoUsers(ctx, s, env.Stdout); err != nil {
		return err
	}
	return createDemoActivity(ctx, s, opt.AsOf, env.Stdout)
}

func newLogger(env Env, format string) (*slog.Logger, error) {
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(env.Stderr, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(env.Stderr, nil)), nil
	}
	return nil, cyltrace.Errorf(cyltrace.EINVALID, "日志格式 %q 无效，应为 text 或 json", format)
}
