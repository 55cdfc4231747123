package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Defaults applied by New to zero Config fields.
const (
	DefaultAddr            = "127.0.0.1:8080"
	DefaultShutdownTimeout = 30 * time.Second
	DefaultMaxBodyBytes    = 8 << 20
)

// Connection limits. Bodies of up to several MiB (steel-stamp photos) arrive
// from unit platforms and phones on slow links, and exports may take a while to
// render, so the read and write windows are generous; the header window is
// short because a slow header is the cheap way to hold connections open.
// WriteTimeout runs from the end of the headers, so it must cover reading the
// body as well. Handlers that need longer use http.ResponseController.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 2 * time.Minute
	writeTimeout      = 3 * time.Minute
	idleTimeout       = 2 * time.Minute
	maxHeaderBytes    = 64 << 10
)

// Config configures a Server. The zero value of each field means its default.
type Config struct {
	Addr            string        // listen address; default DefaultAddr
	TLSCertFile     string        // PEM certificate (chain); requires TLSKeyFile
	TLSKeyFile      string        // PEM private key; requires TLSCertFile
	TLSSelfSigned   bool          // make a self-signed certificate once and keep it under DataDir/tls/
	BehindTLSProxy  bool          // a proxy in front terminates TLS; we serve plain HTTP to it
	DataDir         string        // the data directory; needed by TLSSelfSigned
	ShutdownTimeout time.Duration // how long in-flight requests may take after Run's ctx ends; default 30s
	MaxBodyBytes    int64         // body limit of every request; default 8 MiB; routes may lower it

	// Now is the clock, used for certificate validity and request durations;
	// default time.Now.
	Now func() time.Time
}

// Pinger reports whether the database is reachable.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Server serves the mounted routes behind the shared middleware.
type Server struct {
	cfg       Config
	db        Pinger
	logger    *slog.Logger
	mux       *http.ServeMux
	handler   http.Handler
	tlsConfig *tls.Config // nil when serving plain HTTP
}

// New checks cfg against the TLS policy (see the package doc), loads or makes
// the certificate, and mounts GET /healthz. A nil logger discards logs.
func New(cfg Config, db Pinger, logger *slog.Logger) (*Server, error) {
	if db == nil {
		return nil, errors.New("server: nil Pinger")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg = withDefaults(cfg)
	if _, _, err := net.SplitHostPort(cfg.Addr); err != nil {
		return nil, fmt.Errorf("监听地址 %q 格式不正确，应为“主机:端口”，例如 127.0.0.1:8080：%w", cfg.Addr, err)
	}
	if err := checkTLSPolicy(cfg); err != nil {
		return nil, err
	}
	tlsConfig, err := loadTLS(cfg, logger)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, db: db, logger: logger, mux: http.NewServeMux(), tlsConfig: tlsConfig}
	s.mux.Handle("GET /healthz", s.healthz())
	s.handler = s.middleware(s.mux)
	return s, nil
}

func withDefaults(cfg Config) Config {
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = DefaultShutdownTimeout
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return cfg
}

// Handle mounts h on pattern (a net/http.ServeMux pattern) behind the shared
// middleware. Like ServeMux.Handle it panics on a conflicting pattern.
func (s *Server) Handle(pattern string, h http.Handler) {
	s.mux.Handle(pattern, h)
}

// Handler returns every mounted route wrapped in the shared middleware; tests
// serve it with httptest.
func (s *Server) Handler() http.Handler {
	return s.handler
}

// Scheme returns "https" when the server terminates TLS itself and "http"
// otherwise, including behind a TLS proxy: it is the scheme of the listener.
func (s *Server) Scheme() string {
	if s.tlsConfig != nil {
		return "https"
	}
	return "http"
}

// Secure reports whether clients reach the server over HTTPS — it terminates
// TLS itself or runs behind a TLS proxy — so that the web surface can mark its
// cookies Secure.
func (s *Server) Secure() bool {
	return s.tlsConfig != nil || s.cfg.BehindTLSProxy
}

// Run listens on the configured address, calls ready (if not nil) with the
// address actually bound (useful with port 0), and serves until ctx ends. It
// then stops accepting connections and lets in-flight requests finish within
// ShutdownTimeout. It returns nil after a clean shutdown. Run once per Server.
func (s *Server) Run(ctx context.Context, ready func(addr string)) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           s.handler,
		TLSConfig:         s.tlsConfig,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
	}
	addr := ln.Addr().String()
	errc := make(chan error, 1)
	go func() {
		if s.tlsConfig != nil {
			errc <- srv.ServeTLS(ln, "", "")
			return
		}
		errc <- srv.Serve(ln)
	}()
	s.logger.Info("listening", "addr", addr, "scheme", s.Scheme(), "behind_tls_proxy", s.cfg.BehindTLSProxy)
	if ready != nil {
		ready(addr)
	}

	select {
	case err := <-errc:
		return fmt.Errorf("serve on %s: %w", addr, err)
	case <-ctx.Done():
	}

	start := s.cfg.Now()
	s.logger.Info("shutting down", "addr", addr, "timeout", s.cfg.ShutdownTimeout)
	// The parent ctx is already cancelled; keep its values but not its end.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		// Cut the requests that did not finish in time rather than hang.
		srv.Close()
		<-errc
		s.logger.Error("shutdown timed out; closed remaining connections", "addr", addr, "timeout", s.cfg.ShutdownTimeout)
		return fmt.Errorf("graceful shutdown of %s: %w", addr, err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve on %s: %w", addr, err)
	}
	s.logger.Info("shut down", "addr", addr, "duration", s.cfg.Now().Sub(start))
	return nil
}
