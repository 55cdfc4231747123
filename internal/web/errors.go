package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"cyltrace"
	"cyltrace/internal/ratelimit"
)

// errorPage is the page of a 404, 429 or 500: what happened and what to do,
// never a detail of the failure.
type errorPage struct {
	layout
	Status    int
	Heading   string
	Message   string
	Advice    string
	Call      bool   // show the button that calls 12315
	RequestID string // for a 500, to quote when calling
}

// The texts of the 404, shared by the page and the JSON envelope.
const (
	notFoundHeading = "查询结果"
	notFoundMessage = "未查询到该气瓶的追溯信息：该二维码可能不是本系统签发，或该气瓶尚未在重庆市气瓶质量安全追溯系统登记。"
	notFoundAdvice  = "请勿使用来源不明的气瓶；如有疑问请联系所在区县市场监督管理局，或拨打 12315 投诉举报。"
	internalMessage = "系统内部错误，请稍后重试"
)

// notFound answers an unknown or malformed code.
func (w *Web) notFound(rw http.ResponseWriter, r *http.Request, asJSON bool) {
	if asJSON {
		w.sendJSON(rw, r, http.StatusNotFound, notFoundMessage, nil, false)
		return
	}
	w.render(rw, r, http.StatusNotFound, pageError, errorPage{
		layout: w.layout("未查询到气瓶信息"), Status: http.StatusNotFound,
		Heading: notFoundHeading, Message: notFoundMessage, Advice: notFoundAdvice, Call: true,
	}, false)
}

// fail answers a store error: ENOTFOUND is the 404, anything else is logged
// and answered with the 500, which says nothing of the cause.
func (w *Web) fail(rw http.ResponseWriter, r *http.Request, asJSON bool, err error) {
	if cyltrace.ErrorCode(err) == cyltrace.ENOTFOUND {
		w.notFound(rw, r, asJSON)
		return
	}
	id := rw.Header().Get("X-Request-ID") // set by the server's middleware
	w.logger.Error("web: public page", "path", r.URL.Path, "request_id", id, "err", err)
	if asJSON {
		w.sendJSON(rw, r, http.StatusInternalServerError, internalMessage, nil, false)
		return
	}
	w.render(rw, r, http.StatusInternalServerError, pageError, errorPage{
		layout: w.layout("系统繁忙"), Status: http.StatusInternalServerError,
		Heading: "系统暂时无法查询", Message: internalMessage + "。",
		Advice:    "如问题持续出现，请联系所在区县市场监督管理局，或拨打 12315。",
		RequestID: id,
	}, false)
}

// tooMany answers a client over the rate limit, with Retry-After.
func (w *Web) tooMany(rw http.ResponseWriter, r *http.Request, wait time.Duration) {
	secs := ratelimit.RetryAfterSeconds(wait)
	rw.Header().Set("Retry-After", fmt.Sprint(secs))
	msg := fmt.Sprintf("查询过于频繁，请 %d 秒后再试", secs)
	if strings.HasSuffix(r.URL.Path, ".json") {
		w.sendJSON(rw, r, http.StatusTooManyRequests, msg, nil, false)
		return
	}
	w.render(rw, r, http.StatusTooManyRequests, pageError, errorPage{
		layout: w.layout("查询过于频繁"), Status: http.StatusTooManyRequests,
		Heading: "查询过于频繁", Message: "您所在网络的查询次数过多，为保障系统正常运行，请稍候再试。",
		Advice: msg + "。",
	}, false)
}

// plainInternalError is the last resort when a page cannot be rendered.
func plainInternalError(rw http.ResponseWriter) {
	h := rw.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	rw.WriteHeader(http.StatusInternalServerError)
	fmt.Fprintln(rw, internalMessage)
}
