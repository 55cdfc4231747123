package console

import (
	"html/template"
	"net/http"

	"cyltrace"
	"cyltrace/internal/store"
)

// svOverviewPage is 监督概览 (issue 8 item 1): the city's or one district's
// cylinders by status, medium and variety, overdue and due inspections,
// the records of the last 30 days with their daily charts, and the table
// by district, whose rows open each district's view.
type svOverviewPage struct {
	base
	Form        svForm
	Scope       string // 全市 or the district's name
	CityView    bool   // the whole city: the district rows link to each district
	BackURL     string // the city view, for the city bureau looking at one district
	UnitMissing bool   // the unit code typed names no unit
	O           store.Overview
	Status      []svCount
	Media       []svCount
	Varieties   []svCount
	Fillings    template.HTML // the daily chart
	Violations  template.HTML
	Columns     []string
	Districts   []svDistrict
	Total       svDistrict
}

// svCount is one line of a breakdown: its code, label and count.
type svCount struct {
	Code, Label string
	N           int
}

// svDistrict is one row of the table by district.
type svDistrict struct {
	Code, Name, URL string
	Cells           []svCell
}

// svCell is a number of the district table with the key tests read it by.
type svCell struct {
	Col   string
	Value int
}

// svDistrictColumns are the district table's columns: header and key.
var svDistrictColumns = []struct{ Head, Key string }{
	{"区县", "region"}, {"气瓶总数", "cylinders"}, {"在用", "inuse"}, {"超期未检", "overdue"},
	{"近30日充装", "fillings"}, {"未处理违规", "violations"},
}

func (c *Console) svOverview(w http.ResponseWriter, r *http.Request) {
	f, ok := c.svScope(w, r)
	if !ok {
		return
	}
	o, err := c.store.SupervisionOverview(r.Context(), f.store(0))
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	p := svOverviewPage{O: *o, Form: c.svForm(svBase, "", f), Scope: "全市", UnitMissing: f.UnitID < 0,
		CityView: f.CityWide && f.Region == ""}
	if f.Region != "" {
		p.Scope = regionName(f.Region)
	}
	if f.CityWide && f.Region != "" {
		v := f.values()
		v.Del("region")
		p.BackURL = svBase + "?" + v.Encode()
	}
	p.Status, p.Media, p.Varieties = statusCounts(o.ByStatus), codeCounts(o.ByMedium, cyltrace.LookupMedium),
		codeCounts(o.ByVariety, cyltrace.LookupVariety)
	p.Fillings = barChart(p.Scope+"近30日每日充装记录", chartPoints(o.FillingsDaily), "#1f4e8c")
	p.Violations = barChart(p.Scope+"近30日每日违规充装（按充装日期）", chartPoints(o.ViolationsDaily), "#a00")
	p.Districts, p.Total = districtTable(o.Districts, f, p.CityView)
	for _, col := range svDistrictColumns {
		p.Columns = append(p.Columns, col.Head)
	}
	if wantsExport(r) {
		c.exportTable(w, r, "监督概览-"+p.Scope, p.Columns, districtExport(p.Districts, p.Total))
		return
	}
	p.base = c.page(w, r, "监督概览", svBase)
	c.render(w, r, http.StatusOK, "sv_overview", p)
}

// districtTable builds the rows by district and their totals row; in the
// city view each row links to its district's view, keeping the filter.
func districtTable(rows []store.DistrictRow, f svFilter, link bool) ([]svDistrict, svDistrict) {
	var list []svDistrict
	var sum store.DistrictRow
	for _, d := range rows {
		row := svDistrict{Code: d.RegionCode, Name: regionName(d.RegionCode), Cells: districtCells(d)}
		if link {
			v := f.values()
			v.Set("region", d.RegionCode)
			row.URL = svBase + "?" + v.Encode()
		}
		list = append(list, row)
		sum.Cylinders += d.Cylinders
		sum.InUse += d.InUse
		sum.Overdue += d.Overdue
		sum.Fillings += d.Fillings
		sum.OpenViolations += d.OpenViolations
	}
	return list, svDistrict{Code: "total", Name: "合计", Cells: districtCells(sum)}
}

func districtCells(d store.DistrictRow) []svCell {
	return []svCell{{"cylinders", d.Cylinders}, {"inuse", d.InUse}, {"overdue", d.Overdue},
		{"fillings", d.Fillings}, {"violations", d.OpenViolations}}
}

// districtExport is the district table as the sheet's rows, totals last.
func districtExport(rows []svDistrict, total svDistrict) [][]string {
	out := make([][]string, 0, len(rows)+1)
	for _, d := range rows {
		out = append(out, districtLine(d))
	}
	return append(out, districtLine(total))
}

func districtLine(d svDistrict) []string {
	line := []string{d.Name}
	for _, cell := range d.Cells {
		line = append(line, itoa(cell.Value))
	}
	return line
}

// statusCounts labels the counts by status.
func statusCounts(counts []store.Count) []svCount {
	list := make([]svCount, len(counts))
	for i, n := range counts {
		list[i] = svCount{Code: n.Code, Label: n.Code, N: n.N}
	}
	return list
}

// codeCounts labels the counts by code and name ("G13 液化石油气").
func codeCounts(counts []store.Count, lookup func(string) (cyltrace.Code, bool)) []svCount {
	list := make([]svCount, len(counts))
	for i, n := range counts {
		list[i] = svCount{Code: n.Code, Label: n.Code, N: n.N}
		if known, ok := lookup(n.Code); ok {
			list[i].Label = n.Code + " " + known.Name
		}
	}
	return list
}

func chartPoints(days []store.DayCount) []chartPoint {
	points := make([]chartPoint, len(days))
	for i, d := range days {
		points[i] = chartPoint{Day: d.Day, Value: d.N}
	}
	return points
}
