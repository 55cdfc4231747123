package server_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"cyltrace/internal/server"
)

func TestHealthz(t *testing.T) {
	const secret = "dial tcp 10.0.0.5:5432: password authentication failed for user cyltrace"
	tests := []struct {
		name       string
		db         pinger
		wantStatus int
		wantBody   string
	}{
		{"database up", pinger{}, 200, `{"code":"200","message":"ok","data":{"database":"ok"}}`},
		{"database down", pinger{err: errors.New(secret)}, 503, `{"code":"503","message":"数据库不可用","data":{"database":"unavailable"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logger, logs := bufferLogger()
			ts := httptest.NewServer(mustNew(t, server.Config{}, tt.db, logger).Handler())
			defer ts.Close()

			resp, err := ts.Client().Get(ts.URL + "/healthz")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()

			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if got := strings.TrimSpace(string(body)); got != tt.wantBody {
				t.Errorf("body = %s, want %s", got, tt.wantBody)
			}
			for header, want := range map[string]string{
				"Content-Type":  "application/json; charset=utf-8",
				"Cache-Control": "no-store",
			} {
				if got := resp.Header.Get(header); got != want {
					t.Errorf("%s = %q, want %q", header, got, want)
				}
			}
			if strings.Contains(string(body), "password") || strings.Contains(string(body), "10.0.0.5") {
				t.Errorf("body leaks the ping error: %s", body)
			}
			if tt.db.err != nil && !strings.Contains(logs.String(), secret) {
				t.Errorf("ping error not logged; log:\n%s", logs)
			}
		})
	}
}

func TestHealthzOnlyGET(t *testing.T) {
	ts := httptest.NewServer(mustNew(t, server.Config{}, pinger{}, testLogger(t)).Handler())
	defer ts.Close()
	resp, err := ts.Client().Post(ts.URL+"/healthz", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got, want := resp.StatusCode, http.StatusMethodNotAllowed; got != want {
		t.Errorf("POST /healthz status = %d, want %d", got, want)
	}
}
