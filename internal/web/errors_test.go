package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// wantNotFoundPage checks a 404 page: Chinese, what it means and what to do.
func wantNotFoundPage(t *testing.T, res result) {
	t.Helper()
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("status = %d, want 404; body:\n%.300s", res.StatusCode, res.body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if got := res.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", got)
	}
	page := text(parseHTML(t, res.body))
	for _, want := range []string{
		"未查询到该气瓶的追溯信息：该二维码可能不是本系统签发，或该气瓶尚未在重庆市气瓶质量安全追溯系统登记",
		"请勿使用来源不明的气瓶；如有疑问请联系所在区县市场监督管理局，或拨打 12315 投诉举报",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("404 page lacks %q; text:\n%s", want, page)
		}
	}
	if strings.Contains(string(res.body), "<script") {
		t.Error("404 page has a script")
	}
}

// wantEnvelope checks a JSON envelope's code and returns its data.
func wantEnvelope(t *testing.T, res result, code string) json.RawMessage {
	t.Helper()
	var env struct {
		Code    string          `json:"code"`
		Message string          `json:"message"`
		Data    json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(res.body, &env); err != nil {
		t.Fatalf("envelope: %v in %s", err, res.body)
	}
	if env.Code != code || res.Status[:3] != code || env.Message == "" {
		t.Errorf("envelope code %q message %q, HTTP %s; want %s", env.Code, env.Message, res.Status, code)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	return env.Data
}

// TestMalformedCodes serves a Web on a closed store: a query would fail
// with a 500, so a 404 proves the code was refused before any query.
func TestMalformedCodes(t *testing.T) {
	e := newEnvOn(t, closedStore(t), Config{})
	valid := "CQ0P9EG61JF0PT8HHT"
	for _, code := range []string{
		"../etc", strings.Repeat("A", 5000), strings.ToLower(valid), "CQ0P9EG61JF0PT8HHI",
		valid[:17], valid + "0", "CY0P9EG61JF0PT8HHT", "CQ0P9EG61JF0PT8HH\u00e9", "<script>alert(1)</script>",
	} {
		name := code
		if len(name) > 40 {
			name = name[:40] + "…"
		}
		t.Run(name, func(t *testing.T) {
			res := e.get(t, "/q/"+url.PathEscape(code))
			wantNotFoundPage(t, res)
			if strings.Contains(string(res.body), "<script>alert") {
				t.Error("code echoed unescaped")
			}
			wantEnvelope(t, e.get(t, "/q/"+url.PathEscape(code)+".json"), "404")
		})
	}
	for _, path := range []string{"/q/", "/q/a/b", "/q/" + valid + "/x"} {
		wantNotFoundPage(t, e.get(t, path))
	}
	if strings.Contains(e.logs.String(), "level=ERROR") {
		t.Errorf("errors logged, so the store was queried:\n%s", e.logs)
	}
}

func TestUnknownCode(t *testing.T) {
	e := newEnv(t, Config{})
	mustCylinder(t, e.store)
	wantNotFoundPage(t, e.get(t, "/q/CQ0P9EG61JF0PT8HHT"))
	data := wantEnvelope(t, e.get(t, "/q/CQ0P9EG61JF0PT8HHT.json"), "404")
	if string(data) != "{}" {
		t.Errorf("404 data = %s, want {}", data)
	}
}

func TestInternalError(t *testing.T) {
	e := newEnvOn(t, closedStore(t), Config{})
	res := e.get(t, "/q/CQ0P9EG61JF0PT8HHT", "X-Request-ID: abc")
	if res.StatusCode != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500", res.StatusCode)
	}
	page := text(parseHTML(t, res.body))
	if !strings.Contains(page, "系统内部错误，请稍后重试") {
		t.Errorf("500 page text:\n%s", page)
	}
	for _, leak := range []string{"sql", "closed", "database", "goroutine", ".go:"} {
		if strings.Contains(strings.ToLower(string(res.body)), leak) {
			t.Errorf("500 page leaks %q", leak)
		}
	}
	if !strings.Contains(e.logs.String(), "level=ERROR") || !strings.Contains(e.logs.String(), "closed") {
		t.Errorf("the error was not logged:\n%s", e.logs)
	}
	wantEnvelope(t, e.get(t, "/q/CQ0P9EG61JF0PT8HHT.json"), "500")
}
