package console_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"cyltrace"
	"cyltrace/internal/auth"
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
