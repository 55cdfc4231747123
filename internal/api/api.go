package api

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"time"

	"cyltrace"
	"cyltrace/internal/images"
	"cyltrace/internal/ratelimit"
	"cyltrace/internal/store"
)

// Config wires the API to its dependencies.
type Config struct {
	Store  *store.Store
	Images *images.Store // steel-stamp photos
	Logger *slog.Logger
	Now    func() time.Time // default time.Now
	Random io.Reader        // default crypto/rand: tokens and infoCodes
	// TrustProxy takes the client address from X-Forwarded-For (behind a
	// TLS proxy) for the failed-login limit.
	TrustProxy bool
	TokenTTL   time.Duration // default 2 h
}

// API serves the data-sharing API.
type API struct {
	store      *store.Store
	images     *images.Store
	logger     *slog.Logger
	now        func() time.Time
	rand       io.Reader
	trustProxy bool
	tokenTTL   time.Duration
	// Failed logins: a few per app key (guessing one unit's secret), more
	// per address (one platform may hold several keys).
	failedByKey  *ratelimit.Limiter
	failedByAddr *ratelimit.Limiter
	ruleCache    ruleCache
	checks       *checkLogger
}

// New returns the API.
func New(cfg Config) *API {
	a := &API{store: cfg.Store, images: cfg.Images, logger: cfg.Logger, now: cfg.Now, rand: cfg.Random,
		trustProxy: cfg.TrustProxy, tokenTTL: cfg.TokenTTL}
	if a.logger == nil {
		a.logger = slog.New(slog.DiscardHandler)
	}
	if a.now == nil {
		a.now = time.Now
	}
	if a.rand == nil {
		a.rand = rand.Reader
	}
	if a.tokenTTL <= 0 {
		a.tokenTTL = 2 * time.Hour
	}
	a.failedByKey = ratelimit.New(5, 15*time.Minute, a.now)
	a.failedByAddr = ratelimit.New(30, 15*time.Minute, a.now)
	a.checks = newCheckLogger(a.store, a.logger)
	return a
}

// Close writes the queued filling-check log lines. Call it after the server
// stopped taking requests.
func (a *API) Close() { a.checks.close() }

// clientKey carries the authenticated client in a request's context.
type clientKey struct{}

// clientOf returns the authenticated client of a request that passed auth.
func clientOf(ctx context.Context) *cyltrace.APIClient {
	c, _ := ctx.Value(clientKey{}).(*cyltrace.APIClient)
	return c
}
