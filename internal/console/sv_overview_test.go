package console_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"

	"cyltrace"
	"cyltrace/internal/auth"
	"cyltrace/internal/store"
)

// The overview, overdue list and recall candidates over HTTP, on a small
// city of two districts: 渝中区 (500103) and 九龙坡区 (500107). The store
// runs on the real clock here, so the data is dated from today.

const (
	ovYuzhong   = "500103"
	ovJiulongpo = "500107"
)

// ovEnv is a console with a unit in each district and accounts of the
// city bureau, of each district bureau and of a unit.
type ovEnv struct {
	*env
	yz, jlp *cyltrace.Unit
	n       int // numbers the archives' product numbers
	month   cyltrace.YearMonth
	today   string
}

func newOVEnv(t *testing.T) *ovEnv {
	e := &ovEnv{env: newEnv(t)}
	now := time.Now().In(cyltrace.CST)
	e.month, e.today = cyltrace.YearMonthOf(now), cyltrace.FormatDate(now)
	e.yz = e.mustUnit(t, 1, "重庆渝中燃气有限公司", ovYuzhong, cyltrace.KindFilling, cyltrace.KindUsing)
	e.jlp = e.mustUnit(t, 2, "重庆九龙坡燃气有限公司", ovJiulongpo, cyltrace.KindFilling, cyltrace.KindUsing)
	e.mustUser(t, "city", "", false, cyltrace.CityAdmin)
	e.mustUser(t, "yz-staff", ovYuzhong, false, cyltrace.DistrictAcceptor)
	e.mustUser(t, "jlp-staff", ovJiulongpo, false, cyltrace.DistrictReviewer)
	return e
}

// as logs a user in.
func (e *ovEnv) as(t *testing.T, username string) *client {
	c := e.client(t)
	c.login(username)
	return c
}

// cylinder stores an in-date, marked LPG cylinder of the unit, changed by
// mutate before it is stored.
func (e *ovEnv) cylinder(t *testing.T, unit *cyltrace.Unit, mutate func(*cyltrace.Cylinder)) *cyltrace.Cylinder {
	t.Helper()
	e.n++
	vol, _ := cyltrace.ParseDecimal("35.5")
	pressure, _ := cyltrace.ParseDecimal("2.1")
	c := &cyltrace.Cylinder{UseUnitID: unit.ID, UseUnitName: unit.Name, RegionCode: unit.RegionCode, VarietyCode: "2320",
		ProductNumber: fmt.Sprintf("OV%06d", e.n), MediumCode: "G13", Manufacturer: "重庆恒祥石油液化气钢瓶制造有限公司",
		ManufactureDate: "2020-08", NominalPressureMPa: pressure, VolumeL: vol, NextInspectionDate: e.month.AddMonths(24).String(),
		Status: cyltrace.StatusInUse, TagType: cyltrace.TagQR, InfoCode: fmt.Sprintf("CQ%016d", e.n),
		RegistrationDate: "2021-01-01"}
	if mutate != nil {
		mutate(c)
	}
	if err := e.store.CreateCylinder(context.Background(), c); err != nil {
		t.Fatalf("CreateCylinder: %v", err)
	}
	return c
}

// overdue makes a cylinder due months before this month.
func (e *ovEnv) overdue(months int) func(*cyltrace.Cylinder) {
	return func(c *cyltrace.Cylinder) { c.NextInspectionDate = e.month.AddMonths(-months).String() }
}

// unmarked makes a recall candidate: a gas cylinder made since 2021 without a tag.
func unmarked(maker string) func(*cyltrace.Cylinder) {
	return func(c *cyltrace.Cylinder) {
		c.ManufactureDate, c.TagType, c.InfoCode, c.Manufacturer = "2022-03", "", "", maker
	}
}

// fill submits a filling of c by unit today; a violation when violates.
func (e *ovEnv) fill(t *testing.T, unit *cyltrace.Unit, c *cyltrace.Cylinder, violates bool) {
	t.Helper()
	e.n++
	f := &cyltrace.Filling{SourceID: fmt.Sprintf("OV-F-%d", e.n), CylinderID: c.ID, MediumCode: c.MediumCode,
		Filler: "张三", FillingDate: e.today, FillingUnitName: unit.Name, UnitID: unit.ID, ClientID: 1}
	judge := func(*cyltrace.Cylinder, []store.ActiveLock, *cyltrace.Filling) ([]cyltrace.Reason, int) {
		if violates {
			return []cyltrace.Reason{{Code: cyltrace.ReasonInspectionOverdue, Message: "超期未检"}}, 1
		}
		return nil, 1
	}
	if _, err := e.store.SubmitFillingsJudged(context.Background(), []*cyltrace.Filling{f}, judge); err != nil {
		t.Fatalf("submit filling: %v", err)
	}
}

// ovCity is the small city: what each district holds.
type ovCity struct {
	yzOverdue, jlpOverdue []string // ids
	yzRecall, jlpRecall   string
}

// build stores, in 渝中区: 3 in-date, 2 overdue (one filled anyway), 1
// stopped, 1 recall candidate; in 九龙坡区: 2 in-date, 1 overdue, 1
// recall candidate; 3 fillings in 渝中区 (one a violation), 1 in 九龙坡区.
func (e *ovEnv) build(t *testing.T) ovCity {
	var city ovCity
	var yzIn *cyltrace.Cylinder
	for range 3 {
		yzIn = e.cylinder(t, e.yz, nil)
	}
	late := e.cylinder(t, e.yz, e.overdue(2))
	city.yzOverdue = []string{late.ID, e.cylinder(t, e.yz, e.overdue(7)).ID}
	e.cylinder(t, e.yz, func(c *cyltrace.Cylinder) { c.Status = cyltrace.StatusStopped })
	city.yzRecall = e.cylinder(t, e.yz, unmarked("重庆巴渝钢瓶制造有限公司")).ID
	var jlpIn *cyltrace.Cylinder
	for range 2 {
		jlpIn = e.cylinder(t, e.jlp, nil)
	}
	city.jlpOverdue = []string{e.cylinder(t, e.jlp, e.overdue(1)).ID}
	city.jlpRecall = e.cylinder(t, e.jlp, unmarked("浙江金盾压力容器有限公司")).ID
	e.fill(t, e.yz, yzIn, false)
	e.fill(t, e.yz, yzIn, false)
	e.fill(t, e.yz, late, true)
	e.fill(t, e.jlp, jlpIn, false)
	return city
}

// ---- reading the pages by id and attribute ----

func ovDoc(t *testing.T, p page) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(p.body))
	if err != nil {
		t.Fatalf("parse %s: %v", p.path, err)
	}
	return doc
}

func ovAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// ovFind returns the elements under n that match.
func ovFind(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && match(c) {
			out = append(out, c)
		}
		out = append(out, ovFind(c, match)...)
	}
	return out
}

func ovByID(t *testing.T, doc *html.Node, id string) *html.Node {
	t.Helper()
	found := ovFind(doc, func(n *html.Node) bool { return ovAttr(n, "id") == id })
	if len(found) != 1 {
		t.Fatalf("elements with id %q: %d, want 1", id, len(found))
	}
	return found[0]
}

func ovText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

// ovNumber reads the number shown in the element with the id.
func ovNumber(t *testing.T, doc *html.Node, id string) int {
	t.Helper()
	n, err := strconv.Atoi(ovText(ovByID(t, doc, id)))
	if err != nil {
		t.Fatalf("#%s: %v", id, err)
	}
	return n
}

// ovRows reads the body rows of the table with the id: each row's cells
// as text, and the rows' data-id or data-region.
func ovRows(t *testing.T, doc *html.Node, id string) (keys []string, rows [][]string) {
	t.Helper()
	table := ovByID(t, doc, id)
	for _, tbody := range ovFind(table, func(n *html.Node) bool { return n.Data == "tbody" }) {
		for _, tr := range ovFind(tbody, func(n *html.Node) bool { return n.Data == "tr" }) {
			key := ovAttr(tr, "data-id") + ovAttr(tr, "data-region")
			if key == "" {
				continue // the "no rows" line
			}
			var cells []string
			for _, td := range ovFind(tr, func(n *html.Node) bool { return n.Data == "td" || n.Data == "th" }) {
				cells = append(cells, ovText(td))
			}
			keys, rows = append(keys, key), append(rows, cells)
		}
	}
	return keys, rows
}

// ovHeader reads the column heads of the table with the id.
func ovHeader(t *testing.T, doc *html.Node, id string) []string {
	t.Helper()
	var heads []string
	for _, th := range ovFind(ovByID(t, doc, id), func(n *html.Node) bool { return n.Data == "th" && n.Parent.Parent.Data == "thead" }) {
		heads = append(heads, ovText(th))
	}
	return heads
}

// ovCol reads the cell with data-col=col of a row.
func ovCol(t *testing.T, row *html.Node, col string) int {
	t.Helper()
	cells := ovFind(row, func(n *html.Node) bool { return ovAttr(n, "data-col") == col })
	if len(cells) != 1 {
		t.Fatalf("row %s: %d cells %q", ovAttr(row, "data-region"), len(cells), col)
	}
	n, err := strconv.Atoi(ovText(cells[0]))
	if err != nil {
		t.Fatalf("row %s, %s: %v", ovAttr(row, "data-region"), col, err)
	}
	return n
}

// ovSheet opens an export and returns its header and rows.
func ovSheet(t *testing.T, p page) (header []string, rows [][]string) {
	t.Helper()
	if p.status != http.StatusOK || !strings.Contains(p.header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("export %s: %d %q\n%.500s", p.path, p.status, p.header.Get("Content-Disposition"), p.body)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(p.body)))
	if err != nil {
		t.Fatalf("open export: %v", err)
	}
	defer f.Close()
	all, err := f.GetRows(f.GetSheetName(0))
	if err != nil || len(all) == 0 {
		t.Fatalf("read export: %d rows, %v", len(all), err)
	}
	for _, r := range all[1:] {
		for len(r) < len(all[0]) {
			r = append(r, "") // excelize drops empty trailing cells
		}
		rows = append(rows, r)
	}
	return all[0], rows
}

// ---- the tests ----

func TestSVDistrictSeesOnlyItsDistrict(t *testing.T) {
	e := newOVEnv(t)
	city := e.build(t)
	yz := e.as(t, "yz-staff")

	p := yz.get("/console/supervision")
	if p.status != http.StatusOK {
		t.Fatalf("overview: %d\n%s", p.status, p.body)
	}
	doc := ovDoc(t, p)
	if got := ovText(ovByID(t, doc, "scope")); got != "渝中区" {
		t.Errorf("scope = %q, want 渝中区", got)
	}
	// 渝中区 holds 7 archives, 6 in use (one stopped), 2 of them overdue;
	// its unit filled 3 times today, once an overdue cylinder.
	for id, want := range map[string]int{"stat-total": 7, "stat-inuse": 6, "stat-overdue": 2, "stat-fillings": 3,
		"stat-violations": 1} {
		if got := ovNumber(t, doc, id); got != want {
			t.Errorf("#%s = %d, want %d (渝中区 only)", id, got, want)
		}
	}
	if keys, _ := ovRows(t, doc, "districts"); !slices.Equal(keys, []string{ovYuzhong}) {
		t.Errorf("district rows = %v, want 渝中区 alone", keys)
	}
	if strings.Contains(p.body, `name="region"`) {
		t.Errorf("a district user is offered the district choice")
	}

	for _, path := range []string{"/console/supervision?region=" + ovJiulongpo,
		"/console/supervision/overdue?region=" + ovJiulongpo, "/console/supervision/recalls?region=" + ovJiulongpo,
		"/console/supervision/overdue?format=xlsx&region=" + ovJiulongpo} {
		if p := yz.get(path); p.status != http.StatusForbidden || !strings.Contains(p.body, "只能查看本区县") {
			t.Errorf("%s: %d, want 403 with the reason", path, p.status)
		}
	}

	ids, _ := ovRows(t, ovDoc(t, yz.get("/console/supervision/overdue")), "overdue")
	slices.Sort(ids)
	want := slices.Sorted(slices.Values(city.yzOverdue))
	if !slices.Equal(ids, want) {
		t.Errorf("overdue list = %v, want 渝中区's %v", ids, want)
	}
	ids, _ = ovRows(t, ovDoc(t, yz.get("/console/supervision/recalls")), "recalls")
	if !slices.Equal(ids, []string{city.yzRecall}) {
		t.Errorf("recall candidates = %v, want 渝中区's %s", ids, city.yzRecall)
	}
	if _, rows := ovSheet(t, yz.get("/console/supervision/overdue?format=xlsx")); len(rows) != 2 {
		t.Errorf("overdue export: %d rows, want 渝中区's 2", len(rows))
	}
}

func TestSVOthersAreRefused(t *testing.T) {
	e := newOVEnv(t)
	u := &cyltrace.User{Username: e.yz.Code, DisplayName: "经办人", UnitID: e.yz.ID, Roles: []cyltrace.UserRole{cyltrace.UnitUser}}
	e.mustUserLike(t, u)
	c := e.as(t, e.yz.Code)
	for _, path := range []string{"/console/supervision", "/console/supervision/overdue", "/console/supervision/recalls?format=xlsx"} {
		if p := c.get(path); p.status != http.StatusForbidden {
			t.Errorf("a unit's user: %s: %d, want 403", path, p.status)
		}
	}
}

// mustUserLike stores u with goodPassword.
func (e *ovEnv) mustUserLike(t *testing.T, u *cyltrace.User) {
	t.Helper()
	hash, err := auth.HashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.store.CreateUser(context.Background(), u, hash); err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
}

func TestSVCityDistrictTableSumsToTotals(t *testing.T) {
	e := newOVEnv(t)
	e.build(t)
	c := e.as(t, "city")
	p := c.get("/console/supervision")
	doc := ovDoc(t, p)
	table := ovByID(t, doc, "districts")
	rows := ovFind(table, func(n *html.Node) bool { return n.Data == "tr" && ovAttr(n, "data-region") != "" })
	total := ovByID(t, doc, "district-total")
	if len(rows) != len(cyltrace.Regions())+1 {
		t.Fatalf("district table: %d rows, want the 42 districts and the totals", len(rows))
	}
	cols := map[string]string{"cylinders": "stat-total", "inuse": "stat-inuse", "overdue": "stat-overdue",
		"fillings": "stat-fillings", "violations": "stat-violations"}
	for col, stat := range cols {
		sum := 0
		for _, r := range rows[:len(rows)-1] {
			sum += ovCol(t, r, col)
		}
		if got := ovCol(t, total, col); got != sum || got != ovNumber(t, doc, stat) {
			t.Errorf("%s: rows sum to %d, totals row %d, #%s %d; want all equal", col, sum, got, stat, ovNumber(t, doc, stat))
		}
	}
	if got := ovNumber(t, doc, "stat-total"); got != 11 {
		t.Errorf("city total = %d, want 11", got)
	}

	// A district's row opens its view, whose figures are the row's.
	yz := ovFind(table, func(n *html.Node) bool { return ovAttr(n, "data-region") == ovYuzhong })[0]
	links := ovFind(yz, func(n *html.Node) bool { return n.Data == "a" })
	if len(links) != 1 || !strings.Contains(ovAttr(links[0], "href"), "region="+ovYuzhong) {
		t.Fatalf("渝中区 row links: %d", len(links))
	}
	view := ovDoc(t, c.get(ovAttr(links[0], "href")))
	if got, want := ovNumber(t, view, "stat-total"), ovCol(t, yz, "cylinders"); got != want {
		t.Errorf("渝中区 view: %d cylinders, its row says %d", got, want)
	}
	if got := ovText(ovByID(t, view, "scope")); got != "渝中区" {
		t.Errorf("scope = %q", got)
	}
	if charts := strings.Count(p.body, "<svg"); charts != 2 {
		t.Errorf("charts: %d, want the fillings and the violations", charts)
	}

	// The export is the table, totals included.
	header, sheet := ovSheet(t, c.get("/console/supervision?format=xlsx"))
	_, screen := ovRows(t, doc, "districts")
	var foot []string
	for _, cell := range ovFind(total, func(n *html.Node) bool { return n.Data == "td" || n.Data == "th" }) {
		foot = append(foot, ovText(cell))
	}
	screen = append(screen, foot)
	if !slices.Equal(header, ovHeader(t, doc, "districts")) || fmt.Sprint(sheet) != fmt.Sprint(screen) {
		t.Errorf("export:\n%v\n%v\nscreen:\n%v\n%v", header, sheet, ovHeader(t, doc, "districts"), screen)
	}
}
