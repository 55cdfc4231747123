package console

import (
	"fmt"
	"net/http"
	"time"

	"cyltrace"
	"cyltrace/internal/store"
)

// Docking progress (issue 8 item 5): every filling unit, inspection body and
// maker against its deadline of notice §三 — its API clients, first and
// last upload, uploads in the range, and 逾期未对接 when the deadline passed
// without any upload; counts per district.

const dockPath = svBase + "/docking"

// svDockingPage is the docking view.
type svDockingPage struct {
	base
	Form    svForm
	Total   dockRegionRow
	Regions []dockRegionRow
	Head    []string
	Rows    []dockRow
	Rules   []store.DockingRule // the deadlines of notice §三, for the note
	Summary string
	pager
}

type dockRegionRow struct {
	Region, Link                    string
	Units, Docked, Late, DockedLate int
	DockedShare                     string // docked / units, as a percentage
}

// dockRow is one unit: Cells are the exported columns.
type dockRow struct {
	Cells []string
	Late  bool // 逾期未对接
}

var dockHead = []string{"单位名称", "统一社会信用代码", "区县", "单位类型", "气体类别", "对接截止日期", "截止依据", "有效接口账号",
	"首次上传", "最近上传", "期间记录数", "其中", "对接状态"}

func (c *Console) svDocking(w http.ResponseWriter, r *http.Request) {
	f, ok := c.svScope(w, r)
	if !ok {
		return
	}
	f = unitsRange(f, c.now())
	units, err := c.store.DockingProgress(r.Context(), f.store(perPage))
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	if wantsExport(r) {
		rows := make([][]string, len(units))
		for i, d := range units {
			rows[i] = dockCells(d)
		}
		if c.unitsExportFits(w, r, len(rows)) {
			c.exportTable(w, r, "对接进度", dockHead, rows)
		}
		return
	}
	p := svDockingPage{base: c.page(w, r, "追溯平台对接进度", svBase), Head: dockHead, Rules: store.DockingRules()}
	p.Form = c.svForm(dockPath, "记录日期", f)
	p.regions(units, f)
	lo := min((f.Page-1)*perPage, len(units))
	hi := min(lo+perPage, len(units))
	for _, d := range units[lo:hi] {
		p.Rows = append(p.Rows, dockRow{Cells: dockCells(d), Late: d.Status == store.DockMissing})
	}
	p.Summary = pageSummary(f.Page, perPage, hi-lo, len(units))
	p.pager = newPager(dockPath, f.values(), f.Page, hi < len(units))
	c.render(w, r, http.StatusOK, "sv_docking", p)
}

// regions fills the per-district counts; a city user's district links to
// the page filtered to it.
func (p *svDockingPage) regions(units []*store.DockingUnit, f svFilter) {
	regions, total := store.DockingTotals(units)
	p.Total = dockRegionOf(total, "合计", "")
	for _, r := range regions {
		link := ""
		if f.CityWide {
			one := f
			one.Region, one.Page = r.RegionCode, 1
			link = dockPath + "?" + one.values().Encode()
		}
		p.Regions = append(p.Regions, dockRegionOf(*r, regionName(r.RegionCode), link))
	}
}

func dockRegionOf(r store.DockingRegion, name, link string) dockRegionRow {
	row := dockRegionRow{Region: name, Link: link, Units: r.Units, Docked: r.Docked, Late: r.Late, DockedLate: r.DockedLate}
	if r.Units > 0 {
		row.DockedShare = fmt.Sprintf("%.1f%%", float64(r.Docked)*100/float64(r.Units))
	}
	return row
}

// dockCells are a unit's columns (dockHead).
func dockCells(d *store.DockingUnit) []string {
	var kinds []cyltrace.UnitKind
	for _, k := range d.Kinds {
		if k == cyltrace.KindFilling || k == cyltrace.KindInspection || k == cyltrace.KindManufacturer {
			kinds = append(kinds, k)
		}
	}
	clients := "无"
	if d.ActiveClients > 0 {
		clients = fmt.Sprintf("有（%d个）", d.ActiveClients)
	}
	u := d.Uploads
	detail := fmt.Sprintf("充装%d、检验%d、出厂%d、标签绑定%d", u.Fillings, u.Inspections, u.Factory, u.Tags)
	return []string{d.Name, d.Code, regionName(d.RegionCode), unitKindNames(kinds), d.Gas.Label(), d.Deadline,
		d.DeadlineRule, clients, unitsInstant(d.FirstUpload), unitsInstant(d.LastUpload), itoa(u.Total()), detail, d.Status}
}

// unitsInstant shows an instant in CST, "" for none.
func unitsInstant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(cst).Format("2006-01-02 15:04")
}
