package console

import (
	"fmt"
	"net/http"
	"net/url"

	"cyltrace"
	"cyltrace/internal/store"
	"cyltrace/internal/xlsx"
)

// svOverduePage is 超期未检 (issue 8 item 2): the in-use cylinders past
// their 下次检验日期, by unit, by date or by district, paged, exportable.
type svOverduePage struct {
	base
	Form        svForm
	UnitMissing bool
	Sorts       []svSort
	Columns     []string
	Rows        []svRow
	Summary     string
	pager
}

// svSort is one order a list offers.
type svSort struct {
	Label, URL string
	Current    bool
}

// svRow is one row of a list: the same cells on the screen and in the
// export, and the id tests and scripts find it by.
type svRow struct {
	ID    string
	Cells []string
}

// overdueColumns are the list's columns, on the screen and in the export.
var overdueColumns = []string{"使用单位", "单位代码", "气瓶档案ID", "产品编号", "充装介质", "制造单位", "下次检验日期", "超期月数", "区县"}

// overdueSorts are the orders offered, the default first.
var overdueSorts = []struct{ Key, Label string }{
	{store.OverdueByUnit, "按单位"}, {store.OverdueByNext, "按下次检验日期"}, {store.OverdueByRegion, "按区县"},
}

const svOverduePath = svBase + "/overdue"

func (c *Console) svOverdue(w http.ResponseWriter, r *http.Request) {
	f, ok := c.svScope(w, r)
	if !ok {
		return
	}
	sort := overdueSort(r.URL.Query().Get("sort"))
	if wantsExport(r) {
		c.svOverdueExport(w, r, f, sort)
		return
	}
	sf := f.store(perPage)
	total, err := c.store.CountOverdue(r.Context(), sf)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	list, err := c.store.OverdueCylinders(r.Context(), sf, sort)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	p := svOverduePage{Form: c.svForm(svOverduePath, "下次检验日期", f), UnitMissing: f.UnitID < 0,
		Columns: overdueColumns, Summary: pageSummary(f.Page, perPage, len(list), total)}
	p.Form.Export = withParam(p.Form.Export, "sort", sort)
	for _, o := range overdueSorts {
		p.Sorts = append(p.Sorts, svSort{Label: o.Label, URL: svOverduePath + "?" + sortValues(f, o.Key).Encode(),
			Current: o.Key == sort})
	}
	for _, row := range list {
		p.Rows = append(p.Rows, svRow{ID: row.CylinderID, Cells: overdueCells(row)})
	}
	p.pager = newPager(svOverduePath, sortValues(f, sort), f.Page, sf.Offset+len(list) < total)
	p.base = c.page(w, r, "超期未检气瓶", svBase)
	c.render(w, r, http.StatusOK, "sv_overdue", p)
}

// svOverdueExport answers every filtered row, in the screen's order.
func (c *Console) svOverdueExport(w http.ResponseWriter, r *http.Request, f svFilter, sort string) {
	list, err := c.store.OverdueCylinders(r.Context(), f.exportFilter(), sort)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	exportRows(c, w, r, "超期未检气瓶", overdueColumns, list, overdueCells)
}

// overdueCells is one row as text, in overdueColumns' order.
func overdueCells(o store.OverdueRow) []string {
	return []string{o.UnitName, o.UnitCode, o.CylinderID, o.ProductNumber, mediumLabel(o.MediumCode), o.Manufacturer,
		o.NextInspection, itoa(o.MonthsOverdue), regionName(o.RegionCode)}
}

// overdueSort keeps a known sort key, the default otherwise.
func overdueSort(key string) string {
	for _, o := range overdueSorts {
		if o.Key == key {
			return key
		}
	}
	return store.OverdueByUnit
}

// sortValues is the filter's query with the order.
func sortValues(f svFilter, sort string) url.Values {
	v := f.values()
	v.Set("sort", sort)
	return v
}

// withParam adds one parameter to a link built by svForm.
func withParam(link, key, value string) string {
	if value == "" {
		return link
	}
	return link + "&" + url.Values{key: {value}}.Encode()
}

// mediumLabel shows a medium as "G13 液化石油气".
func mediumLabel(code string) string {
	if m, ok := cyltrace.LookupMedium(code); ok {
		return code + " " + m.Name
	}
	return code
}

// tooManyRows refuses an export past what a sheet may hold.
func (c *Console) tooManyRows(w http.ResponseWriter, r *http.Request) {
	c.errorPage(w, r, http.StatusBadRequest, "导出记录过多",
		fmt.Sprintf("符合条件的记录超过 %d 条，请按区县、单位、充装介质或日期缩小范围后再导出。", xlsx.MaxTableRows))
}
