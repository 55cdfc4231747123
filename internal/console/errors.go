package console

import (
	"errors"
	"fmt"
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

// uploadRefused answers a multipart body that is too large or unreadable.
func (c *Console) uploadRefused(w http.ResponseWriter, r *http.Request, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		c.errorPage(w, r, http.StatusRequestEntityTooLarge, "文件过大",
			fmt.Sprintf("上传的内容超过 %d MB 的上限，请拆分后分批上传。", tooBig.Limit>>20))
		return
	}
	c.errorPage(w, r, http.StatusBadRequest, "上传失败", "上传的内容无法读取，请重新选择文件上传。")
}
