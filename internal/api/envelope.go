package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"cyltrace"
)

// envelope is every response of the API (SPEC.md §4).
type envelope struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Data    any    `json:"data"`
}

// empty is the data of a response that has nothing more to say.
type empty struct{}

// fieldsData is the data of a 400 that lists the bad fields.
type fieldsData struct {
	Fields []cyltrace.FieldError `json:"fields"`
}

// write sends an envelope with HTTP status = code.
func write(w http.ResponseWriter, status int, message string, data any) {
	if data == nil {
		data = empty{}
	}
	b, err := json.Marshal(envelope{Code: strconv.Itoa(status), Message: message, Data: data})
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"code":"500","message":"系统内部错误，请稍后重试","data":{}}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b)
}

// ok sends a 200 envelope.
func ok(w http.ResponseWriter, data any) { write(w, http.StatusOK, "ok", data) }

// statusOf maps a domain error code to the API's code: the one place where
// the two meet.
func statusOf(code string) int {
	switch code {
	case cyltrace.EINVALID:
		return http.StatusBadRequest
	case cyltrace.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case cyltrace.EFORBIDDEN:
		return http.StatusForbidden
	case cyltrace.ENOTFOUND:
		return http.StatusNotFound
	case cyltrace.ECONFLICT:
		return http.StatusConflict
	case cyltrace.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case cyltrace.EMEDIATYPE:
		return http.StatusUnsupportedMediaType
	case cyltrace.EREFUSED:
		return http.StatusUnprocessableEntity
	case cyltrace.ERATELIMIT:
		return http.StatusTooManyRequests
	case cyltrace.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// fail sends err as an envelope. A domain error shows its own message (and
// fields); anything else is logged and shown as a bare internal error.
func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	var e *cyltrace.Error
	if !errors.As(err, &e) {
		a.logger.Error("api error", "path", r.URL.Path, "err", err)
		write(w, http.StatusInternalServerError, cyltrace.ErrorMessage(err), nil)
		return
	}
	status := statusOf(e.Code)
	if status == http.StatusInternalServerError {
		a.logger.Error("api error", "path", r.URL.Path, "err", err)
	}
	var data any
	if len(e.Fields) > 0 {
		data = fieldsData{Fields: e.Fields}
	}
	write(w, status, e.Message, data)
}
