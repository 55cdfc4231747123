package console

import "net/http"

// passwordPage is the form to change one's own password.
type passwordPage struct {
	base
	Forced bool // a first or reset password
	Errors []string
}

func (c *Console) passwordForm(w http.ResponseWriter, r *http.Request) {
	c.renderPassword(w, r, http.StatusOK, nil)
}

func (c *Console) renderPassword(w http.ResponseWriter, r *http.Request, status int, errs []string) {
	p := passwordPage{base: c.page(w, r, "修改密码", "/console/password"), Errors: errs}
	p.Forced = p.User.MustChangePassword
	c.render(w, r, status, "password", p)
}
