package e2e

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cyltrace"
	"cyltrace/internal/auth"
	"cyltrace/internal/console"
	"cyltrace/internal/testutil"
)

// TestConsoleFirstLogin: a new city admin logs in in Chromium (the test
// reads the captcha's answer from the in-process server), is made to change
// the first password, reaches the home page and reads the rule table in force.
func TestConsoleFirstLogin(t *testing.T) {
	ctx := desktop(t)
	s, _ := testutil.NewStore(t, "sqlite")
	bg := context.Background()
	hash, err := auth.HashPassword("First-password-1")
	if err != nil {
		t.Fatal(err)
	}
	u := &cyltrace.User{Username: "cityadmin", DisplayName: "市局管理员", Roles: []cyltrace.UserRole{cyltrace.CityAdmin},
		MustChangePassword: true}
	if err := s.CreateUser(bg, u, hash); err != nil {
		t.Fatal(err)
	}
	rules, err := s.CurrentRules(bg)
	if err != nil {
		t.Fatal(err)
	}
	cons, err := console.New(console.Config{Store: s, Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(cons.Handler())
	t.Cleanup(ts.Close)

	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/console/login"), chromedp.WaitVisible(`input[name="captcha"]`)); err != nil {
		t.Fatal(err)
	}
	id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('input[name="captcha_id"]').value`))
	if err != nil || id == "" {
		t.Fatalf("captcha id: %q %v", id, err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(`input[name="username"]`, "cityadmin"),
		chromedp.SendKeys(`input[name="password"]`, "First-password-1"),
		chromedp.SendKeys(`input[name="captcha"]`, cons.CaptchaAnswer(id)),
		chromedp.Submit(`input[name="captcha"]`),
		chromedp.WaitVisible(`input[name="repeat"]`))
	if err != nil {
		t.Fatalf("log in: %v", err)
	}
	screenshot(t, ctx, "console-change-password.png")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(`input[name="current"]`, "First-password-1"),
		chromedp.SendKeys(`input[name="new"]`, "Second-password-2"),
		chromedp.SendKeys(`input[name="repeat"]`, "Second-password-2"),
		chromedp.Submit(`input[name="repeat"]`),
		chromedp.WaitVisible(`#name`), // the home page, after the change
		chromedp.Navigate(ts.URL+"/console/rules"),
		chromedp.WaitVisible(`#version`))
	if err != nil {
		t.Fatalf("change password, open rules: %v", err)
	}
	version, err := chromedp.Run(ctx, chromedp.Text(`#version`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "v1"; strings.TrimSpace(version) != want || rules.Rules.Version != 1 {
		t.Errorf("rules page shows %q, want %s", version, want)
	}
	screenshot(t, ctx, "console-rules.png")

	// The new password is the one stored; the first no longer works.
	_, stored, err := s.UserByUsername(bg, "cityadmin")
	if err != nil || !auth.VerifyPassword(stored, "Second-password-2") || auth.VerifyPassword(stored, "First-password-1") {
		t.Errorf("stored password after the change: %v", err)
	}
}
