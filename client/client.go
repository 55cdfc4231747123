package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Defaults of a new Client.
const (
	DefaultMaxRetries = 3                      // attempts after the first
	DefaultBackoff    = 500 * time.Millisecond // wait before the first retry; doubled each time
	DefaultTimeout    = 2 * time.Minute        // of the default HTTP client, per attempt

	maxBackoff    = 30 * time.Second // cap of the doubled backoff
	maxRetryAfter = time.Minute      // a longer Retry-After is returned to the caller instead
	maxReplySize  = 16 << 20         // bytes of a reply the client reads at most
	apiPrefix     = "/api/v1"
)

// Client calls the data-sharing API as one API client (one appKey, one unit,
// one role). It is safe for concurrent use; the token is shared.
type Client struct {
	base      string
	appKey    string
	appSecret string
	http      *http.Client
	now       func() time.Time
	retries   int
	backoff   time.Duration

	mu        sync.Mutex
	token     string
	refreshAt time.Time
	flight    *tokenFlight // the token fetch in progress, if any
}

// Option changes a Client made by New.
type Option func(*Client)

// WithHTTPClient makes the Client send its requests with hc (for a proxy,
// custom TLS roots or another timeout). The default is an http.Client with a
// timeout of DefaultTimeout.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.http = hc
		}
	}
}

// WithClock makes the Client read the time from now, which decides when the
// token is refreshed. The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *Client) {
		if now != nil {
			c.now = now
		}
	}
}

// WithRetry sets how often a failed call is sent again (maxRetries attempts
// after the first; 0 turns retries off) and the wait before the first retry,
// which doubles with each further one up to 30 s. A 429's Retry-After
// replaces the wait. The default is DefaultMaxRetries and DefaultBackoff.
// Retrying a submission is safe: see the package documentation.
func WithRetry(maxRetries int, backoff time.Duration) Option {
	return func(c *Client) {
		c.retries = max(0, maxRetries)
		c.backoff = max(0, backoff)
	}
}

// New returns a Client of the API at baseURL, the scheme and host of the city
// system such as "https://cyltrace.example.gov.cn" (a trailing "/" or
// "/api/v1" is dropped), authenticating with the API client's appKey and
// appSecret. It sends nothing until the first call.
func New(baseURL, appKey, appSecret string, opts ...Option) *Client {
	base := strings.TrimRight(baseURL, "/")
	base = strings.TrimSuffix(base, apiPrefix)
	c := &Client{
		base:      base,
		appKey:    appKey,
		appSecret: appSecret,
		http:      &http.Client{Timeout: DefaultTimeout},
		now:       time.Now,
		retries:   DefaultMaxRetries,
		backoff:   DefaultBackoff,
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

// String describes the client without its secret, so that printing or
// logging a Client never leaks it.
func (c *Client) String() string {
	return fmt.Sprintf("client.Client{base: %q, appKey: %q}", c.base, c.appKey)
}

// GoString is String, for %#v.
func (c *Client) GoString() string { return c.String() }

// call sends in as JSON to path with the bearer token and decodes the
// envelope's data into out. On a 401 it fetches a new token and sends the
// call once more.
func (c *Client) call(ctx context.Context, path string, in, out any) error {
	req, err := jsonRequest(path, in)
	if err != nil {
		return err
	}
	return c.callAuthed(ctx, req, out)
}

func (c *Client) callAuthed(ctx context.Context, req request, out any) error {
	tok, err := c.Token(ctx)
	if err != nil {
		return err
	}
	err = c.send(ctx, req, tok, out)
	var e *Error
	if !errors.As(err, &e) || e.HTTPStatus != http.StatusUnauthorized {
		return err
	}
	// The token was revoked or expired early (the server restarted, the
	// clock is off): forget it and try once with a fresh one.
	c.forget(tok)
	if tok, err = c.Token(ctx); err != nil {
		return err
	}
	return c.send(ctx, req, tok, out)
}

// send sends req, retrying transport errors and the retryable codes, and
// decodes the data of a success into out.
func (c *Client) send(ctx context.Context, req request, token string, out any) error {
	for attempt := 0; ; attempt++ {
		err := c.attempt(ctx, req, token, out)
		if err == nil {
			return nil
		}
		wait, ok := c.retryWait(err, attempt)
		if !ok {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("client: POST %s: %w (last attempt: %v)", req.path, ctx.Err(), err)
		case <-t.C:
		}
	}
}

// retryWait says whether a call that failed with err on the given attempt
// (0 for the first) is tried again, and after how long.
func (c *Client) retryWait(err error, attempt int) (time.Duration, bool) {
	if attempt >= c.retries {
		return 0, false
	}
	var te *transportError
	var e *Error
	switch {
	case errors.As(err, &te):
	case errors.As(err, &e) && e.retryable():
		if e.RetryAfter > maxRetryAfter {
			return 0, false // the caller should come back much later
		}
		if e.RetryAfter > 0 {
			return e.RetryAfter, true
		}
	default:
		return 0, false
	}
	wait := c.backoff
	for i := 0; i < attempt && wait < maxBackoff; i++ {
		wait *= 2
	}
	return min(wait, maxBackoff), true
}
