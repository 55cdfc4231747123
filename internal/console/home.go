package console

import (
	"net/http"

	"cyltrace"
)

// homePage greets the user with who they are and what they may do.
type homePage struct {
	base
	Roles  []string // Chinese names
	Region string
	Unit   string
}

func (c *Console) home(w http.ResponseWriter, r *http.Request) {
	u := sessionOf(r).User
	p := homePage{base: c.page(w, r, "首页", "/console/")}
	for _, role := range u.Roles {
		p.Roles = append(p.Roles, cyltrace.UserRoleName(role))
	}
	if reg, ok := cyltrace.LookupRegion(u.RegionCode); ok {
		p.Region = reg.Name
	}
	if u.UnitID != 0 {
		unit, err := c.store.Unit(r.Context(), u.UnitID)
		if err != nil {
			c.serverError(w, r, err)
			return
		}
		p.Unit = unit.Name
	}
	c.render(w, r, http.StatusOK, "home", p)
}
