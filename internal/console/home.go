package console

import (
	"fmt"
	"net/http"
	"net/url"

	"cyltrace"
	"cyltrace/internal/store"
)

// homePage greets the user with who they are and what they may do.
type homePage struct {
	base
	Roles  []string // Chinese names
	Region string
	Unit   string
	Todos  []todo
}

// todo is one line of 待办事项 (figure 6).
type todo struct {
	Text, Link string
	Count      int
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
	todos, err := c.todos(r, u)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	p.Todos = todos
	c.render(w, r, http.StatusOK, "home", p)
}

// todos counts the registrations waiting for each district role u holds.
func (c *Console) todos(r *http.Request, u *cyltrace.User) ([]todo, error) {
	steps := []struct {
		role  cyltrace.UserRole
		state string
		task  string
	}{
		{cyltrace.DistrictAcceptor, cyltrace.RegSubmitted, "受理"},
		{cyltrace.DistrictReviewer, cyltrace.RegAccepted, "审核"},
		{cyltrace.DistrictApprover, cyltrace.RegReviewed, "审批"},
	}
	var out []todo
	for _, st := range steps {
		if !u.HasRole(st.role) || u.RegionCode == "" {
			continue
		}
		_, n, err := c.store.Registrations(r.Context(), store.RegistrationFilter{RegionCode: u.RegionCode, State: st.state, Limit: 1})
		if err != nil {
			return nil, err
		}
		out = append(out, todo{Count: n, Text: fmt.Sprintf("您有%d条使用登记的%s任务需要处理", n, st.task),
			Link: regBase + "?" + url.Values{"state": {st.state}}.Encode()})
	}
	return out, nil
}
