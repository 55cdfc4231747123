package console_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"cyltrace"
	"cyltrace/internal/store"
)

func TestRulesPageShowsTheVersionInForce(t *testing.T) {
	e := newEnv(t)
	e.mustUser(t, "reviewer1", "500101", false, cyltrace.DistrictReviewer)
	rv, err := e.store.CurrentRules(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	c := e.client(t)
	c.login("reviewer1")
	p := c.get("/console/rules")
	want := fmt.Sprintf(`id="version">v%d<`, rv.Rules.Version)
	if p.status != http.StatusOK || !strings.Contains(p.body, want) || !strings.Contains(p.body, rv.Rules.Classes[0].Name) {
		t.Fatalf("rules page: got %d, want %s and the first class\n%s", p.status, want, p.body)
	}
}

func TestDistrictLocksAndAudit(t *testing.T) {
	e := newEnv(t)
	e.mustUser(t, "wanzhou", "500101", false, cyltrace.DistrictReviewer)
	e.mustUser(t, "city", "", false, cyltrace.CityAdmin)
	own, other := e.mustCylinder(t, "500101"), e.mustCylinder(t, "500102")

	d := e.client(t)
	d.login("wanzhou")
	p := d.get("/console/locks?code=" + url.QueryEscape(own.InfoCode))
	if !strings.Contains(p.body, `id="cylinder"`) || !strings.Contains(p.body, `id="no-locks"`) {
		t.Fatalf("lookup of own cylinder: got %d\n%s", p.status, p.body)
	}
	csrf := p.field(t, "csrf")
	p = d.post("/console/locks/lock", url.Values{"csrf": {csrf}, "code": {own.ID}, "reason": {"举报"}})
	if !strings.Contains(p.body, "已锁定") || !strings.Contains(p.body, `id="locks"`) || !strings.Contains(p.body, "举报") {
		t.Fatalf("lock: got %d %s\n%s", p.status, p.path, p.body)
	}
	log, err := e.store.AuditLog(t.Context(), store.AuditFilter{Action: "cylinder.lock", Object: own.ID})
	if err != nil || len(log) != 1 || log[0].Actor != "user:wanzhou" {
		t.Fatalf("audit of the lock: %+v, %v; want one entry by user:wanzhou", log, err)
	}
	p = d.post("/console/locks/lock", url.Values{"csrf": {csrf}, "code": {other.InfoCode}, "reason": {"举报"}})
	if p.status != http.StatusForbidden {
		t.Fatalf("lock of another region's cylinder: got %d, want 403", p.status)
	}
	if p = d.get("/console/locks?code=" + other.ID); p.status != http.StatusForbidden {
		t.Fatalf("lookup of another region's cylinder: got %d, want 403", p.status)
	}
	p = d.post("/console/locks/unlock", url.Values{"csrf": {csrf}, "cylinder": {own.ID}, "lock": {lockIDOf(t, p0(d, own.ID))}, "note": {"核实无误"}})
	if !strings.Contains(p.body, "已解除") || !strings.Contains(p.body, `id="no-locks"`) {
		t.Fatalf("unlock: got %d\n%s", p.status, p.body)
	}
	if p = d.get("/console/audit"); p.status != http.StatusForbidden {
		t.Fatalf("audit page for a district user: got %d, want 403", p.status)
	}

	a := e.client(t)
	a.login("city")
	p = a.get("/console/audit?action=cylinder.lock")
	if p.status != http.StatusOK || !strings.Contains(p.body, own.ID) || !strings.Contains(p.body, "user:wanzhou") ||
		!strings.Contains(p.body, "&#34;reason&#34;:&#34;举报&#34;") {
		t.Fatalf("audit page for the city admin: got %d\n%s", p.status, p.body)
	}
}

// p0 is the locks page of a cylinder.
func p0(c *client, id string) page { return c.get("/console/locks?code=" + url.QueryEscape(id)) }

var lockIDRe = regexp.MustCompile(`name="lock" value="(\d+)"`)

func lockIDOf(t *testing.T, p page) string {
	t.Helper()
	m := lockIDRe.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no lock on the page\n%s", p.body)
	}
	return m[1]
}

func TestCaptchaImageAndStylesheet(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	id := c.get("/console/login").field(t, "captcha_id")
	for _, tc := range []struct{ path, ctype string }{
		{"/console/captcha/" + id + ".png", "image/png"},
		{"/console/static/console.css", "text/css; charset=utf-8"},
	} {
		p := c.get(tc.path)
		if p.status != http.StatusOK || p.header.Get("Content-Type") != tc.ctype || p.header.Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: got %d %q %q, want 200 %q no-store", tc.path, p.status,
				p.header.Get("Content-Type"), p.header.Get("Cache-Control"), tc.ctype)
		}
	}
	if p := c.get("/console/captcha/unknown.png"); p.status != http.StatusNotFound {
		t.Errorf("unknown captcha: got %d, want 404", p.status)
	}
}
