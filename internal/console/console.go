package console

import (
	"crypto/rand"
	"embed"
	"errors"
	"html/template"
	"log/slog"
	"time"

	"cyltrace"
	"cyltrace/internal/auth"
	"cyltrace/internal/images"
	"cyltrace/internal/store"

	"github.com/dchest/captcha"
)

//go:embed templates/*.html static/*
var files embed.FS

// Config is what the console needs from the program that serves it.
type Config struct {
	Store  *store.Store
	Logger *slog.Logger
	Now    func() time.Time
	// Secure marks the cookies Secure: the console is served over TLS, or
	// behind a TLS-terminating proxy.
	Secure bool
	// Images keeps the photos of use-registration applications; without
	// it the registration pages refuse uploads.
	Images *images.Store
	// CertTemplate is the pattern of 使用登记证编号 (cyltrace.DefaultCertTemplate
	// when empty).
	CertTemplate string
	// TrustProxy takes the client address from the last X-Forwarded-For
	// entry (see ratelimit.ClientIP).
	TrustProxy bool
}

// Console serves the web console's pages.
type Console struct {
	store      *store.Store
	log        *slog.Logger
	now        func() time.Time
	secure     bool
	trustProxy bool
	images     *images.Store
	certTmpl   string
	thumbs     thumbCache
	pages      map[string]*template.Template
	captchas   captcha.Store
	// argon bounds the password hashes computed at once: each takes 64 MiB.
	argon chan struct{}
	// dummyHash is verified for an unknown username, so that the answer
	// takes as long as for a known one.
	dummyHash string
}

// New returns a console; a template that does not parse or run fails here,
// not at a request.
func New(cfg Config) (*Console, error) {
	if cfg.Store == nil {
		return nil, errors.New("console: no store")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.CertTemplate == "" {
		cfg.CertTemplate = cyltrace.DefaultCertTemplate
	}
	if err := cyltrace.CertTemplateValid(cfg.CertTemplate); err != nil {
		return nil, err
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	pw, err := auth.NewToken(rand.Reader)
	if err != nil {
		return nil, err
	}
	dummy, err := auth.HashPassword(pw)
	if err != nil {
		return nil, err
	}
	c := &Console{
		store: cfg.Store, log: cfg.Logger, now: cfg.Now, secure: cfg.Secure, trustProxy: cfg.TrustProxy,
		images: cfg.Images, certTmpl: cfg.CertTemplate,
		captchas:  captcha.NewMemoryStore(captcha.CollectNum, captchaExpiry),
		argon:     make(chan struct{}, 2),
		dummyHash: dummy,
	}
	if err := c.parseTemplates(); err != nil {
		return nil, err
	}
	return c, nil
}
