package console_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"cyltrace"
	"cyltrace/internal/auth"
	"cyltrace/internal/store"
)

var unitCodeRe = regexp.MustCompile(`data-unit-code="([^"]+)"`)

// unitCodes lists the units a page shows.
func unitCodes(p page) []string {
	var codes []string
	for _, m := range unitCodeRe.FindAllStringSubmatch(p.body, -1) {
		codes = append(codes, m[1])
	}
	return codes
}

func TestCityAdminCreatesUnit(t *testing.T) {
	e := newEnv(t)
	e.mustUser(t, "city", "", false, cyltrace.CityAdmin)
	c := e.client(t)
	c.login("city")
	form := c.get("/console/units/new")
	if form.status != http.StatusOK || !strings.Contains(form.body, `name="kinds" value="filling"`) {
		t.Fatalf("unit form: got %d\n%s", form.status, form.body)
	}
	csrf := form.field(t, "csrf")
	code := testUnitCode(t, 1)

	p := c.post("/console/units/new", url.Values{"csrf": {csrf}, "code": {"12345"}, "name": {"重庆某燃气有限公司"},
		"regionCode": {"500101"}})
	for _, id := range []string{`id="error-code"`, `id="error-kinds"`} {
		if !strings.Contains(p.body, id) {
			t.Errorf("invalid unit: want %s on the form\n%s", id, p.body)
		}
	}
	if !strings.Contains(p.body, `value="重庆某燃气有限公司"`) {
		t.Errorf("invalid unit: the form lost the name")
	}

	valid := url.Values{"csrf": {csrf}, "code": {code}, "name": {"重庆某燃气有限公司"}, "regionCode": {"500101"},
		"kinds": {"filling", "using"}}
	p = c.post("/console/units/new", valid)
	if p.path != "/console/units" || !strings.Contains(p.body, "已创建") || !slices.Contains(unitCodes(p), code) {
		t.Fatalf("create: got %d %s, want the list with the flash and the unit\n%s", p.status, p.path, p.body)
	}
	u, err := e.store.UnitByCode(t.Context(), code)
	if err != nil || u.RegionCode != "500101" || !u.HasKind(cyltrace.KindUsing) {
		t.Fatalf("stored unit: %+v, %v", u, err)
	}
	log, err := e.store.AuditLog(t.Context(), store.AuditFilter{Action: "unit.create", Object: code})
	if err != nil || len(log) != 1 || log[0].Actor != "user:city" {
		t.Fatalf("audit of the unit: %+v, %v; want one unit.create by user:city", log, err)
	}

	p = c.post("/console/units/new", valid)
	if !strings.Contains(p.body, `id="form-error"`) || !strings.Contains(p.body, "已存在") {
		t.Fatalf("duplicate code: want the conflict message\n%s", p.body)
	}
}

func TestUnitsScopedByRegion(t *testing.T) {
	e := newEnv(t)
	e.mustUser(t, "city", "", false, cyltrace.CityAdmin)
	e.mustUser(t, "wanzhou", "500101", false, cyltrace.DistrictAcceptor)
	var own, other []string
	for i := range 3 {
		own = append(own, e.mustUnit(t, 10+i, fmt.Sprintf("万州燃气%d", i), "500101", cyltrace.KindFilling).Code)
	}
	for i := range 2 {
		other = append(other, e.mustUnit(t, 20+i, fmt.Sprintf("涪陵燃气%d", i), "500102", cyltrace.KindUsing).Code)
	}

	d := e.client(t)
	home := d.login("wanzhou")
	if !strings.Contains(home.body, `href="/console/units"`) || strings.Contains(home.body, `href="/console/users"`) {
		t.Errorf("district menu: want 单位管理 and no 用户管理")
	}
	p := d.get("/console/units")
	if got := unitCodes(p); !slices.Equal(got, own) {
		t.Errorf("district user's units: got %v, want %v", got, own)
	}
	if !strings.Contains(p.body, `name="region"`) || strings.Contains(p.body, "500102") {
		t.Errorf("district user's region select: want only its own region")
	}
	if p = d.get("/console/units?region=500101&q=" + url.QueryEscape("燃气1")); !slices.Equal(unitCodes(p), own[1:2]) {
		t.Errorf("search by name: got %v, want %v", unitCodes(p), own[1:2])
	}
	p = d.get("/console/units?region=500102")
	if p.status != http.StatusForbidden || !strings.Contains(p.body, "没有权限") {
		t.Fatalf("another region by URL: got %d, want the 403 page", p.status)
	}

	a := e.client(t)
	home = a.login("city")
	for _, path := range []string{"/console/units", "/console/users", "/console/clients"} {
		if !strings.Contains(home.body, `href="`+path+`"`) {
			t.Errorf("city admin's menu lacks %s", path)
		}
	}
	if got := unitCodes(a.get("/console/units")); len(got) != 5 {
		t.Errorf("city admin, all regions: got %v, want 5 units", got)
	}
	if got := unitCodes(a.get("/console/units?region=500102")); !slices.Equal(got, other) {
		t.Errorf("city admin, 500102: got %v, want %v", got, other)
	}
	p = a.get("/console/units")
	if got := unitCodes(p); !slices.Equal(got, other) || !strings.Contains(p.body, `value="500102" selected`) {
		t.Errorf("city admin, remembered region: got %v, want %v with 500102 selected", got, other)
	}
	if got := unitCodes(a.get("/console/units?q=" + strings.ToLower(own[2][8:]))); !slices.Equal(got, nil) {
		t.Errorf("search in the remembered region 500102 for a unit of 500101: got %v, want none", got)
	}
	if got := unitCodes(a.get("/console/units?region=&q=" + strings.ToLower(own[2][8:]))); !slices.Equal(got, own[2:]) {
		t.Errorf("search by code in all regions: got %v, want %v", got, own[2:])
	}
	if got := unitCodes(a.get("/console/units")); len(got) != 5 {
		t.Errorf("city admin after choosing all regions: got %d units, want 5", len(got))
	}
}

func TestUnitsPaging(t *testing.T) {
	e := newEnv(t)
	e.mustUser(t, "city", "", false, cyltrace.CityAdmin)
	for i := range 51 {
		e.mustUnit(t, 100+i, fmt.Sprintf("单位%02d", i), "500103", cyltrace.KindUsing)
	}
	c := e.client(t)
	c.login("city")
	p := c.get("/console/units")
	if got := len(unitCodes(p)); got != 50 || !strings.Contains(p.body, `rel="next"`) {
		t.Fatalf("page 1: got %d units, want 50 and a next link", got)
	}
	p = c.get("/console/units?page=2")
	if got := len(unitCodes(p)); got != 1 || strings.Contains(p.body, `rel="next"`) || !strings.Contains(p.body, `rel="prev"`) {
		t.Fatalf("page 2: got %d units, want 1 and only a prev link", got)
	}
	p = c.get("/console/units?q=" + url.QueryEscape("单位") + "&page=2")
	if got := len(unitCodes(p)); got != 1 {
		t.Fatalf("search page 2: got %d units, want 1", got)
	}
}

func TestAdminPagesForbiddenToOthers(t *testing.T) {
	e := newEnv(t)
	e.mustUser(t, "wanzhou", "500101", false, cyltrace.DistrictApprover)
	unit := e.mustUnit(t, 1, "重庆某燃气有限公司", "500101", cyltrace.KindFilling)
	hash, err := auth.HashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	uu := &cyltrace.User{Username: "unituser", DisplayName: "单位用户", UnitID: unit.ID, Roles: []cyltrace.UserRole{cyltrace.UnitUser}}
	if err := e.store.CreateUser(t.Context(), uu, hash); err != nil {
		t.Fatal(err)
	}

	d := e.client(t)
	csrf := d.login("wanzhou").field(t, "csrf")
	for _, path := range []string{"/console/users", "/console/users/new", "/console/clients", "/console/clients/new", "/console/units/new"} {
		if p := d.get(path); p.status != http.StatusForbidden {
			t.Errorf("district user GET %s: got %d, want 403", path, p.status)
		}
	}
	for _, path := range []string{"/console/units/new", "/console/users/new", "/console/clients/new",
		"/console/users/1/reset", "/console/users/1/disable", "/console/clients/ak_x/disable"} {
		if p := d.post(path, url.Values{"csrf": {csrf}, "unitCode": {unit.Code}, "role": {"filling"}}); p.status != http.StatusForbidden {
			t.Errorf("district user POST %s: got %d, want 403", path, p.status)
		}
	}
	if list, _ := e.store.Clients(t.Context()); len(list) != 0 {
		t.Errorf("a district user made a client: %+v", list)
	}

	u := e.client(t)
	u.login("unituser")
	if p := u.get("/console/units"); p.status != http.StatusForbidden {
		t.Errorf("unit user GET /console/units: got %d, want 403", p.status)
	}
}

// TestCityAdminEditsUnit: the edit form saves a unit's name and region; the
// code stays; the audit trail keeps the values before and after; a
// district user gets the 403 page.
func TestCityAdminEditsUnit(t *testing.T) {
	e := newEnv(t)
	e.mustUser(t, "city", "", false, cyltrace.CityAdmin)
	c := e.client(t)
	c.login("city")
	code := testUnitCode(t, 7)
	csrf := c.get("/console/units/new").field(t, "csrf")
	c.post("/console/units/new", url.Values{"csrf": {csrf}, "code": {code}, "name": {"重庆旧名燃气有限公司"},
		"regionCode": {"500101"}, "kinds": {"filling", "using"}})

	form := c.get("/console/units/" + code + "/edit")
	if form.status != http.StatusOK || !strings.Contains(form.body, "重庆旧名燃气有限公司") || !strings.Contains(form.body, "readonly") {
		t.Fatalf("edit form: %d\n%s", form.status, form.body)
	}
	p := c.post("/console/units/"+code+"/edit", url.Values{"csrf": {form.field(t, "csrf")}, "code": {"ignored"},
		"name": {"重庆新名燃气有限公司"}, "regionCode": {"500103"}, "kinds": {"filling", "using"}})
	if p.path != "/console/units" || !strings.Contains(p.body, "已保存") {
		t.Fatalf("save: %d %s\n%s", p.status, p.path, p.body)
	}
	u, err := e.store.UnitByCode(t.Context(), code)
	if err != nil || u.Name != "重庆新名燃气有限公司" || u.RegionCode != "500103" {
		t.Fatalf("stored unit after edit: %+v %v", u, err)
	}
	log, _ := e.store.AuditLog(t.Context(), store.AuditFilter{Action: "unit.update", Object: code})
	if len(log) != 1 || log[0].Actor != "user:city" || !strings.Contains(string(log[0].Before), "重庆旧名燃气有限公司") ||
		!strings.Contains(string(log[0].After), "重庆新名燃气有限公司") {
		t.Errorf("audit of the edit: %+v", log)
	}
	if bad := c.get("/console/units/91500000XXXXXXXXXX/edit"); bad.status != http.StatusNotFound {
		t.Errorf("edit of an unknown unit: %d, want 404", bad.status)
	}

	e.mustUser(t, "wanzhou", "500101", false, cyltrace.DistrictAcceptor)
	d := e.client(t)
	d.login("wanzhou")
	if got := d.get("/console/units/" + code + "/edit"); got.status != http.StatusForbidden {
		t.Errorf("a district user's edit form: %d, want 403", got.status)
	}
}
