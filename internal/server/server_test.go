package server_test

import (
	"errors"
	"io"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"

	"cyltrace/internal/server"
)

func TestRunGracefulShutdown(t *testing.T) {
	s := mustNew(t, server.Config{Addr: "127.0.0.1:0", ShutdownTimeout: 5 * time.Second}, pinger{}, testLogger(t))
	started := make(chan struct{})
	s.Handle("GET /slow", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(500 * time.Millisecond)
		io.WriteString(w, "done")
	}))
	addr, stop, done := startRun(t, s)

	type result struct {
		status int
		body   string
		err    error
	}
	results := make(chan result, 1)
	go func() {
		resp, err := (&http.Client{Timeout: 5 * time.Second}).Get("http://" + addr + "/slow")
		if err != nil {
			results <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		results <- result{resp.StatusCode, string(b), err}
	}()

	select {
	case <-started:
	case <-time.After(5 * time.Second):
		t.Fatal("the slow request never reached its handler")
	}
	stop()

	select {
	case r := <-results:
		if r.err != nil {
			t.Fatalf("in-flight request failed during shutdown: %v", r.err)
		}
		if r.status != http.StatusOK || r.body != "done" {
			t.Errorf("in-flight request = %d %q, want 200 %q", r.status, r.body, "done")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("in-flight request did not complete")
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v, want nil after a clean shutdown", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after shutdown")
	}

	conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err == nil {
		conn.Close()
		t.Fatal("a new connection after shutdown was accepted")
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("dial after shutdown = %v, want connection refused", err)
	}
}

func TestRunShutdownTimeout(t *testing.T) {
	s := mustNew(t, server.Config{Addr: "127.0.0.1:0", ShutdownTimeout: 100 * time.Millisecond}, pinger{}, testLogger(t))
	started := make(chan struct{})
	s.Handle("GET /stuck", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		select {
		case <-r.Context().Done(): // the server gave up on us
		case <-time.After(10 * time.Second):
		}
	}))
	addr, stop, done := startRun(t, s)
	go func() {
		resp, err := (&http.Client{Timeout: 10 * time.Second}).Get("http://" + addr + "/stuck")
		if err == nil {
			resp.Body.Close()
		}
	}()
	<-started
	stop()
	select {
	case err := <-done:
		if err == nil {
			t.Error("Run = nil, want an error when in-flight requests outlast ShutdownTimeout")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not give up after ShutdownTimeout")
	}
}

func TestRunListenError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	s := mustNew(t, server.Config{Addr: ln.Addr().String()}, pinger{}, testLogger(t))
	if err := s.Run(t.Context(), nil); err == nil {
		t.Errorf("Run on a taken port = nil, want an error")
	}
}
