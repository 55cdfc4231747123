package console

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"cyltrace"
	"cyltrace/internal/store"
)

const regPerPage = 20

// regListPage is 使用登记进度 for a unit and the list of figure 7 for a
// district bureau: 申请时间, 使用单位, 联系电话, 法人代表, 设备类型, 状态, 详情.
type regListPage struct {
	base
	Applicant bool // a unit's user: its own applications, with 新建
	CityWide  bool
	Regions   []option
	States    []option
	UnitName  string
	From, To  string
	Rows      []regRow
	Summary   string // 第 1 页 共 3 页 显示 1 到 20 共 45 记录
	pager
}

type regRow struct {
	ID                                  int64
	Submitted, Unit, Phone, Legal, Type string
	State, Region                       string
}

func (c *Console) registrations(w http.ResponseWriter, r *http.Request) {
	u := sessionOf(r).User
	if !isApplicant(u) && !isDistrictStaff(u) && !u.HasRole(cyltrace.CityAdmin) {
		c.forbidden(w, r, msgForbidden)
		return
	}
	q := r.URL.Query()
	f := store.RegistrationFilter{State: q.Get("state"), From: q.Get("from"), To: q.Get("to"), Limit: regPerPage}
	f.UnitName = strings.TrimSpace(q.Get("unit"))
	title := "使用登记受理"
	p := regListPage{Applicant: isApplicant(u)}
	switch {
	case p.Applicant:
		f.UnitID, f.Drafts, title = u.UnitID, true, "使用登记进度"
	case u.HasRole(cyltrace.CityAdmin):
		f.RegionCode, p.CityWide = q.Get("region"), true
		p.Regions = regionOptions(f.RegionCode)
	default:
		f.RegionCode = u.RegionCode
	}
	if !slices.Contains(cyltrace.RegStates(), f.State) {
		f.State = ""
	}
	p.base = c.page(w, r, title, regBase)
	p.States = stateOptions(f.State, p.Applicant)
	p.UnitName, p.From, p.To = f.UnitName, f.From, f.To
	page := pageOf(q)
	f.Offset = (page - 1) * regPerPage
	list, total, err := c.store.Registrations(r.Context(), f)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	for _, reg := range list {
		p.Rows = append(p.Rows, regRowOf(reg))
	}
	p.Summary = pageSummary(page, regPerPage, len(list), total)
	v := url.Values{}
	for k, val := range map[string]string{"state": f.State, "unit": f.UnitName, "from": f.From, "to": f.To, "region": f.RegionCode} {
		if val != "" {
			v.Set(k, val)
		}
	}
	p.pager = newPager(regBase, v, page, f.Offset+len(list) < total)
	c.render(w, r, http.StatusOK, "registrations", p)
}

func regRowOf(reg *cyltrace.Registration) regRow {
	row := regRow{ID: reg.ID, Unit: reg.UnitName, Phone: reg.Phone, Legal: reg.LegalRep, Type: reg.EquipmentType,
		State: reg.State, Region: regionName(reg.RegionCode)}
	if !reg.SubmittedAt.IsZero() {
		row.Submitted = reg.SubmittedAt.In(cst).Format("2006-01-02")
	}
	return row
}

// stateOptions lists the states a list filters by; drafts are the unit's own.
func stateOptions(selected string, drafts bool) []option {
	var opts []option
	for _, s := range cyltrace.RegStates() {
		if s == cyltrace.RegDraft && !drafts {
			continue
		}
		opts = append(opts, option{Value: s, Label: s, Selected: s == selected})
	}
	return opts
}

// pageSummary reads like the source's figure 8: 第 1 页 共 1 页 显示 1 到 2 共 2 记录.
func pageSummary(page, per, shown, total int) string {
	pages := max(1, (total+per-1)/per)
	if shown == 0 {
		return fmt.Sprintf("第 %d 页 共 %d 页 共 %d 记录", page, pages, total)
	}
	first := (page-1)*per + 1
	return fmt.Sprintf("第 %d 页 共 %d 页 显示 %d 到 %d 共 %d 记录", page, pages, first, first+shown-1, total)
}

// regCreate starts a draft for the user's unit, its blocks filled from the
// unit's record, and opens it.
func (c *Console) regCreate(w http.ResponseWriter, r *http.Request) {
	u := sessionOf(r).User
	if !isApplicant(u) {
		c.forbidden(w, r, "只有使用单位的用户可以申请使用登记")
		return
	}
	unit, err := c.store.Unit(r.Context(), u.UnitID)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	reg := &cyltrace.Registration{UnitName: unit.Name, UnitCode: unit.Code, RegionCode: unit.RegionCode}
	if err := c.store.CreateRegistration(r.Context(), reg, u); err != nil {
		c.actionError(w, r, regBase, err)
		return
	}
	http.Redirect(w, r, regPath(reg.ID, ""), http.StatusSeeOther)
}
