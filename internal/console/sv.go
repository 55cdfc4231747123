package console

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"cyltrace"
	"cyltrace/internal/store"
	"cyltrace/internal/xlsx"
)

// Supervision views (SPEC.md §8, notice §三 and §六) for the city bureau
// (city-wide, or one district) and a district bureau (its own district):
// sv_*.go, one file per view, templates sv_*.html sharing the filter form
// and the sub-navigation of templates/partials.html.

const svBase = "/console/supervision"

// svFilter is the filter of every supervision table, read from the query.
type svFilter struct {
	Region   string // "" city-wide: the city bureau only
	Unit     string // a unit's credit code, as typed
	UnitID   int64  // the unit of Unit; -1 when no unit has that code
	Medium   string
	From, To string // yyyy-mm-dd
	Page     int
	CityWide bool // the user may choose the district
	// Keep holds the page's own parameters (sort, view, …) that the shared
	// filter form and the export link carry along.
	Keep url.Values
}

// keptParams are the per-page parameters a filter keeps.
var keptParams = []string{"sort", "view", "state", "kind", "manufacturer"}

// svScope reads the filter of a supervision page and checks who asks: the
// city bureau sees any district or all; district staff see their own
// district, and asking for another gets 403. Others get 403. ok is false
// when the answer has been written.
func (c *Console) svScope(w http.ResponseWriter, r *http.Request) (svFilter, bool) {
	u := sessionOf(r).User
	q := r.URL.Query()
	f := svFilter{Unit: strings.TrimSpace(q.Get("unit")), Medium: q.Get("medium"), Page: pageOf(q), Keep: url.Values{}}
	for _, k := range keptParams {
		if v := q.Get(k); v != "" {
			f.Keep.Set(k, v)
		}
	}
	switch {
	case u.HasRole(cyltrace.CityAdmin):
		f.CityWide = true
		if _, ok := cyltrace.LookupRegion(q.Get("region")); ok {
			f.Region = q.Get("region")
		}
	case isDistrictStaff(u) && u.RegionCode != "":
		if asked := q.Get("region"); asked != "" && asked != u.RegionCode {
			c.forbidden(w, r, "您只能查看本区县的监督数据")
			return f, false
		}
		f.Region = u.RegionCode
	default:
		c.forbidden(w, r, msgForbidden)
		return f, false
	}
	if _, ok := cyltrace.LookupMedium(f.Medium); !ok {
		f.Medium = ""
	}
	if _, ok := cyltrace.ParseDate(q.Get("from")); ok {
		f.From = q.Get("from")
	}
	if _, ok := cyltrace.ParseDate(q.Get("to")); ok {
		f.To = q.Get("to")
	}
	if f.Unit != "" {
		unit, err := c.store.UnitByCode(r.Context(), strings.ToUpper(f.Unit))
		switch {
		case err == nil && (f.Region == "" || unit.RegionCode == f.Region || f.CityWide):
			f.UnitID = unit.ID
		case err == nil || cyltrace.ErrorCode(err) == cyltrace.ENOTFOUND:
			f.UnitID = -1 // nothing matches
		default:
			c.serverError(w, r, err)
			return f, false
		}
	}
	return f, true
}

// store returns the store's filter for page f.Page of per rows.
func (f svFilter) store(per int) store.SupervisionFilter {
	return store.SupervisionFilter{RegionCode: f.Region, UnitID: f.UnitID, MediumCode: f.Medium, From: f.From, To: f.To,
		Limit: per, Offset: (f.Page - 1) * per}
}

// values is the filter as a query, for paging and export links.
func (f svFilter) values() url.Values {
	v := url.Values{}
	for k, val := range map[string]string{"region": f.Region, "unit": f.Unit, "medium": f.Medium, "from": f.From, "to": f.To} {
		if val != "" {
			v.Set(k, val)
		}
	}
	return v
}

// svForm is what templates/partials.html's "svfilter" needs.
type svForm struct {
	Action    string // the page's path
	Export    string // the page's export link with the filter
	Filter    svFilter
	Regions   []option
	Media     []option
	DateLabel string   // what the date range bounds, e.g. 充装日期
	Hidden    []option // the page's own parameters, kept when the filter changes (Value: name, Label: value)
}

func (c *Console) svForm(path, dateLabel string, f svFilter) svForm {
	form := svForm{Action: path, Filter: f, DateLabel: dateLabel, Media: mediumOptions(f.Medium)}
	if f.CityWide {
		form.Regions = regionOptions(f.Region)
	}
	v := f.values()
	for _, k := range keptParams {
		if f.Keep.Get(k) != "" && v.Get(k) == "" {
			v.Set(k, f.Keep.Get(k))
			form.Hidden = append(form.Hidden, option{Value: k, Label: f.Keep.Get(k)})
		}
	}
	v.Set("format", "xlsx")
	form.Export = path + "?" + v.Encode()
	return form
}

// mediumOptions lists G1–G20, selected marked.
func mediumOptions(selected string) []option {
	var opts []option
	for _, m := range cyltrace.Media() {
		opts = append(opts, option{Value: m.Code, Label: m.Code + " " + m.Name, Selected: m.Code == selected})
	}
	return opts
}

// wantsExport reports whether the request asks for the .xlsx of the table.
func wantsExport(r *http.Request) bool { return r.URL.Query().Get("format") == "xlsx" }

// exportTable answers the filtered rows as an .xlsx download.
func (c *Console) exportTable(w http.ResponseWriter, r *http.Request, name string, header []string, rows [][]string) {
	b, err := xlsx.Table(name, header, rows)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	sendFile(w, xlsxType, name+".xlsx", b)
}

// exportFilter is the store's filter for an export: every row from the
// first, one more than a sheet may hold so that too many can be told.
func (f svFilter) exportFilter() store.SupervisionFilter {
	sf := f.store(xlsx.MaxTableRows + 1)
	sf.Offset = 0
	return sf
}

// exportRows answers a view's rows as .xlsx, each row made text by cells,
// or refuses more than a sheet may hold.
func exportRows[T any](c *Console, w http.ResponseWriter, r *http.Request, name string, header []string, list []T,
	cells func(T) []string) {
	if len(list) > xlsx.MaxTableRows {
		c.tooManyRows(w, r)
		return
	}
	rows := make([][]string, len(list))
	for i, row := range list {
		rows[i] = cells(row)
	}
	c.exportTable(w, r, name, header, rows)
}

// itoa shows a count.
func itoa(n int) string { return strconv.Itoa(n) }
