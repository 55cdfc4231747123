package console_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"cyltrace"
	"cyltrace/internal/store"

	"github.com/xuri/excelize/v2"
)

// svUnitsEnv is a console with two LPG filling units — a in 渝中区 (500103),
// b in 九龙坡区 (500107) — the maker of their cylinders, and the bureaus:
// city (市局), yz (渝中区) and jlp (九龙坡区). Three days ago a filled its
// overdue cylinder (INSPECTION_OVERDUE) and b's cylinder (NOT_OWN_CYLINDER),
// b filled its own cylinder too (one cylinder, two units) and an unknown
// code (NOT_FOUND): three violations, submitted through the store's judged
// path as the API does.
type svUnitsEnv struct {
	*env
	a, b, maker        *cyltrace.Unit
	overdueA, ownB     *cyltrace.Cylinder
	fillDate, unknownB string
}

func newSvUnitsEnv(t *testing.T) *svUnitsEnv {
	e := &svUnitsEnv{env: newEnv(t), unknownB: "CY0000000000000999"}
	e.a = e.mustUnit(t, 701, "重庆玉灵燃气有限公司", "500103", cyltrace.KindFilling, cyltrace.KindUsing)
	e.b = e.mustUnit(t, 702, "重庆新隆液化气有限公司", "500107", cyltrace.KindFilling, cyltrace.KindUsing)
	e.maker = e.mustUnit(t, 703, "重庆恒祥石油液化气钢瓶制造有限公司", "500113", cyltrace.KindManufacturer)
	e.mustUser(t, "city", "", false, cyltrace.CityAdmin)
	e.mustUser(t, "yz", "500103", false, cyltrace.DistrictAcceptor)
	e.mustUser(t, "jlp", "500107", false, cyltrace.DistrictReviewer)
	now := time.Now()
	e.fillDate = cyltrace.FormatDate(now.AddDate(0, 0, -3))
	e.ownedCylinder(t, e.a, "500103", "2030-08")
	e.overdueA = e.ownedCylinder(t, e.a, "500103", cyltrace.YearMonthOf(now).AddMonths(-2).String())
	e.ownB = e.ownedCylinder(t, e.b, "500107", "2030-08")
	e.fill(t, e.a, "F-A1", e.overdueA.ID)
	e.fill(t, e.a, "F-A2", e.ownB.ID)
	e.fill(t, e.b, "F-B1", e.ownB.ID)
	e.fill(t, e.b, "F-B2", e.unknownB)
	return e
}

// ownedCylinder stores an LPG cylinder registered to a unit.
func (e *svUnitsEnv) ownedCylinder(t *testing.T, owner *cyltrace.Unit, region, next string) *cyltrace.Cylinder {
	t.Helper()
	code, err := cyltrace.NewInfoCode(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	vol, _ := cyltrace.ParseDecimal("35.5")
	pressure, _ := cyltrace.ParseDecimal("2.1")
	c := &cyltrace.Cylinder{UseUnitID: owner.ID, UseUnitName: owner.Name, RegionCode: region, VarietyCode: "2320",
		ProductNumber: "A" + code[2:9], MediumCode: "G13", Manufacturer: e.maker.Name, ManufactureDate: "2020-08",
		NominalPressureMPa: pressure, VolumeL: vol, LastInspectionDate: "2024-08-10", NextInspectionDate: next,
		Status: cyltrace.StatusInUse, TagType: cyltrace.TagQR, InfoCode: code, RegistrationCertNumber: "瓶32渝A00001(21)",
		RegistrationDate: "2021-01-01", RegistrationAuthority: "重庆市渝中区市场监督管理局"}
	if err := e.store.CreateCylinder(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

// fill submits an LPG filling judged by the default rules, as the API does.
func (e *svUnitsEnv) fill(t *testing.T, unit *cyltrace.Unit, source, cylinderID string) {
	t.Helper()
	rules := cyltrace.DefaultRuleTable()
	judge := func(c *cyltrace.Cylinder, locks []store.ActiveLock, f *cyltrace.Filling) ([]cyltrace.Reason, int) {
		return rules.Check(cyltrace.FillingCheck{Cylinder: c, MediumCode: f.MediumCode, CallerUnitID: f.UnitID}, f.At()),
			rules.Version
	}
	f := &cyltrace.Filling{SourceID: source, CylinderID: cylinderID, MediumCode: "G13", Filler: "张三",
		FillingDate: e.fillDate, FillingUnitName: unit.Name, UnitID: unit.ID, ClientID: 1}
	if _, err := e.store.SubmitFillingsJudged(context.Background(), []*cyltrace.Filling{f}, judge); err != nil {
		t.Fatal(err)
	}
}

// violationID returns the id of the unit's violation whose reasons name code.
func (e *svUnitsEnv) violationID(t *testing.T, unit *cyltrace.Unit, code string) int64 {
	t.Helper()
	list, _, err := e.store.ViolationRecords(context.Background(), store.SupervisionFilter{UnitID: unit.ID}, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range list {
		for _, r := range v.Reasons {
			if r.Code == code {
				return v.ID
			}
		}
	}
	t.Fatalf("no %s violation of %s", code, unit.Name)
	return 0
}

var (
	trRe   = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	tdRe   = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
	tagRe  = regexp.MustCompile(`<[^>]+>`)
	dataRe = regexp.MustCompile(`data-violation="(\d+)"`)
)

// tableRows returns the cell texts of the body rows of the table with id,
// without its last columns when drop > 0 (the actions, not exported).
func tableRows(t *testing.T, body, id string, drop int) [][]string {
	t.Helper()
	start := strings.Index(body, `id="`+id+`"`)
	if start < 0 {
		t.Fatalf("no table #%s in:\n%s", id, body)
	}
	rest := body[start:]
	tbody := rest[strings.Index(rest, "<tbody>"):strings.Index(rest, "</tbody>")]
	var rows [][]string
	for _, tr := range trRe.FindAllStringSubmatch(tbody, -1) {
		var cells []string
		for _, td := range tdRe.FindAllStringSubmatch(tr[1], -1) {
			cells = append(cells, strings.TrimSpace(html.UnescapeString(tagRe.ReplaceAllString(td[1], ""))))
		}
		if len(cells) > drop {
			cells = cells[:len(cells)-drop]
		}
		rows = append(rows, cells)
	}
	return rows
}

// exportRows downloads an .xlsx export and returns its rows below the
// header, padded to the header's width (excelize drops empty trailing cells).
func exportRows(t *testing.T, c *client, path string) ([]string, [][]string) {
	t.Helper()
	p := c.get(path)
	if p.status != http.StatusOK || !strings.Contains(p.header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("export %s: %d %s\n%s", path, p.status, p.header.Get("Content-Type"), p.body)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(p.body)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil || len(rows) == 0 {
		t.Fatalf("export %s: %d rows, %v", path, len(rows), err)
	}
	for i := range rows {
		for len(rows[i]) < len(rows[0]) {
			rows[i] = append(rows[i], "")
		}
	}
	return rows[0], rows[1:]
}

func sameRows(a, b [][]string) bool {
	return fmt.Sprint(a) == fmt.Sprint(b) && len(a) == len(b)
}

func TestSvViolationsScope(t *testing.T) {
	e := newSvUnitsEnv(t)
	jlp := e.client(t)
	jlp.login("jlp")
	if p := jlp.get("/console/supervision/violations?region=500103"); p.status != http.StatusForbidden {
		t.Errorf("九龙坡区 asking for 渝中区: %d, want 403", p.status)
	}
	p := jlp.get("/console/supervision/violations")
	if p.status != http.StatusOK {
		t.Fatalf("九龙坡区 violations: %d\n%s", p.status, p.body)
	}
	rows := tableRows(t, p.body, "vio-records", 1)
	if len(rows) != 1 || rows[0][2] != e.b.Name || !strings.Contains(rows[0][5], e.unknownB+"（无档案）") ||
		!strings.HasPrefix(rows[0][7], "无档案：") {
		t.Errorf("九龙坡区 sees %v, want b's filling of an unknown code alone", rows)
	}
	// The cylinder b and a both filled is b's district's business as well.
	units := tableRows(t, p.body, "vio-units", 0)
	if len(units) != 1 || !strings.Contains(units[0][0], e.b.Name) || units[0][2] != "1" || units[0][len(units[0])-1] != "1" {
		t.Errorf("九龙坡区 per unit = %v, want b with 1 violation and 1 cylinder filled by two units", units)
	}
	multi := tableRows(t, jlp.get("/console/supervision/violations?view=multi").body, "vio-multi", 1)
	if len(multi) != 1 || multi[0][0] != e.ownB.ID || multi[0][4] != "2" ||
		!strings.Contains(multi[0][5], e.a.Name) || !strings.Contains(multi[0][5], e.b.Name) {
		t.Errorf("cylinders filled by two units = %v, want %s by a and b", multi, e.ownB.ID)
	}

	city := e.client(t)
	city.login("city")
	all := tableRows(t, city.get("/console/supervision/violations").body, "vio-records", 1)
	if len(all) != 3 {
		t.Errorf("city-wide violations = %d rows, want 3: %v", len(all), all)
	}
	yuzhong := tableRows(t, city.get("/console/supervision/violations?region=500103").body, "vio-records", 1)
	if len(yuzhong) != 2 || yuzhong[0][2] != e.a.Name || yuzhong[1][2] != e.a.Name {
		t.Errorf("city asking for 渝中区 = %v, want a's two", yuzhong)
	}
	byUnit := tableRows(t, city.get("/console/supervision/violations?unit="+e.b.Code).body, "vio-records", 1)
	if len(byUnit) != 1 || byUnit[0][3] != e.b.Code {
		t.Errorf("city asking for b = %v", byUnit)
	}

	e.mustUser(t, e.a.Code, "", false, cyltrace.UnitUser)
	unit := e.client(t)
	unit.login(e.a.Code)
	for _, path := range []string{"/console/supervision/violations", "/console/supervision/docking", "/console/supervision/credit"} {
		if p := unit.get(path); p.status != http.StatusForbidden {
			t.Errorf("a unit's user opening %s: %d, want 403", path, p.status)
		}
	}
}

func TestSvViolationHandleAndLock(t *testing.T) {
	e := newSvUnitsEnv(t)
	overdue := e.violationID(t, e.a, cyltrace.ReasonInspectionOverdue)
	notOwn := e.violationID(t, e.a, cyltrace.ReasonNotOwnCylinder)
	yz := e.client(t)
	yz.login("yz")
	csrf := yz.get("/console/supervision/violations").field(t, "csrf")
	back := "/console/supervision/violations?view=&page=1"
	handle := func(c *client, id int64, opinion, csrf string) page {
		return c.post(fmt.Sprintf("/console/supervision/violations/%d/handle", id),
			url.Values{"csrf": {csrf}, "opinion": {opinion}, "back": {back}})
	}

	p := handle(yz, overdue, "  ", csrf)
	if p.status != http.StatusOK || !strings.Contains(p.body, "请填写处理意见") {
		t.Errorf("handling without an opinion: %d, want the list with 请填写处理意见\n%s", p.status, p.body)
	}
	opinion := "已现场检查，责令该单位将超期气瓶送检"
	p = handle(yz, overdue, opinion, csrf)
	if !strings.Contains(p.body, fmt.Sprintf("违规记录 %d 已标记为已处理", overdue)) {
		t.Errorf("handling: no confirmation\n%s", p.body)
	}
	row := violationRow(t, p.body, overdue)
	if row[9] != "已处理" || row[11] != "yz" || row[12] != opinion || row[10] == "" {
		t.Errorf("handled row = %v, want 已处理 by yz with the opinion", row)
	}
	if strings.Contains(violationRowHTML(t, p.body, overdue), `/handle"`) {
		t.Errorf("a handled violation still offers the handling form")
	}
	if p = handle(yz, overdue, "再次处理", csrf); !strings.Contains(p.body, "不能重复处理") {
		t.Errorf("second handling: no refusal\n%s", p.body)
	}
	audit, err := e.store.AuditLog(context.Background(), store.AuditFilter{Action: "violation.handle"})
	if err != nil || len(audit) != 1 || audit[0].Actor != "user:yz" || !strings.Contains(string(audit[0].After), opinion) {
		t.Errorf("audit of handling = %+v, %v", audit, err)
	}

	// 九龙坡区 may neither handle nor lock 渝中区's violation.
	jlp := e.client(t)
	jlp.login("jlp")
	jlpCSRF := jlp.get("/console/supervision/violations").field(t, "csrf")
	if p := handle(jlp, notOwn, "越权处理", jlpCSRF); p.status != http.StatusForbidden {
		t.Errorf("九龙坡区 handling 渝中区's violation: %d, want 403", p.status)
	}
	if p := jlp.post(fmt.Sprintf("/console/supervision/violations/%d/lock", overdue),
		url.Values{"csrf": {jlpCSRF}, "back": {back}}); p.status != http.StatusForbidden {
		t.Errorf("九龙坡区 locking from 渝中区's violation: %d, want 403", p.status)
	}

	// 渝中区 locks its own unit's overdue cylinder from the row.
	p = yz.post(fmt.Sprintf("/console/supervision/violations/%d/lock", overdue), url.Values{"csrf": {csrf}, "back": {back}})
	if !strings.Contains(p.body, "气瓶 "+e.overdueA.ID+" 已锁定") {
		t.Errorf("lock from the row: no confirmation\n%s", p.body)
	}
	_, locks, err := e.store.CylinderForCheck(context.Background(), "id", e.overdueA.ID)
	if err != nil || len(locks) != 1 || !strings.Contains(locks[0].Reason, fmt.Sprintf("违规充装记录%d", overdue)) ||
		locks[0].LockedBy != "user:yz" {
		t.Errorf("locks of the overdue cylinder = %+v, %v; want one citing violation %d by yz", locks, err, overdue)
	}
	if html := violationRowHTML(t, p.body, overdue); strings.Contains(html, `/lock"`) || !strings.Contains(html, "已锁定") {
		t.Errorf("the locked cylinder's row still offers a lock:\n%s", html)
	}
	// b's cylinder is registered in 九龙坡区: the lock page's rule leaves it to that district.
	if html := violationRowHTML(t, p.body, notOwn); strings.Contains(html, `/lock"`) || !strings.Contains(html, "请联系该区县局锁定") {
		t.Errorf("渝中区 is offered a lock of 九龙坡区's cylinder:\n%s", html)
	}
	if p := yz.post(fmt.Sprintf("/console/supervision/violations/%d/lock", notOwn),
		url.Values{"csrf": {csrf}, "back": {back}}); p.status != http.StatusForbidden {
		t.Errorf("渝中区 locking 九龙坡区's cylinder: %d, want 403", p.status)
	}

	open := tableRows(t, yz.get("/console/supervision/violations?state=open").body, "vio-records", 1)
	if len(open) != 1 || open[0][0] != fmt.Sprint(notOwn) {
		t.Errorf("open violations of 渝中区 = %v, want %d alone", open, notOwn)
	}
}

// violationRowHTML returns the markup of one violation's row.
func violationRowHTML(t *testing.T, body string, id int64) string {
	t.Helper()
	start := strings.Index(body, fmt.Sprintf(`data-violation="%d"`, id))
	if start < 0 {
		t.Fatalf("no row of violation %d:\n%s", id, body)
	}
	return body[start : start+strings.Index(body[start:], "</tr>")]
}

func violationRow(t *testing.T, body string, id int64) []string {
	t.Helper()
	for _, row := range tableRows(t, body, "vio-records", 1) {
		if row[0] == fmt.Sprint(id) {
			return row
		}
	}
	t.Fatalf("no row of violation %d", id)
	return nil
}

func TestSvViolationsExport(t *testing.T) {
	e := newSvUnitsEnv(t)
	city := e.client(t)
	city.login("city")
	for _, view := range []struct{ page, table string }{
		{"/console/supervision/violations", "vio-records"},
		{"/console/supervision/violations?state=open", "vio-records"},
		{"/console/supervision/violations?view=multi", "vio-multi"},
	} {
		p := city.get(view.page)
		screen := tableRows(t, p.body, view.table, 1)
		link := regexp.MustCompile(`href="([^"]*format=xlsx[^"]*)"`).FindStringSubmatch(p.body)
		if link == nil {
			t.Fatalf("%s: no export link", view.page)
		}
		_, rows := exportRows(t, city, html.UnescapeString(link[1]))
		if len(screen) == 0 || !sameRows(rows, screen) {
			t.Errorf("%s: export rows\n%v\nwant the screen's\n%v", view.page, rows, screen)
		}
	}
	if ids := dataRe.FindAllString(city.get("/console/supervision/violations").body, -1); len(ids) != 3 {
		t.Errorf("violation rows with ids = %d, want 3", len(ids))
	}
}

func TestSvDocking(t *testing.T) {
	e := newSvUnitsEnv(t)
	if err := e.store.CreateClient(context.Background(), &cyltrace.APIClient{AppKey: "ak_a", UnitID: e.a.ID,
		Role: cyltrace.RoleFilling}, "hash"); err != nil {
		t.Fatal(err)
	}
	city := e.client(t)
	city.login("city")
	p := city.get("/console/supervision/docking")
	if p.status != http.StatusOK {
		t.Fatalf("docking: %d\n%s", p.status, p.body)
	}
	rows := tableRows(t, p.body, "dock-units-table", 0)
	byCode := map[string][]string{}
	for _, r := range rows {
		byCode[r[1]] = r
	}
	// a: LPG, a client, four records this month, first upload long after 2022-06-30.
	if r := byCode[e.a.Code]; r == nil || r[4] != "燃气" || r[5] != "2022-06-30" || r[7] != "有（1个）" || r[10] != "2" ||
		r[12] != store.DockLate {
		t.Errorf("a's docking = %v", r)
	}
	// The maker of LPG cylinders never uploaded: late since 2021-08-31.
	if r := byCode[e.maker.Code]; r == nil || r[5] != "2021-08-31" || r[8] != "" || r[12] != store.DockMissing {
		t.Errorf("maker's docking = %v", r)
	}
	if len(rows) != 3 {
		t.Errorf("docking rows = %d, want a, b and the maker", len(rows))
	}
	regions := tableRows(t, p.body, "dock-regions", 0)
	if len(regions) != 3 || !strings.Contains(p.body, `<b id="dock-late">1</b>`) {
		t.Errorf("per district = %v", regions)
	}
	_, export := exportRows(t, city, "/console/supervision/docking?format=xlsx")
	if !sameRows(export, rows) {
		t.Errorf("docking export\n%v\nwant the screen's\n%v", export, rows)
	}

	jlp := e.client(t)
	jlp.login("jlp")
	if p := jlp.get("/console/supervision/docking?region=500103"); p.status != http.StatusForbidden {
		t.Errorf("九龙坡区 asking for 渝中区's docking: %d, want 403", p.status)
	}
	own := tableRows(t, jlp.get("/console/supervision/docking").body, "dock-units-table", 0)
	if len(own) != 1 || own[0][1] != e.b.Code {
		t.Errorf("九龙坡区 docking = %v, want b alone", own)
	}
}

func TestSvCredit(t *testing.T) {
	e := newSvUnitsEnv(t)
	city := e.client(t)
	city.login("city")
	p := city.get("/console/supervision/credit?sort=violations")
	if p.status != http.StatusOK {
		t.Fatalf("credit: %d\n%s", p.status, p.body)
	}
	rows := tableRows(t, p.body, "credit-units", 1)
	// a: two violations, the overdue cylinder it owns; b: one; the maker none.
	if len(rows) != 3 || rows[0][1] != e.a.Code || rows[0][4] != "2" || rows[0][5] != "2" || rows[0][7] != "1" ||
		rows[1][1] != e.b.Code || rows[1][4] != "1" || !strings.HasPrefix(rows[2][8], store.DockMissing) {
		t.Errorf("credit by violations = %v", rows)
	}
	link := regexp.MustCompile(`href="([^"]*format=xlsx[^"]*)"`).FindStringSubmatch(p.body)
	_, export := exportRows(t, city, html.UnescapeString(link[1]))
	if !sameRows(export, rows) {
		t.Errorf("credit export\n%v\nwant the screen's\n%v", export, rows)
	}
	byCode := tableRows(t, city.get("/console/supervision/credit?sort=unit").body, "credit-units", 1)
	if byCode[0][1] > byCode[1][1] || byCode[1][1] > byCode[2][1] {
		t.Errorf("credit by code = %v", byCode)
	}
	// An unknown sort key falls back to the default, not to an error.
	if p := city.get("/console/supervision/credit?sort=name;drop"); p.status != http.StatusOK {
		t.Errorf("credit with a bad sort: %d", p.status)
	}

	yz := e.client(t)
	yz.login("yz")
	if p := yz.get("/console/supervision/credit?region=500107"); p.status != http.StatusForbidden {
		t.Errorf("渝中区 asking for 九龙坡区's credit: %d, want 403", p.status)
	}
	own := tableRows(t, yz.get("/console/supervision/credit").body, "credit-units", 1)
	if len(own) != 1 || own[0][1] != e.a.Code {
		t.Errorf("渝中区 credit = %v, want a alone (the maker is in 500113)", own)
	}
}
