package console_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cyltrace"
	"cyltrace/internal/auth"
	"cyltrace/internal/xlsx"
)

// TestFactoryPages: a maker sees the records it published and which of
// them are registered; the city bureau sees each maker's coverage; a user
// of another unit gets 403.
func TestFactoryPages(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	maker := e.mustUnit(t, 7, "重庆恒祥石油液化气钢瓶制造有限公司", "500113", cyltrace.KindManufacturer)
	using := e.mustUnit(t, 8, "重庆玉灵燃气有限公司", "500101", cyltrace.KindUsing)
	hash, err := auth.HashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []*cyltrace.User{
		{Username: maker.Code, DisplayName: "制造单位用户", UnitID: maker.ID, Roles: []cyltrace.UserRole{cyltrace.UnitUser}},
		{Username: using.Code, DisplayName: "使用单位用户", UnitID: using.ID, Roles: []cyltrace.UserRole{cyltrace.UnitUser}},
	} {
		if err := e.store.CreateUser(ctx, u, hash); err != nil {
			t.Fatal(err)
		}
	}
	e.mustUser(t, "city", "", false, cyltrace.CityAdmin)
	registered := e.mustCylinder(t, "500101") // made by 重庆恒祥…, product A…, 2020-08
	var recs []*cyltrace.FactoryRecord
	for i, product := range []string{registered.ProductNumber, "NOT-YET-REGISTERED"} {
		recs = append(recs, &cyltrace.FactoryRecord{SourceID: "MF-" + string(rune('1'+i)), ProductNumber: product,
			VarietyCode: "2320", MediumCode: "G13", ManufactureDate: "2020-08", NominalPressureMPa: registered.NominalPressureMPa,
			VolumeL: registered.VolumeL, SupervisionCertNo: "JJ-" + product, UnitID: maker.ID, MakerName: maker.Name})
	}
	if _, err := e.store.SubmitFactory(ctx, recs); err != nil {
		t.Fatal(err)
	}

	m := e.client(t)
	home := m.login(maker.Code)
	if !strings.Contains(home.body, `href="/console/factory"`) {
		t.Error("the maker's menu lacks 出厂信息")
	}
	p := m.get("/console/factory")
	if p.status != http.StatusOK || strings.Count(p.body, "<td class=\"reg\">已登记</td>") != 1 ||
		strings.Count(p.body, "<td class=\"reg\">未登记</td>") != 1 || !strings.Contains(p.body, registered.RegistrationCertNumber) {
		t.Errorf("maker's page:\n%s", p.body)
	}
	u := e.client(t)
	u.login(using.Code)
	if p = u.get("/console/factory"); p.status != http.StatusForbidden {
		t.Errorf("a using unit opened the factory page: %d", p.status)
	}
	city := e.client(t)
	city.login("city")
	p = city.get("/console/factory/coverage")
	row := p.body[strings.Index(p.body, `data-unit="`+maker.Code+`"`):]
	row = row[:strings.Index(row, "</tr>")]
	for _, want := range []string{`<td class="num">2</td>`, `<td class="num">1</td>`, `<td class="num with">1</td>`, `<td class="num without">0</td>`} {
		if !strings.Contains(row, want) {
			t.Errorf("coverage row lacks %s: %s", want, row)
		}
	}
	if p = m.get("/console/factory/coverage"); p.status != http.StatusForbidden {
		t.Errorf("a maker opened the coverage page: %d", p.status)
	}
}

// TestFactoryUpload: a maker without a platform uploads its factory data as
// Excel; bad rows are listed with their reasons, a second upload of the
// same rows stores nothing twice.
func TestFactoryUpload(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	maker := e.mustUnit(t, 7, "重庆恒祥石油液化气钢瓶制造有限公司", "500113", cyltrace.KindManufacturer)
	maker.MakerCode = "101"
	if err := e.store.UpdateUnit(ctx, maker); err != nil {
		t.Fatal(err)
	}
	hash, _ := auth.HashPassword(goodPassword)
	if err := e.store.CreateUser(ctx, &cyltrace.User{Username: maker.Code, DisplayName: "制造单位用户", UnitID: maker.ID,
		Roles: []cyltrace.UserRole{cyltrace.UnitUser}}, hash); err != nil {
		t.Fatal(err)
	}
	m := e.client(t)
	m.login(maker.Code)
	page := m.get("/console/factory")
	tmpl := m.get("/console/factory/template.xlsx")
	f, err := excelize.OpenReader(strings.NewReader(tmpl.body))
	if err != nil {
		t.Fatalf("factory template: %v", err)
	}
	rows := [][]any{
		{"MF-1", "A030105", "101210000105", "2320 焊接气瓶", "G13 液化石油气", "2021-06", "2.10", "35.50", "JJ2021-0105", "", "https://maker.example.cn/t/1"},
		{"MF-2", "A030106", "", "2320 焊接气瓶", "G13 液化石油气", "2021-06", "2.10", "35.555", "JJ2021-0106", "", ""},
		{"MF-3", "A030107", "202210000107", "2320 焊接气瓶", "G13 液化石油气", "2021-06", "2.10", "35.50", "JJ2021-0107", "", ""},
	}
	for i, row := range rows {
		if err := f.SetSheetRow(xlsx.FactorySheetName, fmt.Sprintf("A%d", i+2), &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	csrf := page.field(t, "csrf")
	p := m.postMultipart("/console/factory/upload", url.Values{"csrf": {csrf}}, upload{"file", "出厂信息.xlsx", buf.Bytes()})
	if !strings.Contains(p.body, "新增 <b>1</b> 条，已发布过（来源记录ID相同）<b>0</b> 条，未导入 <b>2</b> 条") ||
		!strings.Contains(p.body, "容积") || !strings.Contains(p.body, "制造单位代码 101") {
		t.Fatalf("upload result:\n%s", p.body)
	}
	p = m.postMultipart("/console/factory/upload", url.Values{"csrf": {csrf}}, upload{"file", "出厂信息.xlsx", buf.Bytes()})
	if !strings.Contains(p.body, "新增 <b>0</b> 条，已发布过（来源记录ID相同）<b>1</b> 条") {
		t.Errorf("second upload:\n%s", p.body)
	}
	rec, err := e.store.FactoryFor(ctx, &cyltrace.Cylinder{ProductNumber: "101210000105"})
	if err != nil || rec == nil || rec.MakerName != maker.Name || rec.VolumeL.String() != "35.50" {
		t.Errorf("stored record: %+v %v", rec, err)
	}
}
