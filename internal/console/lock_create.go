package console

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"cyltrace"
)

// lockCreate locks the cylinder of the form's code with a reason.
func (c *Console) lockCreate(w http.ResponseWriter, r *http.Request) {
	u := sessionOf(r).User
	if !canLock(u) {
		c.forbidden(w, r, msgForbidden)
		return
	}
	code := strings.TrimSpace(r.PostFormValue("code"))
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	back := "/console/locks?code=" + url.QueryEscape(code)
	cyl, _, err := c.findCylinder(r, code)
	switch {
	case code == "" || cyltrace.ErrorCode(err) == cyltrace.ENOTFOUND:
		c.setFlash(w, true, "未找到该气瓶的电子档案")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	case err != nil:
		c.serverError(w, r, err)
		return
	case !inScope(u, cyl):
		c.forbidden(w, r, "该气瓶不属于您所在区域，无权锁定")
		return
	case reason == "" || utf8.RuneCountInString(reason) > 100:
		c.setFlash(w, true, "锁定原因不能为空，且不超过100个字")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	id, err := c.store.LockCylinder(r.Context(), cyl.ID, reason, "user:"+u.Username)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	c.setFlash(w, false, fmt.Sprintf("气瓶 %s 已锁定（锁定编号 %d）", cyl.ID, id))
	http.Redirect(w, r, back, http.StatusSeeOther)
}
