package console

import (
	"net/http"
	"strings"

	"cyltrace"
	"cyltrace/internal/auth"
)

// userCreate stores a new account with a generated first password, which
// it shows once; the holder must change it at the first login.
func (c *Console) userCreate(w http.ResponseWriter, r *http.Request) {
	if !sessionOf(r).User.HasRole(cyltrace.CityAdmin) {
		c.forbidden(w, r, msgForbidden)
		return
	}
	unitCode := strings.TrimSpace(r.PostFormValue("unitCode"))
	nu := &cyltrace.User{Username: strings.TrimSpace(r.PostFormValue("username")),
		DisplayName: strings.TrimSpace(r.PostFormValue("displayName")),
		RegionCode:  strings.TrimSpace(r.PostFormValue("regionCode")), MustChangePassword: true}
	if nu.Username == "" {
		nu.Username = unitCode // a unit's first username is its code
	}
	for _, role := range formValues(r.PostForm, "roles") {
		nu.Roles = append(nu.Roles, cyltrace.UserRole(role))
	}
	var unitMissing bool
	if unitCode != "" {
		unit, err := c.store.UnitByCode(r.Context(), unitCode)
		switch {
		case cyltrace.ErrorCode(err) == cyltrace.ENOTFOUND:
			unitMissing = true
		case err != nil:
			c.serverError(w, r, err)
			return
		default:
			nu.UnitID = unit.ID
		}
	}
	errs := fieldErrors(nu.Validate())
	if unitMissing {
		if errs == nil {
			errs = map[string]string{}
		}
		errs["unitId"] = "单位代码 " + unitCode + " 不存在，请先在单位管理中创建该单位"
	}
	if len(errs) > 0 {
		c.renderUserForm(w, r, nu, unitCode, errs, "")
		return
	}
	pw, err := auth.GeneratePassword(nil)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	hash, err := c.hash(r, pw)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	err = c.store.CreateUser(r.Context(), nu, hash)
	switch cyltrace.ErrorCode(err) {
	case "":
		c.showPassword(w, r, nu, pw, false)
	case cyltrace.ECONFLICT, cyltrace.ENOTFOUND:
		c.renderUserForm(w, r, nu, unitCode, nil, cyltrace.ErrorMessage(err))
	default:
		c.serverError(w, r, err)
	}
}
