package console_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"cyltrace"
)

// The overdue list and the recall candidates over HTTP: paging, orders,
// filters, and exports that hold every filtered row, as the screen shows
// them.

func TestSVOverduePagesAndExport(t *testing.T) {
	e := newOVEnv(t)
	// 55 overdue cylinders: more than a page. One unit's name would be a
	// formula in a spreadsheet.
	evil := e.mustUnit(t, 3, "=HYPERLINK(\"http://evil.example\",\"点击\")", ovJiulongpo, cyltrace.KindUsing)
	for i := range 55 {
		unit := e.yz
		if i%5 == 0 {
			unit = evil
		}
		e.cylinder(t, unit, e.overdue(1+i%13))
	}
	// Neither an in-date one nor a stopped one past its month is listed.
	e.cylinder(t, e.yz, nil)
	e.cylinder(t, e.yz, func(c *cyltrace.Cylinder) {
		c.Status, c.NextInspectionDate = cyltrace.StatusStopped, e.month.AddMonths(-3).String()
	})
	c := e.as(t, "city")

	first := ovDoc(t, c.get("/console/supervision/overdue"))
	_, page1 := ovRows(t, first, "overdue")
	if got := ovText(ovByID(t, first, "summary")); got != "第 1 页 共 2 页 显示 1 到 50 共 55 记录" {
		t.Errorf("summary = %q", got)
	}
	next := ovFind(first, func(n *html.Node) bool { return ovAttr(n, "rel") == "next" })
	if len(next) != 1 {
		t.Fatal("no next page link")
	}
	_, page2 := ovRows(t, ovDoc(t, c.get(ovAttr(next[0], "href"))), "overdue")
	if len(page1) != 50 || len(page2) != 5 {
		t.Fatalf("pages of %d and %d rows, want 50 and 5", len(page1), len(page2))
	}
	header, sheet := ovSheet(t, c.get("/console/supervision/overdue?format=xlsx"))
	if !slices.Equal(header, ovHeader(t, first, "overdue")) {
		t.Errorf("export header %v, screen %v", header, ovHeader(t, first, "overdue"))
	}
	screen := append(page1, page2...)
	if len(sheet) != len(screen) {
		t.Fatalf("export: %d rows, want all %d", len(sheet), len(screen))
	}
	for i := range screen {
		want := slices.Clone(screen[i])
		if strings.HasPrefix(want[0], "=") {
			want[0] = "'" + want[0] // neutralised: text, not a formula
		}
		if !slices.Equal(sheet[i], want) {
			t.Errorf("export row %d = %v, screen %v", i+1, sheet[i], screen[i])
		}
	}
	// By unit: each unit's rows together, its most overdue first.
	seen := map[string]bool{}
	for i, row := range screen {
		if i > 0 && row[0] == screen[i-1][0] {
			if row[6] < screen[i-1][6] {
				t.Errorf("row %d: due %s after %s within a unit", i+1, row[6], screen[i-1][6])
			}
			continue
		}
		if seen[row[0]] {
			t.Errorf("unit %s appears in two runs", row[0])
		}
		seen[row[0]] = true
	}

	// By next inspection: the most overdue first, months overdue matching.
	byNext := ovDoc(t, c.get("/console/supervision/overdue?sort=next"))
	_, rows := ovRows(t, byNext, "overdue")
	if rows[0][6] != e.month.AddMonths(-13).String() || rows[0][7] != "13" {
		t.Errorf("first by next inspection: %v, want due %s, 13 months overdue", rows[0], e.month.AddMonths(-13))
	}
	if cur := ovFind(ovByID(t, byNext, "sorts"), func(n *html.Node) bool { return ovAttr(n, "class") == "current" }); len(cur) != 1 || ovText(cur[0]) != "按下次检验日期" {
		t.Errorf("current order not marked")
	}
	if exp := ovAttr(ovByID(t, byNext, "export"), "href"); !strings.Contains(exp, "sort=next") {
		t.Errorf("export link %q loses the order", exp)
	}
	// An unknown order is the default one, not an error.
	if p := c.get("/console/supervision/overdue?sort=id%3BDROP"); p.status != http.StatusOK {
		t.Errorf("unknown sort: %d", p.status)
	}
	// Filters: a district, a unit code, a range of due months.
	_, rows = ovRows(t, ovDoc(t, c.get("/console/supervision/overdue?region="+ovJiulongpo)), "overdue")
	if len(rows) != 11 {
		t.Errorf("九龙坡区: %d rows, want the 11 of its unit", len(rows))
	}
	_, rows = ovRows(t, ovDoc(t, c.get("/console/supervision/overdue?unit="+e.yz.Code)), "overdue")
	if len(rows) != 44 {
		t.Errorf("unit %s: %d rows, want 44", e.yz.Code, len(rows))
	}
	from := e.month.AddMonths(-2).String() + "-01"
	_, rows = ovRows(t, ovDoc(t, c.get("/console/supervision/overdue?from="+from)), "overdue")
	for _, r := range rows {
		if r[6] < from[:7] {
			t.Errorf("from %s: row due %s", from, r[6])
		}
	}
	if len(rows) == 0 {
		t.Errorf("from %s: no rows", from)
	}
}

func TestSVRecallsByMaker(t *testing.T) {
	e := newOVEnv(t)
	const hx, zj = "重庆恒祥石油液化气钢瓶制造有限公司", "浙江金盾压力容器有限公司"
	for range 3 {
		e.cylinder(t, e.yz, unmarked(hx))
	}
	e.cylinder(t, e.jlp, unmarked(zj))
	// Not candidates: made in 2020, scrapped, not a gas cylinder, marked.
	e.cylinder(t, e.yz, func(c *cyltrace.Cylinder) { unmarked(hx)(c); c.ManufactureDate = "2020-12" })
	e.cylinder(t, e.yz, func(c *cyltrace.Cylinder) { unmarked(hx)(c); c.Status = cyltrace.StatusScrapped })
	e.cylinder(t, e.yz, func(c *cyltrace.Cylinder) { unmarked(hx)(c); c.MediumCode = "G1" })
	e.cylinder(t, e.yz, func(c *cyltrace.Cylinder) { c.ManufactureDate = "2023-01" })
	c := e.as(t, "city")

	doc := ovDoc(t, c.get("/console/supervision/recalls"))
	makers := ovFind(ovByID(t, doc, "makers"), func(n *html.Node) bool { return ovAttr(n, "data-manufacturer") != "" })
	if len(makers) != 2 || ovAttr(makers[0], "data-manufacturer") != hx || ovCol(t, makers[0], "count") != 3 ||
		ovCol(t, makers[1], "count") != 1 {
		t.Fatalf("makers: %d rows, want %s (3) then %s (1)", len(makers), hx, zj)
	}
	if _, rows := ovRows(t, doc, "recalls"); len(rows) != 4 {
		t.Errorf("candidates: %d, want 4", len(rows))
	}
	link := ovFind(makers[1], func(n *html.Node) bool { return n.Data == "a" })[0]
	one := ovDoc(t, c.get(ovAttr(link, "href")))
	_, screen := ovRows(t, one, "recalls")
	if len(screen) != 1 || screen[0][0] != zj || screen[0][7] != "九龙坡区" || screen[0][10] != "未绑定" {
		t.Errorf("%s's candidates: %v", zj, screen)
	}
	header, sheet := ovSheet(t, c.get(ovAttr(ovByID(t, one, "export"), "href")))
	if !slices.Equal(header, ovHeader(t, one, "recalls")) || fmt.Sprint(sheet) != fmt.Sprint(screen) {
		t.Errorf("export of %s: %v %v, screen %v", zj, header, sheet, screen)
	}
}
