package console

import (
	"net/http"
	"net/url"
	"strings"

	"cyltrace"
	"cyltrace/internal/store"
)

// usersPage lists the console accounts, 50 a page, with their actions.
type usersPage struct {
	base
	Rows []userRow
	pager
}

type userRow struct {
	ID                          int64
	Username, DisplayName       string
	Roles, Region, Unit, Status string
	Disabled, Self              bool
}

func (c *Console) users(w http.ResponseWriter, r *http.Request) {
	me := sessionOf(r).User
	if !me.HasRole(cyltrace.CityAdmin) {
		c.forbidden(w, r, msgForbidden)
		return
	}
	p := usersPage{base: c.page(w, r, "用户管理", "/console/users")}
	page := pageOf(r.URL.Query())
	list, err := c.store.Users(r.Context(), store.UserFilter{Limit: perPage + 1, Offset: (page - 1) * perPage})
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	to := min(perPage, len(list))
	units := map[int64]string{} // a unit's name, read once per page
	for _, u := range list[:to] {
		row := userRow{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Region: regionName(u.RegionCode),
			Status: "正常", Disabled: u.Disabled(), Self: u.ID == me.ID}
		roles := make([]string, len(u.Roles))
		for i, role := range u.Roles {
			roles[i] = cyltrace.UserRoleName(role)
		}
		row.Roles = strings.Join(roles, "、")
		if u.UnitID != 0 {
			if _, ok := units[u.UnitID]; !ok {
				unit, err := c.store.Unit(r.Context(), u.UnitID)
				if err != nil {
					c.serverError(w, r, err)
					return
				}
				units[u.UnitID] = unit.Name + "（" + unit.Code + "）"
			}
			row.Unit = units[u.UnitID]
		}
		switch {
		case u.Disabled():
			row.Status = "已停用"
		case u.Locked(c.now()):
			row.Status = "锁定至 " + u.LockedUntil.In(cst).Format("2006-01-02 15:04")
		case u.MustChangePassword:
			row.Status = "待修改初始密码"
		}
		p.Rows = append(p.Rows, row)
	}
	p.pager = newPager("/console/users", url.Values{}, page, len(list) > to)
	c.render(w, r, http.StatusOK, "users", p)
}
