package console

import (
	"net/http"

	"cyltrace"
)

// clientFormPage is the form to create an API client: a unit and a role.
type clientFormPage struct {
	base
	UnitCode string
	Roles    []option
	Errors   map[string]string
	Error    string
}

func (c *Console) clientForm(w http.ResponseWriter, r *http.Request) {
	if !sessionOf(r).User.HasRole(cyltrace.CityAdmin) {
		c.forbidden(w, r, msgForbidden)
		return
	}
	c.renderClientForm(w, r, "", "", nil, "")
}

func (c *Console) renderClientForm(w http.ResponseWriter, r *http.Request, unitCode string, role cyltrace.Role, errs map[string]string, msg string) {
	p := clientFormPage{base: c.page(w, r, "新建接口账号", "/console/clients"), UnitCode: unitCode,
		Roles: apiRoleOptions(role), Errors: errs, Error: msg}
	c.render(w, r, http.StatusOK, "client_form", p)
}

// clientSecretPage shows a new client's appSecret, once: it is the answer
// to the POST itself, and the store keeps only its hash.
type clientSecretPage struct {
	base
	AppKey, AppSecret        string
	UnitCode, UnitName, Role string
}
