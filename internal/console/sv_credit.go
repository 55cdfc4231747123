package console

import (
	"net/http"
	"net/url"
	"slices"

	"cyltrace/internal/store"
)

// Unit credit view (issue 8 item 6, notice §六(四) 信用监管): per unit, its
// violations, the refusals of the interlock it filled through, the overdue
// cylinders it owns and its docking state, sortable, paged and exportable.

const creditPath = svBase + "/credit"

// svCreditPage is the credit view.
type svCreditPage struct {
	base
	Form    svForm
	Sort    string
	Heads   []creditHead
	Rows    []creditRow
	Summary string
	pager
}

// creditHead is a column head; URL sorts by it when it may.
type creditHead struct {
	Label, URL string
	Current    bool
}

// creditRow is one unit: Cells are the exported columns.
type creditRow struct {
	Cells         []string
	ViolationsURL string
	Alert         bool // open violations, refusals filled through, or 逾期未对接
}

// creditColumns are the columns, with the store's sort key of each ("" not sortable).
var creditColumns = []struct{ label, sort string }{
	{"单位名称", ""}, {"统一社会信用代码", "unit"}, {"区县", ""}, {"单位类型", ""},
	{"违规充装", "violations"}, {"未处理违规", "open"}, {"拒充后仍充装（只）", "refused"},
	{"超期未检在用气瓶（只）", "overdue"}, {"对接状态", "docking"},
}

func (c *Console) svCredit(w http.ResponseWriter, r *http.Request) {
	f, ok := c.svScope(w, r)
	if !ok {
		return
	}
	f = unitsRange(f, c.now())
	sortBy := r.URL.Query().Get("sort")
	if !slices.Contains(store.CreditSortKeys(), sortBy) {
		sortBy = store.CreditSortKeys()[0]
	}
	if wantsExport(r) {
		c.creditExport(w, r, f, sortBy)
		return
	}
	list, total, err := c.store.UnitCredit(r.Context(), f.store(perPage), sortBy)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	p := svCreditPage{base: c.page(w, r, "单位信用监管", svBase), Sort: sortBy, Heads: creditHeads(f, sortBy)}
	p.Form = c.svForm(creditPath, "统计日期", f)
	p.Form.Export = creditLink(f, sortBy, url.Values{"format": {"xlsx"}})
	for _, cu := range list {
		link := f
		link.Unit, link.Page = cu.Code, 1
		p.Rows = append(p.Rows, creditRow{Cells: creditCells(cu), ViolationsURL: vioLink(link, "", "", nil),
			Alert: cu.OpenViolations > 0 || cu.RefusedThenFilled > 0 || cu.Docking != nil && cu.Docking.Status == store.DockMissing})
	}
	p.Summary = pageSummary(f.Page, perPage, len(list), total)
	v := f.values()
	v.Set("sort", sortBy)
	p.pager = newPager(creditPath, v, f.Page, (f.Page-1)*perPage+len(list) < total)
	c.render(w, r, http.StatusOK, "sv_credit", p)
}

// creditLink is the credit page with the filter, the sort and extra.
func creditLink(f svFilter, sortBy string, extra url.Values) string {
	v := f.values()
	v.Set("sort", sortBy)
	for k, vals := range extra {
		v[k] = vals
	}
	return creditPath + "?" + v.Encode()
}

func creditHeads(f svFilter, sortBy string) []creditHead {
	f.Page = 1
	heads := make([]creditHead, len(creditColumns))
	for i, col := range creditColumns {
		heads[i] = creditHead{Label: col.label, Current: col.sort != "" && col.sort == sortBy}
		if col.sort != "" {
			heads[i].URL = creditLink(f, col.sort, nil)
		}
	}
	return heads
}

// creditCells are a unit's columns (creditColumns).
func creditCells(cu *store.CreditUnit) []string {
	docking := "无需对接"
	if cu.Docking != nil {
		docking = cu.Docking.Status
		if cu.Docking.Status == store.DockMissing || cu.Docking.Status == store.DockLate {
			docking += "（截止 " + cu.Docking.Deadline + "）"
		}
	}
	return []string{cu.Name, cu.Code, regionName(cu.RegionCode), unitKindNames(cu.Kinds), itoa(cu.Violations),
		itoa(cu.OpenViolations), itoa(cu.RefusedThenFilled), itoa(cu.Overdue), docking}
}

// creditExport answers every unit of the filter, in the page's order.
func (c *Console) creditExport(w http.ResponseWriter, r *http.Request, f svFilter, sortBy string) {
	sf := f.store(1 << 30)
	sf.Offset = 0
	list, total, err := c.store.UnitCredit(r.Context(), sf, sortBy)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	if !c.unitsExportFits(w, r, total) {
		return
	}
	head := make([]string, len(creditColumns))
	for i, col := range creditColumns {
		head[i] = col.label
	}
	rows := make([][]string, len(list))
	for i, cu := range list {
		rows[i] = creditCells(cu)
	}
	c.exportTable(w, r, "单位信用监管", head, rows)
}
