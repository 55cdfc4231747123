package console

import (
	"net/http"

	"cyltrace"
)

// clientsPage lists the API clients; a secret is never shown here (the
// store has only its hash).
type clientsPage struct {
	base
	Rows []clientRow
}

type clientRow struct {
	AppKey, UnitCode, UnitName, Role string
	CreatedAt, Status                string
	Disabled                         bool
}

func (c *Console) clients(w http.ResponseWriter, r *http.Request) {
	if !sessionOf(r).User.HasRole(cyltrace.CityAdmin) {
		c.forbidden(w, r, msgForbidden)
		return
	}
	list, err := c.store.Clients(r.Context())
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	p := clientsPage{base: c.page(w, r, "接口账号", "/console/clients")}
	for _, cl := range list {
		row := clientRow{AppKey: cl.AppKey, UnitCode: cl.UnitCode, UnitName: cl.UnitName, Role: apiRoleName(cl.Role),
			CreatedAt: cl.CreatedAt.In(cst).Format("2006-01-02 15:04"), Status: "启用", Disabled: cl.Disabled()}
		if cl.Disabled() {
			row.Status = "已停用 " + cl.DisabledAt.In(cst).Format("2006-01-02 15:04")
		}
		p.Rows = append(p.Rows, row)
	}
	c.render(w, r, http.StatusOK, "clients", p)
}

// apiRoleName shows an API role as "filling 充装单位".
func apiRoleName(role cyltrace.Role) string {
	for _, known := range cyltrace.Roles() {
		if known.Role == role {
			return string(role) + " " + known.Name
		}
	}
	return string(role)
}

// roleKind is the unit kind an API role belongs to: a client acts for its
// unit, so the unit must be of that kind. It repeats internal/cli's
// roleKind on purpose: ten lines do not make a shared package, and the
// console may not import the CLI.
func roleKind(r cyltrace.Role) cyltrace.UnitKind {
	switch r {
	case cyltrace.RoleFilling:
		return cyltrace.KindFilling
	case cyltrace.RoleInspection:
		return cyltrace.KindInspection
	case cyltrace.RoleManufacturer:
		return cyltrace.KindManufacturer
	case cyltrace.RoleDistribution:
		return cyltrace.KindDistribution
	}
	return cyltrace.KindRegulator
}
