package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cyltrace"
)

func TestResolveQRContent(t *testing.T) {
	e := newEnv(t, Config{PublicBaseURL: "https://qp.example.gov.cn/"})
	qr := "https://trace.yuling-gas.example/c?id=A100417&sig=x%2By"
	c := mustCylinder(t, e.store, func(c *cyltrace.Cylinder) { c.QRContent = qr })
	noCode := mustCylinder(t, e.store, func(c *cyltrace.Cylinder) {
		c.InfoCode, c.QRContent = "", "https://trace.yuling-gas.example/c?id=unbound"
	})

	res := e.get(t, "/q?u="+url.QueryEscape(qr))
	if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/q/"+c.InfoCode {
		t.Fatalf("status %d, Location %q; want 302 to /q/%s", res.StatusCode, res.Header.Get("Location"), c.InfoCode)
	}
	if page := e.get(t, res.Header.Get("Location")); page.StatusCode != http.StatusOK {
		t.Errorf("following the redirect: status %d", page.StatusCode)
	}

	own := e.get(t, "/q?u="+url.QueryEscape(e.web.ScanURL(c.InfoCode)))
	if own.StatusCode != http.StatusFound || own.Header.Get("Location") != "/q/"+c.InfoCode {
		t.Errorf("our own URL: status %d, Location %q", own.StatusCode, own.Header.Get("Location"))
	}
	if got, want := e.web.ScanURL(c.InfoCode), "https://qp.example.gov.cn/q/"+c.InfoCode; got != want {
		t.Errorf("ScanURL = %q, want %q", got, want)
	}

	for name, u := range map[string]string{
		"unknown":       "https://trace.yuling-gas.example/c?id=nope",
		"no infoCode":   noCode.QRContent,
		"empty":         "",
		"too long":      qr + strings.Repeat("x", 1000),
		"own, bad code": e.web.ScanURL("cq0000"),
	} {
		t.Run(name, func(t *testing.T) {
			wantNotFoundPage(t, e.get(t, "/q?u="+url.QueryEscape(u)))
		})
	}
	wantNotFoundPage(t, e.get(t, "/q"))
}

// TestResolveChecksLengthFirst: on a closed store, an over-long u is
// refused without a query (a query would be a 500).
func TestResolveChecksLengthFirst(t *testing.T) {
	e := newEnvOn(t, closedStore(t), Config{})
	wantNotFoundPage(t, e.get(t, "/q?u="+strings.Repeat("码", 1001)))
	if res := e.get(t, "/q?u="+strings.Repeat("码", 1000)); res.StatusCode != http.StatusInternalServerError {
		t.Errorf("1000 characters: status %d, want the query tried (500 on a closed store)", res.StatusCode)
	}
}
