package client

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// refreshMargin is how long before its expiry a token is replaced, so that a
// call never leaves with a token that dies on the way.
const refreshMargin = 60 * time.Second

// tokenFlight is one token fetch that concurrent callers wait for.
type tokenFlight struct {
	done chan struct{}
	err  error
}

type tokenRequest struct {
	AppKey    string `json:"appKey"`
	AppSecret string `json:"appSecret"`
}

// tokenReply is the data of /api/v1/auth/token.
type tokenReply struct {
	AccessToken string `json:"accessToken"`
	TokenType   string `json:"tokenType"` // "Bearer"
	ExpiresIn   int    `json:"expiresIn"` // seconds, 7200
}

// Token returns the bearer token every call carries, fetching it from
// /api/v1/auth/token when there is none or it expires within about 60 s.
// Concurrent callers share one fetch. A wrong appKey or appSecret, or a
// disabled API client, is an *Error with code "401".
func (c *Client) Token(ctx context.Context) (string, error) {
	for {
		c.mu.Lock()
		if c.token != "" && c.now().Before(c.refreshAt) {
			tok := c.token
			c.mu.Unlock()
			return tok, nil
		}
		if f := c.flight; f != nil {
			c.mu.Unlock()
			select {
			case <-f.done:
				if f.err != nil && !othersContext(f.err) {
					return "", f.err
				}
				continue // fetched, or the fetching caller gave up: look again
			case <-ctx.Done():
				return "", ctx.Err()
			}
		}
		f := &tokenFlight{done: make(chan struct{})}
		c.flight = f
		c.mu.Unlock()

		tok, refreshAt, err := c.fetchToken(ctx)
		c.mu.Lock()
		c.flight = nil
		if err == nil {
			c.token, c.refreshAt = tok, refreshAt
		}
		c.mu.Unlock()
		f.err = err
		close(f.done)
		return tok, err
	}
}

// fetchToken asks for a new token and returns it with the time to replace it.
func (c *Client) fetchToken(ctx context.Context) (string, time.Time, error) {
	const path = apiPrefix + "/auth/token"
	req, err := jsonRequest(path, tokenRequest{AppKey: c.appKey, AppSecret: c.appSecret})
	if err != nil {
		return "", time.Time{}, err
	}
	issued := c.now() // before the request: the token cannot be older than this
	var r tokenReply
	if err := c.send(ctx, req, "", &r); err != nil {
		return "", time.Time{}, err
	}
	switch {
	case r.AccessToken == "":
		return "", time.Time{}, fmt.Errorf("client: POST %s: reply has no accessToken", path)
	case !strings.EqualFold(r.TokenType, "Bearer"):
		return "", time.Time{}, fmt.Errorf("client: POST %s: tokenType %q, want Bearer", path, r.TokenType)
	case r.ExpiresIn <= 0:
		return "", time.Time{}, fmt.Errorf("client: POST %s: expiresIn %d, want a positive number of seconds", path, r.ExpiresIn)
	}
	life := time.Duration(r.ExpiresIn) * time.Second
	margin := min(refreshMargin, life/2)
	return r.AccessToken, issued.Add(life - margin), nil
}

// forget drops tok from the cache after the server refused it, unless
// another call already replaced it.
func (c *Client) forget(tok string) {
	c.mu.Lock()
	if c.token == tok {
		c.token = ""
	}
	c.mu.Unlock()
}

// othersContext reports whether a fetch failed only because the caller that
// made it gave up; another caller then fetches for itself.
func othersContext(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
