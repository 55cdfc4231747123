package e2e

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"cyltrace"
	"cyltrace/internal/auth"
	"cyltrace/internal/console"
	"cyltrace/internal/demo"
	"cyltrace/internal/store"
	"cyltrace/internal/testutil"
)

// consoleSite is the console on a demo database with two users: a city
// admin and a district acceptor of 渝中区 (500103).
type consoleSite struct {
	url   string
	store *store.Store
	cons  *console.Console
	dsn   string // the database, for a test to count in it directly
}

func newConsoleSite(t *testing.T) *consoleSite {
	t.Helper()
	s, dsn := testutil.NewStore(t, "sqlite")
	ctx := context.Background()
	l, err := s.NewLoader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Generate(ctx, demo.Options{Seed: 5, Cylinders: 300, AsOf: asOf}, l); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(ctx); err != nil {
		t.Fatal(err)
	}
	for _, u := range []*cyltrace.User{
		{Username: "admin", DisplayName: "市局管理员", Roles: []cyltrace.UserRole{cyltrace.CityAdmin}},
		{Username: "yuzhong", DisplayName: "渝中区受理人", Roles: []cyltrace.UserRole{cyltrace.DistrictAcceptor}, RegionCode: "500103"},
	} {
		hash, err := auth.HashPassword("Password-of-" + u.Username + "1")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CreateUser(ctx, u, hash); err != nil {
			t.Fatal(err)
		}
	}
	cons, err := console.New(console.Config{Store: s, Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(cons.Handler())
	t.Cleanup(ts.Close)
	return &consoleSite{url: ts.URL, store: s, cons: cons, dsn: dsn}
}

// login signs a user in through the login page, reading the captcha's
// answer from the in-process server.
func (cs *consoleSite) login(t *testing.T, ctx context.Context, username string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(cs.url+"/console/login"), chromedp.WaitVisible(`input[name="captcha"]`)); err != nil {
		t.Fatal(err)
	}
	id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('input[name="captcha_id"]').value`))
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(`input[name="username"]`, username),
		chromedp.SendKeys(`input[name="password"]`, "Password-of-"+username+"1"),
		chromedp.SendKeys(`input[name="captcha"]`, cs.cons.CaptchaAnswer(id)),
		chromedp.Submit(`input[name="captcha"]`),
		chromedp.WaitVisible(`#name`))
	if err != nil {
		t.Fatalf("log in as %s: %v", username, err)
	}
}

// text returns the text of the first element matching sel, or "".
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector(`+jsString(sel)+`) || {}).textContent || ""`))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(v)
}

func jsString(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }

// TestConsoleDistrictUser: a district user sees only its own region's
// units, gets the 403 page for another region's by URL, and after logging
// out is back at the login page.
func TestConsoleDistrictUser(t *testing.T) {
	ctx := desktop(t)
	cs := newConsoleSite(t)
	cs.login(t, ctx, "yuzhong")
	if err := chromedp.Do(ctx, chromedp.Navigate(cs.url+"/console/units"), chromedp.WaitVisible(`h1`)); err != nil {
		t.Fatal(err)
	}
	codes, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('[data-unit-code]')].map(e => e.dataset.unitCode)`))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := cs.store.Units(context.Background(), store.UnitFilter{RegionCode: "500103", Limit: 50})
	if len(codes) == 0 || len(codes) != len(want) {
		t.Errorf("units on the page: %d, in 渝中区 (first page): %d", len(codes), len(want))
	}
	for _, code := range codes {
		u, err := cs.store.UnitByCode(context.Background(), code)
		if err != nil || u.RegionCode != "500103" {
			t.Errorf("a district user of 500103 sees unit %s of region %v", code, u)
		}
	}
	screenshot(t, ctx, "console-district-units.png")

	if err := chromedp.Do(ctx, chromedp.Navigate(cs.url+"/console/units?region=500101"), chromedp.WaitVisible(`#message`)); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#message"); !strings.Contains(got, "没有权限") {
		t.Errorf("another region's units by URL: %q, want the 403 page", got)
	}

	// Keep the session cookie, log out, put the old cookie back: it is dead.
	if err := chromedp.Do(ctx, chromedp.Navigate(cs.url+"/console/"), chromedp.WaitVisible(`#name`)); err != nil {
		t.Fatal(err)
	}
	cookies, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{cs.url + "/console/"}})
	if err != nil {
		t.Fatal(err)
	}
	var old *network.Cookie
	for _, c := range cookies.Cookies {
		if c.Name == "cyltrace_session" {
			old = c
		}
	}
	if old == nil {
		t.Fatal("no session cookie after login")
	}
	err = chromedp.Do(ctx,
		chromedp.Click(`form[action="/console/logout"] button`),
		chromedp.WaitVisible(`input[name="captcha"]`))
	if err != nil {
		t.Fatalf("log out: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: old.Name, Value: old.Value,
		URL: cs.url + "/console/", Path: old.Path}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(cs.url+"/console/"), chromedp.WaitVisible(`input[name="captcha"]`)); err != nil {
		t.Fatalf("the old session cookie still opens the console: %v", err)
	}
}

// TestConsoleAPIClient: the city admin creates an API client for a filling
// unit and sees its secret once; only the secret's hash is stored, the list
// never shows it, and the audit page shows the creation.
func TestConsoleAPIClient(t *testing.T) {
	ctx := desktop(t)
	cs := newConsoleSite(t)
	units, err := cs.store.Units(context.Background(), store.UnitFilter{Kind: cyltrace.KindFilling, Limit: 1})
	if err != nil || len(units) == 0 {
		t.Fatalf("no filling unit: %v", err)
	}
	cs.login(t, ctx, "admin")
	err = chromedp.Do(ctx,
		chromedp.Navigate(cs.url+"/console/clients/new"),
		chromedp.WaitVisible(`#client-form`),
		chromedp.SendKeys(`input[name="unitCode"]`, units[0].Code),
		chromedp.SetValue(`select[name="role"]`, "filling"),
		chromedp.Submit(`input[name="unitCode"]`),
		chromedp.WaitVisible(`#app-secret`))
	if err != nil {
		t.Fatalf("create an API client: %v", err)
	}
	key, secret := text(t, ctx, "#app-key"), text(t, ctx, "#app-secret")
	screenshot(t, ctx, "console-client-secret.png")
	client, hash, err := cs.store.ClientByAppKey(context.Background(), key)
	if err != nil || client.UnitID != units[0].ID || hash == secret || !auth.Check(hash, secret) {
		t.Fatalf("stored client %+v (%v): the shown secret must verify against the stored hash only", client, err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(cs.url+"/console/clients"), chromedp.WaitVisible(`#clients`)); err != nil {
		t.Fatal(err)
	}
	page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if !strings.Contains(page, key) || strings.Contains(page, secret) {
		t.Errorf("the clients list: has the key %v, has the secret %v", strings.Contains(page, key), strings.Contains(page, secret))
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(cs.url+"/console/audit?action=client.create"), chromedp.WaitVisible(`h1`)); err != nil {
		t.Fatal(err)
	}
	audit, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if !strings.Contains(audit, "user:admin") || !strings.Contains(audit, key) || strings.Contains(audit, secret) {
		t.Errorf("audit page after creating the client:\n%s", audit)
	}
}

// TestConsolePrints: a console table prints cleanly — Chromium's print to
// PDF keeps the heading and the rows and leaves out the menu, the header's
// logout and the search form (pdftotext reads the PDF back).
func TestConsolePrints(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (Debian package poppler-utils)")
	}
	ctx := desktop(t)
	cs := newConsoleSite(t)
	cs.login(t, ctx, "admin")
	if err := chromedp.Do(ctx, chromedp.Navigate(cs.url+"/console/units?region=500103"), chromedp.WaitVisible(`#units`)); err != nil {
		t.Fatal(err)
	}
	res, err := chromedp.Call(ctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.ArtifactDir(), "console-units-print.pdf")
	if err := os.WriteFile(path, res.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	units, _ := cs.store.Units(context.Background(), store.UnitFilter{RegionCode: "500103", Limit: 1})
	printed := string(out)
	if !strings.Contains(printed, "单位管理") || len(units) == 0 || !strings.Contains(printed, units[0].Code) {
		t.Errorf("the printout lacks the heading or the rows:\n%s", printed)
	}
	for _, screenOnly := range []string{"退出登录", "查询", "审计日志", "新建单位"} {
		if strings.Contains(printed, screenOnly) {
			t.Errorf("the printout shows %q, which is for the screen only", screenOnly)
		}
	}
}
