package console

import (
	"fmt"
	"net/http"
)

// userDisable disables an account and ends its sessions.
func (c *Console) userDisable(w http.ResponseWriter, r *http.Request) {
	target, ok := c.otherUser(w, r, "不能停用自己的账号")
	if !ok {
		return
	}
	if err := c.store.DisableUser(r.Context(), target.ID); err != nil {
		c.serverError(w, r, err)
		return
	}
	c.setFlash(w, false, fmt.Sprintf("用户 %s 已停用", target.Username))
	http.Redirect(w, r, "/console/users", http.StatusSeeOther)
}
