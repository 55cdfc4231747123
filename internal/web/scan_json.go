package web

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// cspJSON is the Content-Security-Policy of JSON: data, nothing to load.
const cspJSON = "default-src 'none'; frame-ancestors 'none'"

// envelope is the API's response shape (SPEC.md §4), which the public JSON
// shares: code is the HTTP status as a string.
type envelope struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Data    any    `json:"data"`
}

// sendJSON writes data in the envelope; a cacheable one (a cylinder's
// public data) gets the ETag, caching and gzip rules of the page.
func (w *Web) sendJSON(rw http.ResponseWriter, r *http.Request, status int, message string, data any, cacheable bool) {
	if data == nil {
		data = struct{}{}
	}
	b, err := json.Marshal(envelope{Code: strconv.Itoa(status), Message: message, Data: data})
	if err != nil {
		w.logger.Error("web: encode json", "path", r.URL.Path, "err", err)
		status, cacheable = http.StatusInternalServerError, false
		b = []byte(`{"code":"500","message":"系统内部错误，请稍后重试","data":{}}`)
	}
	w.send(rw, r, response{status: status, contentType: "application/json; charset=utf-8", csp: cspJSON,
		body: b, cacheable: cacheable})
}
