package console

import (
	"fmt"
	"net/http"

	"cyltrace"
	"cyltrace/internal/auth"
)

// clientDisable disables an API client; its tokens stop working at once.
func (c *Console) clientDisable(w http.ResponseWriter, r *http.Request) {
	if !sessionOf(r).User.HasRole(cyltrace.CityAdmin) {
		c.forbidden(w, r, msgForbidden)
		return
	}
	appKey := r.PathValue("appKey")
	var err error
	if !auth.ValidAppKey(appKey) {
		err = cyltrace.Errorf(cyltrace.ENOTFOUND, "接口账号不存在")
	} else {
		err = c.store.DisableClient(r.Context(), appKey)
	}
	switch cyltrace.ErrorCode(err) {
	case "":
		c.setFlash(w, false, fmt.Sprintf("接口账号 %s 已停用，其访问令牌即刻失效", appKey))
	case cyltrace.ENOTFOUND:
		c.setFlash(w, true, cyltrace.ErrorMessage(err))
	default:
		c.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/console/clients", http.StatusSeeOther)
}
