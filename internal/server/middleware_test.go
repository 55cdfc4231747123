package server_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"cyltrace/internal/server"
)

func TestPanicBecomes500(t *testing.T) {
	tests := []struct {
		name            string
		path            string
		wantContentType string
		wantBody        string // exact for the API, a substring otherwise
	}{
		{"api", "/api/v1/boom", "application/json; charset=utf-8", `{"code":"500","message":"系统内部错误，请稍后重试","data":{}}`},
		{"web", "/console/boom", "text/plain; charset=utf-8", "系统内部错误，请稍后重试"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logger, logs := bufferLogger()
			s := mustNew(t, server.Config{}, pinger{}, logger)
			s.Handle("GET "+tt.path, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Set-Cookie", "half=done")
				panic("secret-panic-value")
			}))
			ts := httptest.NewServer(s.Handler())
			defer ts.Close()

			req, _ := http.NewRequest("GET", ts.URL+tt.path, nil)
			req.Header.Set("X-Request-ID", "req-boom-1")
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			body := string(b)

			if got, want := resp.StatusCode, 500; got != want {
				t.Errorf("status = %d, want %d", got, want)
			}
			if got := resp.Header.Get("Content-Type"); got != tt.wantContentType {
				t.Errorf("Content-Type = %q, want %q", got, tt.wantContentType)
			}
			if tt.name == "api" && strings.TrimSpace(body) != tt.wantBody {
				t.Errorf("body = %s, want %s", body, tt.wantBody)
			}
			if !strings.Contains(body, tt.wantBody) {
				t.Errorf("body = %q, want it to contain %q", body, tt.wantBody)
			}
			for _, leak := range []string{"secret-panic-value", "goroutine", ".go:", "panic"} {
				if strings.Contains(body, leak) {
					t.Errorf("body leaks %q: %s", leak, body)
				}
			}
			if got := resp.Header.Get("Set-Cookie"); got != "" {
				t.Errorf("Set-Cookie = %q, want the failed handler's headers dropped", got)
			}
			if got, want := resp.Header.Get("X-Request-ID"), "req-boom-1"; got != want {
				t.Errorf("X-Request-ID = %q, want %q", got, want)
			}
			if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
			}
			log := logs.String()
			for _, want := range []string{"secret-panic-value", "goroutine", "req-boom-1", `"stack"`} {
				if !strings.Contains(log, want) {
					t.Errorf("log lacks %q:\n%s", want, log)
				}
			}
		})
	}
}

func TestPanicAfterWriteAbortsResponse(t *testing.T) {
	s := mustNew(t, server.Config{}, pinger{}, testLogger(t))
	s.Handle("GET /half", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "first part")
		w.(http.Flusher).Flush()
		panic("after the headers")
	}))
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()

	resp, err := ts.Client().Get(ts.URL + "/half")
	if err != nil {
		return // aborted before the headers arrived: also not a whole response
	}
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if err == nil {
		t.Errorf("reading a response whose handler panicked midway succeeded; want the connection cut")
	}
}

func TestRequestID(t *testing.T) {
	generated := regexp.MustCompile(`^[0-9a-f]{32}$`)
	tests := []struct {
		name     string
		incoming string
		wantEcho bool
	}{
		{"none", "", false},
		{"uuid", "3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60", true},
		{"underscore", "unit_42-call_7", true},
		{"64 chars", strings.Repeat("a", 64), true},
		{"65 chars", strings.Repeat("a", 65), false},
		{"space", "a b", false},
		{"markup", "<script>", false},
		{"newline escape", "a%0Ab", false},
		{"non-ASCII", "请求1", false},
	}
	s := mustNew(t, server.Config{}, pinger{}, testLogger(t))
	s.Handle("GET /id", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, server.RequestID(r.Context()))
	}))
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", ts.URL+"/id", nil)
			if tt.incoming != "" {
				req.Header.Set("X-Request-ID", tt.incoming)
			}
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			got := resp.Header.Get("X-Request-ID")
			if tt.wantEcho && got != tt.incoming {
				t.Errorf("X-Request-ID = %q, want the incoming %q", got, tt.incoming)
			}
			if !tt.wantEcho && !generated.MatchString(got) {
				t.Errorf("X-Request-ID = %q, want 32 generated hex digits", got)
			}
			if string(b) != got {
				t.Errorf("RequestID(ctx) = %q, want the header %q", b, got)
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	const web = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
	const api = "default-src 'none'; frame-ancestors 'none'"
	const custom = "default-src 'self'; img-src 'self' data:"
	tests := []struct {
		name     string
		cfg      server.Config
		path     string
		wantCSP  string
		wantHSTS bool
	}{
		{"web page", server.Config{}, "/page", web, false},
		{"api", server.Config{}, "/api/v1/rules/current", api, false},
		{"route override", server.Config{}, "/custom", custom, false},
		{"not found", server.Config{}, "/nowhere", web, false},
		{"behind TLS proxy", server.Config{BehindTLSProxy: true}, "/page", web, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustNew(t, tt.cfg, pinger{}, testLogger(t))
			ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
			s.Handle("GET /page", ok)
			s.Handle("POST /api/v1/rules/current", ok)
			s.Handle("GET /api/v1/rules/current", ok)
			s.Handle("GET /custom", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Security-Policy", custom)
			}))
			ts := httptest.NewServer(s.Handler())
			defer ts.Close()

			resp, err := ts.Client().Get(ts.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			for header, want := range map[string]string{
				"X-Content-Type-Options":  "nosniff",
				"Referrer-Policy":         "same-origin",
				"X-Frame-Options":         "DENY",
				"Content-Security-Policy": tt.wantCSP,
			} {
				if got := resp.Header.Get(header); got != want {
					t.Errorf("%s = %q, want %q", header, got, want)
				}
			}
			if got := resp.Header.Get("Strict-Transport-Security"); (got != "") != tt.wantHSTS {
				t.Errorf("Strict-Transport-Security = %q, want present: %v", got, tt.wantHSTS)
			}
		})
	}
}

func TestBodyLimit(t *testing.T) {
	const limit = 16
	tests := []struct {
		name       string
		size       int
		wantStatus int
	}{
		{"at the limit", limit, http.StatusOK},
		{"one byte over", limit + 1, http.StatusRequestEntityTooLarge},
		{"far over", 1 << 20, http.StatusRequestEntityTooLarge},
	}
	s := mustNew(t, server.Config{MaxBodyBytes: limit}, pinger{}, testLogger(t))
	s.Handle("POST /api/v1/upload", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			fmt.Fprintf(w, "limit %d", tooLarge.Limit)
		case err != nil:
			http.Error(w, err.Error(), http.StatusBadRequest)
		default:
			fmt.Fprintf(w, "read %d", len(b))
		}
	}))
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := ts.Client().Post(ts.URL+"/api/v1/upload", "application/octet-stream", strings.NewReader(strings.Repeat("x", tt.size)))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d (body %q)", resp.StatusCode, tt.wantStatus, b)
			}
			if tt.wantStatus == http.StatusRequestEntityTooLarge && string(b) != fmt.Sprintf("limit %d", limit) {
				t.Errorf("body = %q, want the handler to report *http.MaxBytesError with limit %d", b, limit)
			}
		})
	}
}

func TestAccessLog(t *testing.T) {
	logger, logs := bufferLogger()
	s := mustNew(t, server.Config{}, pinger{}, logger)
	s.Handle("GET /page", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
		io.WriteString(w, "12345")
	}))
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()

	req, _ := http.NewRequest("GET", ts.URL+"/page?token=s3cret-token", nil)
	req.Header.Set("X-Request-ID", "log-1")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	var rec map[string]any
	sc := bufio.NewScanner(strings.NewReader(logs.String()))
	for sc.Scan() {
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) == nil && m["msg"] == "request" {
			rec = m
		}
	}
	if rec == nil {
		t.Fatalf("no access log record; log:\n%s", logs)
	}
	for key, want := range map[string]any{
		"method":     "GET",
		"path":       "/page",
		"status":     float64(http.StatusTeapot),
		"bytes":      float64(5),
		"request_id": "log-1",
	} {
		if got := rec[key]; got != want {
			t.Errorf("log %s = %v, want %v", key, got, want)
		}
	}
	for _, key := range []string{"duration", "remote"} {
		if _, ok := rec[key]; !ok {
			t.Errorf("log lacks %s: %v", key, rec)
		}
	}
	if strings.Contains(logs.String(), "s3cret-token") {
		t.Errorf("log contains the query string:\n%s", logs)
	}
}
