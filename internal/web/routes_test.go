package web

import (
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"
)

func TestRateLimit(t *testing.T) {
	e := newEnv(t, Config{RatePerMinute: 3, TrustProxy: true})
	c := mustCylinder(t, e.store)
	for i := range 3 {
		if res := e.get(t, "/q/"+c.InfoCode); res.StatusCode != http.StatusOK {
			t.Fatalf("request %d: status %d", i+1, res.StatusCode)
		}
	}
	res := e.get(t, "/q/"+c.InfoCode)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "20" {
		t.Fatalf("over the limit: status %d, Retry-After %q; want 429, 20", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if page := text(parseHTML(t, res.body)); !strings.Contains(page, "查询过于频繁") || !strings.Contains(page, "20 秒后再试") {
		t.Errorf("429 page text:\n%s", page)
	}
	if got := res.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control = %q", got)
	}
	for _, path := range []string{"/q/" + c.InfoCode + ".json", "/q/not-a-code.json"} {
		j := e.get(t, path)
		wantEnvelope(t, j, "429")
		if j.Header.Get("Retry-After") != "20" {
			t.Errorf("%s: Retry-After %q", path, j.Header.Get("Retry-After"))
		}
	}
	for _, path := range []string{"/q/nope", "/q?u=x"} {
		if got := e.get(t, path).StatusCode; got != http.StatusTooManyRequests {
			t.Errorf("%s: status %d, want 429", path, got)
		}
	}
	// Another client, behind the trusted proxy, has its own budget.
	if got := e.get(t, "/q/"+c.InfoCode, "X-Forwarded-For: 203.0.113.9").StatusCode; got != http.StatusOK {
		t.Errorf("another address: status %d, want 200", got)
	}
	e.clock.set(testNow.Add(20e9))
	if got := e.get(t, "/q/"+c.InfoCode).StatusCode; got != http.StatusOK {
		t.Errorf("after Retry-After: status %d, want 200", got)
	}
}

func TestHandleMountsExtraRoutes(t *testing.T) {
	e := newEnv(t, Config{RatePerMinute: 1})
	e.web.Handle("GET /extra/{code}", e.web.RateLimit(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		fmt.Fprint(rw, "label ", r.PathValue("code"))
	})))
	if res := e.get(t, "/extra/X"); res.StatusCode != http.StatusOK || string(res.body) != "label X" {
		t.Fatalf("mounted route: status %d, body %q", res.StatusCode, res.body)
	}
	if res := e.get(t, "/q/nope"); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("limit shared with the mounted route: status %d, want 429", res.StatusCode)
	}
}

func TestNewFailsOnBadTemplates(t *testing.T) {
	good, err := fs.Sub(templateFS, ".")
	if err != nil {
		t.Fatal(err)
	}
	file := func(name string) *fstest.MapFile {
		b, err := fs.ReadFile(good, "templates/"+name)
		if err != nil {
			t.Fatal(err)
		}
		return &fstest.MapFile{Data: b}
	}
	base := func() fstest.MapFS {
		return fstest.MapFS{
			"templates/layout.html": file("layout.html"), "templates/scan.html": file("scan.html"),
			"templates/error.html": file("error.html"), "templates/page.css": file("page.css"),
		}
	}
	s := closedStore(t)
	if _, err := newWeb(Config{Store: s}, base()); err != nil {
		t.Fatalf("the embedded templates: %v", err)
	}
	tests := map[string]func(fstest.MapFS){
		"syntax error": func(m fstest.MapFS) {
			m["templates/scan.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{if}}{{end}}`)}
		},
		"missing field": func(m fstest.MapFS) {
			m["templates/error.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{.Nope}}{{end}}`)}
		},
		"missing file":  func(m fstest.MapFS) { delete(m, "templates/layout.html") },
		"no stylesheet": func(m fstest.MapFS) { delete(m, "templates/page.css") },
	}
	for name, change := range tests {
		m := base()
		change(m)
		if _, err := newWeb(Config{Store: s}, m); err == nil {
			t.Errorf("%s: New succeeded, want an error", name)
		}
	}
}

func TestNewChecksConfig(t *testing.T) {
	if _, err := New(Config{}); err == nil {
		t.Error("nil Store: no error")
	}
	s := closedStore(t)
	for _, base := range []string{"qp.example.gov.cn", "ftp://x", "https://", "https://x/?a=1"} {
		if _, err := New(Config{Store: s, PublicBaseURL: base}); err == nil {
			t.Errorf("PublicBaseURL %q: no error", base)
		}
	}
	w, err := New(Config{Store: s, PublicBaseURL: "https://qp.example.gov.cn/trace/"})
	if err != nil {
		t.Fatal(err)
	}
	if got := w.ScanURL("CQ1"); got != "https://qp.example.gov.cn/trace/q/CQ1" {
		t.Errorf("ScanURL = %q", got)
	}
}
