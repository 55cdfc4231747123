package console

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"cyltrace"
)

// lockRelease lifts one lock of a cylinder with a note.
func (c *Console) lockRelease(w http.ResponseWriter, r *http.Request) {
	u := sessionOf(r).User
	if !canLock(u) {
		c.forbidden(w, r, msgForbidden)
		return
	}
	cylID := strings.TrimSpace(r.PostFormValue("cylinder"))
	note := strings.TrimSpace(r.PostFormValue("note"))
	back := "/console/locks?code=" + url.QueryEscape(cylID)
	lockID, perr := strconv.ParseInt(r.PostFormValue("lock"), 10, 64)
	cyl, _, err := c.store.CylinderForCheck(r.Context(), "id", cylID)
	switch {
	case cylID == "" || cyltrace.ErrorCode(err) == cyltrace.ENOTFOUND:
		c.setFlash(w, true, "未找到该气瓶的电子档案")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	case err != nil:
		c.serverError(w, r, err)
		return
	case !inScope(u, cyl):
		c.forbidden(w, r, "该气瓶不属于您所在区域，无权解锁")
		return
	case perr != nil || note == "" || utf8.RuneCountInString(note) > 100:
		c.setFlash(w, true, "请填写解锁说明（不超过100个字）")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	err = c.store.UnlockCylinder(r.Context(), cyl.ID, lockID, "user:"+u.Username, note)
	switch {
	case cyltrace.ErrorCode(err) == cyltrace.ENOTFOUND:
		c.setFlash(w, true, cyltrace.ErrorMessage(err))
	case err != nil:
		c.serverError(w, r, err)
		return
	default:
		c.setFlash(w, false, fmt.Sprintf("气瓶 %s 的锁定 %d 已解除", cyl.ID, lockID))
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
