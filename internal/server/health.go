package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"time"
)

// healthPingTimeout bounds the database ping: a load balancer polling
// /healthz needs a quick answer, and a database that takes longer than this is
// not usable for requests either.
const healthPingTimeout = 2 * time.Second

// envelope is the response shape of SPEC.md §4. The API package has its own;
// this one serves only /healthz and the panic response.
type envelope struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Data    any    `json:"data"`
}

type healthData struct {
	Database string `json:"database"`
}

// healthz answers whether the server can serve: 200 when the database
// answers a ping, 503 otherwise. The reason is logged, never sent.
func (s *Server) healthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), healthPingTimeout)
		defer cancel()
		if err := s.db.Ping(ctx); err != nil {
			s.logger.LogAttrs(r.Context(), slog.LevelWarn, "health check: database unavailable",
				slog.String("err", err.Error()), slog.String("request_id", RequestID(r.Context())))
			writeEnvelope(w, http.StatusServiceUnavailable, "数据库不可用", healthData{Database: "unavailable"})
			return
		}
		writeEnvelope(w, http.StatusOK, "ok", healthData{Database: "ok"})
	})
}

// writeEnvelope writes the envelope with code equal to the HTTP status.
func writeEnvelope(w http.ResponseWriter, status int, message string, data any) {
	b, err := json.Marshal(envelope{Code: strconv.Itoa(status), Message: message, Data: data})
	if err != nil {
		// Only the fixed data types of this package reach here; they marshal.
		http.Error(w, "系统内部错误，请稍后重试", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b)
}
