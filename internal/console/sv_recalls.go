package console

import (
	"net/http"
	"net/url"
	"strings"

	"cyltrace/internal/store"
)

// svRecallsPage is 召回候选 (issue 8 item 4, notice §六(四)): G13/G14
// cylinders made from 2021-01 on without a bound electronic mark, not
// scrapped — their makers are to recall them. The manufacturers with their
// counts come first; the cylinders below, of all of them or of the one
// chosen (?manufacturer=), are paged and exported.
type svRecallsPage struct {
	base
	Form         svForm
	UnitMissing  bool
	Makers       []svMaker
	MakersTotal  int
	Manufacturer string // the one chosen, "" for all
	Kind         string // store.RecallNoMark or store.RecallNoFactory
	KindURLs     [2]string
	AllURL       string // the list of every manufacturer's cylinders
	Columns      []string
	Rows         []svRow
	Summary      string
	pager
}

// svMaker is one manufacturer's line.
type svMaker struct {
	Name, First, Last, URL string
	Count                  int
	Current                bool
}

var recallColumns = []string{"制造单位", "气瓶档案ID", "产品编号", "制造年月", "充装介质", "使用单位", "单位代码", "区县",
	"使用状态", "信息化编码", "电子标签"}

const svRecallsPath = svBase + "/recalls"

func (c *Console) svRecalls(w http.ResponseWriter, r *http.Request) {
	f, ok := c.svScope(w, r)
	if !ok {
		return
	}
	maker := strings.TrimSpace(r.URL.Query().Get("manufacturer"))
	kind := r.URL.Query().Get("kind")
	if kind != store.RecallNoFactory {
		kind = store.RecallNoMark
	}
	if wantsExport(r) {
		c.svRecallsExport(w, r, f, kind, maker)
		return
	}
	sf := f.store(perPage)
	makers, err := c.store.RecallMakers(r.Context(), sf, kind)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	total, err := c.store.CountRecallCandidates(r.Context(), sf, kind, maker)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	list, err := c.store.RecallCandidates(r.Context(), sf, kind, maker)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	p := svRecallsPage{Kind: kind, KindURLs: recallKindURLs(f), Form: c.svForm(svRecallsPath, "制造日期", f), UnitMissing: f.UnitID < 0, Manufacturer: maker,
		AllURL: svRecallsPath + "?" + withKind(f, kind).Encode(), Columns: recallColumns,
		Summary: pageSummary(f.Page, perPage, len(list), total)}
	p.Form.Export = withParam(withParam(p.Form.Export, "manufacturer", maker), "kind", kind)
	for _, m := range makers {
		v := withKind(f, kind)
		v.Set("manufacturer", m.Manufacturer)
		p.Makers = append(p.Makers, svMaker{Name: m.Manufacturer, First: m.First, Last: m.Last, Count: m.Count,
			URL: svRecallsPath + "?" + v.Encode(), Current: m.Manufacturer == maker})
		p.MakersTotal += m.Count
	}
	for _, row := range list {
		p.Rows = append(p.Rows, svRow{ID: row.CylinderID, Cells: recallCells(row)})
	}
	v := withKind(f, kind)
	if maker != "" {
		v.Set("manufacturer", maker)
	}
	p.pager = newPager(svRecallsPath, v, f.Page, sf.Offset+len(list) < total)
	p.base = c.page(w, r, "召回候选气瓶", svBase)
	c.render(w, r, http.StatusOK, "sv_recalls", p)
}

// svRecallsExport answers every filtered candidate, in the screen's order.
func (c *Console) svRecallsExport(w http.ResponseWriter, r *http.Request, f svFilter, kind, maker string) {
	list, err := c.store.RecallCandidates(r.Context(), f.exportFilter(), kind, maker)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	exportRows(c, w, r, "召回候选气瓶", recallColumns, list, recallCells)
}

// recallCells is one candidate as text, in recallColumns' order.
func recallCells(o store.RecallRow) []string {
	info, tag := o.InfoCode, o.TagType
	if info == "" {
		info = "未发放"
	}
	if tag == "" {
		tag = "未绑定"
	}
	return []string{o.Manufacturer, o.CylinderID, o.ProductNumber, o.ManufactureDate, mediumLabel(o.MediumCode),
		o.UnitName, o.UnitCode, regionName(o.RegionCode), o.Status, info, tag}
}

// withKind is the filter's query with the kind of candidate.
func withKind(f svFilter, kind string) url.Values {
	v := f.values()
	if kind == store.RecallNoFactory {
		v.Set("kind", kind)
	}
	return v
}

// recallKindURLs links the two kinds of candidate under the same filter.
func recallKindURLs(f svFilter) [2]string {
	return [2]string{svRecallsPath + "?" + withKind(f, store.RecallNoMark).Encode(),
		svRecallsPath + "?" + withKind(f, store.RecallNoFactory).Encode()}
}
