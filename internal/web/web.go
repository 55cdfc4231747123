package web

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"cyltrace/internal/ratelimit"
	"cyltrace/internal/store"
)

// DefaultRatePerMinute is the page views one client address may make per
// minute when Config.RatePerMinute is zero.
const DefaultRatePerMinute = 120

// trailLimit is the number of trail nodes a page shows, newest first.
const trailLimit = 50

//go:embed templates
var templateFS embed.FS

// Config configures the public pages.
type Config struct {
	Store  *store.Store
	Logger *slog.Logger     // nil discards logs
	Now    func() time.Time // the clock badges are judged by; default time.Now
	// PublicBaseURL is where citizens reach the server, e.g.
	// "https://qp.example.gov.cn": the base of every cylinder's page URL.
	PublicBaseURL string
	// TrustProxy takes the client address from the last X-Forwarded-For
	// entry (a TLS proxy in front), see ratelimit.ClientIP.
	TrustProxy    bool
	RatePerMinute int // page views per client address and minute; default DefaultRatePerMinute
}

// Web serves the public scan pages. It is safe for concurrent use.
type Web struct {
	store    *store.Store
	logger   *slog.Logger
	now      func() time.Time
	baseURL  string
	trust    bool
	limiter  *ratelimit.Limiter
	pages    map[string]*template.Template
	css      template.CSS
	cspHTML  string // the Content-Security-Policy of our HTML: only our one inline <style>
	mux      *http.ServeMux
	gzippers sync.Pool
}

// New parses the embedded templates and returns the public pages. A
// template that does not parse or execute fails New, not a request.
func New(cfg Config) (*Web, error) { return newWeb(cfg, templateFS) }

func newWeb(cfg Config, fsys fs.FS) (*Web, error) {
	if cfg.Store == nil {
		return nil, errors.New("web: nil Store")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.RatePerMinute <= 0 {
		cfg.RatePerMinute = DefaultRatePerMinute
	}
	base, err := publicBase(cfg.PublicBaseURL)
	if err != nil {
		return nil, err
	}
	w := &Web{
		store: cfg.Store, logger: cfg.Logger, now: cfg.Now, baseURL: base, trust: cfg.TrustProxy,
		limiter: ratelimit.New(cfg.RatePerMinute, time.Minute, cfg.Now),
		mux:     http.NewServeMux(),
	}
	if err := w.parseTemplates(fsys); err != nil {
		return nil, err
	}
	w.routes()
	w.labelRoutes()
	return w, nil
}

// publicBase checks the public base URL and drops a trailing slash.
func publicBase(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("公开访问地址 %q 无效，应为 https://主机名[/路径] 形式的完整地址", s)
	}
	return strings.TrimSuffix(s, "/"), nil
}

// Handler returns every route of the public pages, including those added
// with Handle.
func (w *Web) Handler() http.Handler { return w.mux }

// Handle adds a route (a net/http.ServeMux pattern) beside the scan pages,
// such as the QR labels. The handler is mounted as it is; wrap it with
// RateLimit to share the per-address limit of the scan pages. Like
// ServeMux.Handle it panics on a conflicting pattern.
func (w *Web) Handle(pattern string, h http.Handler) { w.mux.Handle(pattern, h) }

// RateLimit wraps h in the per-client-address limit of the scan pages: over
// the limit a client gets the 429 page (the JSON envelope for a path ending
// in ".json") with Retry-After.
func (w *Web) RateLimit(h http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ok, wait := w.limiter.Allow(ratelimit.ClientIP(r, w.trust))
		if !ok {
			w.tooMany(rw, r, wait)
			return
		}
		h.ServeHTTP(rw, r)
	})
}

// ScanURL returns the public URL of a cylinder's page, the URL its QR label
// encodes: PublicBaseURL + "/q/" + infoCode (a path alone when no base URL
// is configured).
func (w *Web) ScanURL(infoCode string) string { return w.baseURL + scanPath(infoCode) }

func scanPath(infoCode string) string { return "/q/" + infoCode }
