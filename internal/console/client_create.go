package console

import (
	"fmt"
	"net/http"
	"strings"

	"cyltrace"
	"cyltrace/internal/auth"
)

// clientCreate issues an API client for a unit of the role's kind and shows
// its secret once; only the secret's hash is stored.
func (c *Console) clientCreate(w http.ResponseWriter, r *http.Request) {
	if !sessionOf(r).User.HasRole(cyltrace.CityAdmin) {
		c.forbidden(w, r, msgForbidden)
		return
	}
	unitCode := strings.TrimSpace(r.PostFormValue("unitCode"))
	role := cyltrace.Role(r.PostFormValue("role"))
	errs := map[string]string{}
	if unitCode == "" {
		errs["unitCode"] = "请填写单位代码（统一社会信用代码或组织机构代码）"
	}
	if !cyltrace.ValidRole(role) {
		errs["role"] = "请选择接口角色"
	}
	var unit *cyltrace.Unit
	if len(errs) == 0 {
		var err error
		unit, err = c.store.UnitByCode(r.Context(), unitCode)
		switch {
		case cyltrace.ErrorCode(err) == cyltrace.ENOTFOUND:
			errs["unitCode"] = "单位代码 " + unitCode + " 不存在"
		case err != nil:
			c.serverError(w, r, err)
			return
		case !unit.HasKind(roleKind(role)):
			errs["role"] = fmt.Sprintf("单位“%s”不是%s，不能开通 %s 角色的接口账号", unit.Name, unitKindName(roleKind(role)), role)
		}
	}
	if len(errs) > 0 {
		c.renderClientForm(w, r, unitCode, role, errs, "")
		return
	}
	appKey, err := auth.NewAppKey(nil)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	secret, err := auth.NewSecret(nil)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	cl := &cyltrace.APIClient{AppKey: appKey, UnitID: unit.ID, Role: role}
	err = c.store.CreateClient(r.Context(), cl, auth.Hash(secret))
	switch cyltrace.ErrorCode(err) {
	case "":
	case cyltrace.ECONFLICT, cyltrace.ENOTFOUND:
		c.renderClientForm(w, r, unitCode, role, nil, cyltrace.ErrorMessage(err))
		return
	default:
		c.serverError(w, r, err)
		return
	}
	p := clientSecretPage{base: c.page(w, r, "接口账号已创建", "/console/clients"), AppKey: cl.AppKey, AppSecret: secret,
		UnitCode: cl.UnitCode, UnitName: cl.UnitName, Role: apiRoleName(cl.Role)}
	w.Header().Set("Cache-Control", "no-store")
	c.render(w, r, http.StatusOK, "client_secret", p)
}
