package console

import (
	"net/http"

	"cyltrace"
)

// userFormPage is the form to create an account; Errors holds each bad
// field's messages (by the names of cyltrace.User.Validate), Error a
// message for the whole form.
type userFormPage struct {
	base
	Username, DisplayName, UnitCode string
	Roles                           []option
	Regions                         []option
	Errors                          map[string]string
	Error                           string
}

func (c *Console) userForm(w http.ResponseWriter, r *http.Request) {
	if !sessionOf(r).User.HasRole(cyltrace.CityAdmin) {
		c.forbidden(w, r, msgForbidden)
		return
	}
	c.renderUserForm(w, r, &cyltrace.User{}, "", nil, "")
}

func (c *Console) renderUserForm(w http.ResponseWriter, r *http.Request, u *cyltrace.User, unitCode string, errs map[string]string, msg string) {
	p := userFormPage{base: c.page(w, r, "新建用户", "/console/users"), Username: u.Username, DisplayName: u.DisplayName,
		UnitCode: unitCode, Roles: userRoleOptions(u.Roles), Regions: regionOptions(u.RegionCode), Errors: errs, Error: msg}
	c.render(w, r, http.StatusOK, "user_form", p)
}

// passwordShownPage shows a generated first or reset password, once: it is
// the answer to the POST itself, never a flash cookie, and no cache keeps
// it (every console response is no-store).
type passwordShownPage struct {
	base
	Username, DisplayName string
	Password              string
	Reset                 bool
}

func (c *Console) showPassword(w http.ResponseWriter, r *http.Request, u *cyltrace.User, pw string, reset bool) {
	title := "用户已创建"
	if reset {
		title = "密码已重置"
	}
	p := passwordShownPage{base: c.page(w, r, title, "/console/users"), Username: u.Username,
		DisplayName: u.DisplayName, Password: pw, Reset: reset}
	w.Header().Set("Cache-Control", "no-store")
	c.render(w, r, http.StatusOK, "user_password", p)
}
