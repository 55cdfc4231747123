package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"cyltrace/internal/server"
)

// TestBehindServer mounts the pages on the real server: our CSP replaces
// the server's default (which would block the inline stylesheet), and a 500
// page quotes the server's request id.
func TestBehindServer(t *testing.T) {
	e := newEnv(t, Config{})
	c := mustCylinder(t, e.store)
	srv, err := server.New(server.Config{}, e.store, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv.Handle("/", e.web.Handler())
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(e.srv.Close)

	res := e.get(t, "/q/"+c.InfoCode)
	csp := res.Header.Values("Content-Security-Policy")
	if res.StatusCode != http.StatusOK || len(csp) != 1 || !strings.Contains(csp[0], "style-src 'sha256-") {
		t.Errorf("status %d, CSP %q; want 200 and our one policy", res.StatusCode, csp)
	}
	if res.Header.Get("X-Request-ID") == "" || res.Header.Get("X-Frame-Options") != "DENY" {
		t.Error("the server's headers are missing")
	}

	broken := newEnvOn(t, closedStore(t), Config{})
	srv2, err := server.New(server.Config{}, e.store, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv2.Handle("/", broken.web.Handler())
	broken.srv = httptest.NewServer(srv2.Handler())
	t.Cleanup(broken.srv.Close)
	res = broken.get(t, "/q/CQ0P9EG61JF0PT8HHT", "X-Request-ID: req-42")
	if res.StatusCode != http.StatusInternalServerError || !strings.Contains(text(parseHTML(t, res.body)), "请求编号：req-42") {
		t.Errorf("500 behind the server: status %d, body:\n%s", res.StatusCode, res.body)
	}
}
