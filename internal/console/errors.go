package console

import (
	"net/http"
)

const (
	msgStaleForm = "表单已失效，请刷新后重试"
	msgForbidden = "您没有权限访问此页面或执行此操作"
	maxForm      = 64 << 10
)

// errorPage is the 403, 404 and 500 page.
type errorPage struct {
	base
	Heading string
	Message string
}

func (c *Console) errorPage(w http.ResponseWriter, r *http.Request, status int, heading, msg string) {
	b := c.page(w, r, heading, "")
	c.render(w, r, status, "error", errorPage{base: b, Heading: heading, Message: msg})
}

// forbidden answers 403 with msg.
func (c *Console) forbidden(w http.ResponseWriter, r *http.Request, msg string) {
	c.errorPage(w, r, http.StatusForbidden, "禁止访问", msg)
}

func (c *Console) notFound(w http.ResponseWriter, r *http.Request) {
	c.errorPage(w, r, http.StatusNotFound, "页面不存在", "您访问的页面不存在。")
}

// serverError logs err once and shows a safe message.
func (c *Console) serverError(w http.ResponseWriter, r *http.Request, err error) {
	c.log.ErrorContext(r.Context(), "console: request failed", "path", r.URL.Path, "err", err)
	c.errorPage(w, r, http.StatusInternalServerError, "系统错误", "系统暂时无法处理您的请求，请稍后重试。")
}
