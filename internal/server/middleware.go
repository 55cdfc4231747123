package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
)

// HeaderRequestID carries the request id in both directions.
const HeaderRequestID = "X-Request-ID"

// internalErrorMessage is what a client sees for any failure we did not
// foresee; the same text as cyltrace.ErrorMessage's generic message.
const internalErrorMessage = "系统内部错误，请稍后重试"

// Content-Security-Policy defaults. Pages load only our own resources and are
// never framed; API responses are data and need nothing at all.
const (
	cspWeb = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
	cspAPI = "default-src 'none'; frame-ancestors 'none'"
	hsts   = "max-age=31536000"
)

// requestIDKey is the context key of the request id.
type requestIDKey struct{}

// RequestID returns the id of the request ctx belongs to, or "" outside a
// request served by a Server.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// middleware wraps h in the shared middleware; the last wrap is outermost.
func (s *Server) middleware(h http.Handler) http.Handler {
	h = s.limitBody(h)
	h = s.securityHeaders(h)
	h = s.accessLog(h)
	h = requestID(h)
	return s.recoverPanics(h)
}

func isAPI(path string) bool {
	return path == "/api" || strings.HasPrefix(path, "/api/")
}

// recoverPanics turns a panic into a 500 so that one bad request neither
// kills the connection silently nor shows the client a stack trace.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &responseRecorder{ResponseWriter: w}
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if err, ok := p.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(p) // net/http's own way to abort a response; it logs nothing
			}
			s.logger.LogAttrs(r.Context(), slog.LevelError, "panic serving request",
				slog.String("panic", fmt.Sprint(p)),
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.String("request_id", w.Header().Get(HeaderRequestID)),
				slog.String("stack", string(debug.Stack())))
			if rec.status != 0 {
				// Too late for a 500: cut the connection so the client cannot
				// take the half-written response for a whole one.
				panic(http.ErrAbortHandler)
			}
			s.writeInternalError(w, r)
		}()
		next.ServeHTTP(rec, r)
	})
}

// writeInternalError drops whatever headers the failed handler set, except
// the request id, and writes the 500 in the form the surface expects.
func (s *Server) writeInternalError(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	id := h.Get(HeaderRequestID)
	clear(h)
	if id != "" {
		h.Set(HeaderRequestID, id)
	}
	s.setSecurityHeaders(h, r.URL.Path)
	if isAPI(r.URL.Path) {
		writeEnvelope(w, http.StatusInternalServerError, internalErrorMessage, struct{}{})
		return
	}
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusInternalServerError)
	fmt.Fprintf(w, "%s。\n如问题持续出现，请联系系统管理员，并提供请求编号：%s\n", internalErrorMessage, id)
}

// requestID gives every request an id for correlating logs with what a
// client reports, keeping a sane one the client sent.
func requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(HeaderRequestID)
		if !validRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set(HeaderRequestID, id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// validRequestID accepts 1–64 of [A-Za-z0-9_-]: enough for UUIDs and our own
// ids, and nothing that could forge a log line or a header.
func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails since Go 1.24
	return hex.EncodeToString(b[:])
}

// accessLog writes one record per request. It logs the path only: query
// strings sometimes carry tokens.
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.cfg.Now()
		rec := &responseRecorder{ResponseWriter: w}
		completed := false
		defer func() {
			status := rec.status
			if status == 0 {
				status = http.StatusOK
				if !completed {
					status = http.StatusInternalServerError // the recoverer answers
				}
			}
			attrs := []slog.Attr{
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", status),
				slog.Int64("bytes", rec.bytes),
				slog.Duration("duration", s.cfg.Now().Sub(start)),
				slog.String("remote", r.RemoteAddr),
				slog.String("request_id", RequestID(r.Context())),
			}
			if xff := r.Header.Get("X-Forwarded-For"); s.cfg.BehindTLSProxy && xff != "" {
				attrs = append(attrs, slog.String("forwarded_for", truncate(xff, 256)))
			}
			if !completed {
				attrs = append(attrs, slog.Bool("panicked", true))
			}
			level := slog.LevelInfo
			if r.URL.Path == "/healthz" && status == http.StatusOK {
				level = slog.LevelDebug // load balancers poll it every few seconds
			}
			s.logger.LogAttrs(r.Context(), level, "request", attrs...)
		}()
		next.ServeHTTP(rec, r)
		completed = true
	})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// securityHeaders sets the defaults before the handler runs, so a route can
// still replace them (a page that needs another CSP sets its own).
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.setSecurityHeaders(w.Header(), r.URL.Path)
		next.ServeHTTP(w, r)
	})
}

func (s *Server) setSecurityHeaders(h http.Header, path string) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	if isAPI(path) {
		h.Set("Content-Security-Policy", cspAPI)
	} else {
		h.Set("Content-Security-Policy", cspWeb)
	}
	if s.Secure() {
		h.Set("Strict-Transport-Security", hsts)
	}
}

// limitBody caps every request body at MaxBodyBytes; a handler reading past
// it gets *http.MaxBytesError. Routes that accept less wrap the body again
// with http.MaxBytesReader.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil {
			next.ServeHTTP(w, r)
			return
		}
		r2 := *r
		// The innermost writer is given so that net/http learns of the
		// overrun and closes the connection instead of draining the rest.
		r2.Body = http.MaxBytesReader(unwrap(w), r.Body, s.cfg.MaxBodyBytes)
		next.ServeHTTP(w, &r2)
	})
}

// unwrap returns the writer net/http created, below our wrappers.
func unwrap(w http.ResponseWriter) http.ResponseWriter {
	for {
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return w
		}
		w = u.Unwrap()
	}
}

// responseRecorder remembers the status and size of a response, for the
// access log and for the recoverer to know whether a 500 can still be sent.
type responseRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *responseRecorder) WriteHeader(code int) {
	if r.status == 0 && code >= 200 { // 1xx are interim, the real status follows
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *responseRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Flush keeps streaming responses working through the wrapper.
func (r *responseRecorder) Flush() {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	http.NewResponseController(r.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *responseRecorder) Unwrap() http.ResponseWriter {
	return r.ResponseWriter
}
