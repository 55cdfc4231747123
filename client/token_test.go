package client_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"cyltrace/client"
)

const queryPath = "/api/v1/cylinders/query"

func newClient(api *fakeAPI, opts ...client.Option) *client.Client {
	opts = append([]client.Option{client.WithRetry(3, time.Millisecond)}, opts...)
	return client.New(api.srv.URL, testKey, testSecret, opts...)
}

func TestTokenCachedAndRefreshedBeforeExpiry(t *testing.T) {
	api := newFakeAPI(t)
	clock := newFakeClock()
	c := newClient(api, client.WithClock(clock.Now))
	ctx := context.Background()

	query := func(step string) {
		t.Helper()
		if _, err := c.QueryByInfoCode(ctx, testInfo); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	query("first call")
	query("second call")
	if got, want := api.tokensIssued(), 1; got != want {
		t.Fatalf("tokens fetched after two calls = %d, want %d", got, want)
	}
	tok1, err := c.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}

	clock.Advance(7200*time.Second - 61*time.Second) // 61 s before expiry: still good
	query("61 s before expiry")
	if got, want := api.tokensIssued(), 1; got != want {
		t.Fatalf("tokens fetched 61 s before expiry = %d, want %d", got, want)
	}

	clock.Advance(2 * time.Second) // 59 s before expiry: replaced
	query("59 s before expiry")
	if got, want := api.tokensIssued(), 2; got != want {
		t.Fatalf("tokens fetched 59 s before expiry = %d, want %d", got, want)
	}
	tok2, err := c.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if tok2 == tok1 {
		t.Errorf("token after refresh = %q, want a new one", tok2)
	}
	if got := api.tokenSent(queryPath); got != tok2 {
		t.Errorf("query sent token %q, want the refreshed %q", got, tok2)
	}

	clock.Advance(3 * time.Hour) // long expired
	query("after expiry")
	if got, want := api.tokensIssued(), 3; got != want {
		t.Errorf("tokens fetched after expiry = %d, want %d", got, want)
	}
}

func TestTokenShortLifetimeRefreshedAtHalf(t *testing.T) {
	api := newFakeAPI(t)
	api.expiresIn = 60 // shorter than the margin: refresh at half of it
	clock := newFakeClock()
	c := newClient(api, client.WithClock(clock.Now))
	ctx := context.Background()
	if _, err := c.Token(ctx); err != nil {
		t.Fatal(err)
	}
	clock.Advance(29 * time.Second)
	c.Token(ctx)
	if got, want := api.tokensIssued(), 1; got != want {
		t.Fatalf("tokens fetched at 29 s of 60 = %d, want %d", got, want)
	}
	clock.Advance(time.Second)
	c.Token(ctx)
	if got, want := api.tokensIssued(), 2; got != want {
		t.Fatalf("tokens fetched at 30 s of 60 = %d, want %d", got, want)
	}
}

func TestRefreshOnceOn401(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api)
	ctx := context.Background()
	if _, err := c.QueryByInfoCode(ctx, testInfo); err != nil {
		t.Fatal(err)
	}
	api.revokeAll() // the server forgot the token, as after a restart

	cy, err := c.QueryByInfoCode(ctx, testInfo)
	if err != nil {
		t.Fatalf("query after the token was revoked: %v", err)
	}
	if cy.InfoCode != testInfo {
		t.Errorf("infoCode = %q, want %q", cy.InfoCode, testInfo)
	}
	if got, want := api.tokensIssued(), 2; got != want {
		t.Errorf("tokens fetched = %d, want %d", got, want)
	}
	if got, want := api.count(queryPath), 3; got != want {
		t.Errorf("query requests = %d, want %d (one ok, one 401, one repeated)", got, want)
	}
}

func TestRepeated401IsAnError(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api)
	unauthorized := envelopeReply(401, "访问令牌无效或已过期，请重新获取", "{}")
	api.queue(queryPath, unauthorized, unauthorized, unauthorized)

	_, err := c.QueryByInfoCode(context.Background(), testInfo)
	var e *client.Error
	if !errors.As(err, &e) || e.Code != "401" || e.HTTPStatus != 401 {
		t.Fatalf("err = %v, want *client.Error 401", err)
	}
	if got, want := api.count(queryPath), 2; got != want {
		t.Errorf("query requests = %d, want %d (the call and one repeat)", got, want)
	}
	if got, want := api.tokensIssued(), 2; got != want {
		t.Errorf("tokens fetched = %d, want %d", got, want)
	}
}

func TestWrongSecretIsNotRetried(t *testing.T) {
	api := newFakeAPI(t)
	c := client.New(api.srv.URL, testKey, "wrong-secret", client.WithRetry(3, time.Millisecond))
	_, err := c.QueryByInfoCode(context.Background(), testInfo)
	var e *client.Error
	if !errors.As(err, &e) || e.Code != "401" {
		t.Fatalf("err = %v, want *client.Error 401", err)
	}
	if got, want := api.count("/api/v1/auth/token"), 1; got != want {
		t.Errorf("token requests = %d, want %d", got, want)
	}
	if got := api.count(queryPath); got != 0 {
		t.Errorf("query requests = %d, want 0", got)
	}
}

func TestConcurrentCallsShareOneToken(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Go(func() {
			if _, err := c.QueryByInfoCode(context.Background(), testInfo); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got, want := api.tokensIssued(), 1; got != want {
		t.Errorf("tokens fetched by 20 concurrent calls = %d, want %d", got, want)
	}
}

func TestSecretNeverPrinted(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api)
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		if s := fmt.Sprintf(format, c); strings.Contains(s, testSecret) {
			t.Errorf("Sprintf(%q, client) = %q: shows the secret", format, s)
		}
	}
	api.queue("/api/v1/auth/token", rawReply(400, "text/plain", "bad"))
	_, err := c.Token(context.Background())
	if err == nil || strings.Contains(err.Error(), testSecret) {
		t.Errorf("token error = %v: want an error without the secret", err)
	}
}
