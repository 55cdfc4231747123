package console_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"cyltrace"
	"cyltrace/internal/auth"
	"cyltrace/internal/store"
)

// shown returns the text of the element with the given id, or fails.
func shown(t *testing.T, p page, id string) string {
	t.Helper()
	m := regexp.MustCompile(`id="` + id + `">([^<]+)<`).FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no #%s on %s (%d)\n%s", id, p.path, p.status, p.body)
	}
	return html.UnescapeString(m[1])
}

func TestAdminCreatesResetsAndDisablesUsers(t *testing.T) {
	e := newEnv(t)
	e.mustUser(t, "city", "", false, cyltrace.CityAdmin)
	unit := e.mustUnit(t, 1, "重庆某燃气有限公司", "500101", cyltrace.KindFilling)
	a := e.client(t)
	a.login("city")
	csrf := a.get("/console/users/new").field(t, "csrf")

	p := a.post("/console/users/new", url.Values{"csrf": {csrf}, "username": {"zhangsan"}, "displayName": {"张三"}})
	if !strings.Contains(p.body, `id="error-roles"`) || strings.Contains(p.body, `id="new-password"`) {
		t.Fatalf("user without roles: want the roles error\n%s", p.body)
	}
	p = a.post("/console/users/new", url.Values{"csrf": {csrf}, "displayName": {"单位"}, "roles": {"unit_user"},
		"unitCode": {testUnitCode(t, 999)}})
	if !strings.Contains(p.body, `id="error-unitId"`) {
		t.Fatalf("unit user of an unknown unit: want the unit error\n%s", p.body)
	}

	p = a.post("/console/users/new", url.Values{"csrf": {csrf}, "username": {"zhangsan"}, "displayName": {"张三"},
		"roles": {"district_acceptor"}, "regionCode": {"500101"}})
	first := shown(t, p, "new-password")
	if p.status != http.StatusOK || p.path != "/console/users/new" || p.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("create: got %d %s %q, want the password in the POST's no-store answer", p.status, p.path, p.header.Get("Cache-Control"))
	}
	p = a.post("/console/users/new", url.Values{"csrf": {csrf}, "displayName": {"单位"}, "roles": {"unit_user"},
		"unitCode": {unit.Code}})
	unitPW := shown(t, p, "new-password")
	if got := shown(t, p, "username"); got != unit.Code {
		t.Errorf("unit user's username: got %q, want the unit code %q", got, unit.Code)
	}
	list := a.get("/console/users")
	if !strings.Contains(list.body, `data-username="zhangsan"`) || strings.Contains(list.body, first) {
		t.Fatalf("users list: want zhangsan and no password\n%s", list.body)
	}

	z := e.client(t)
	p = z.tryLogin("zhangsan", first, false)
	if p.path != "/console/password" || !strings.Contains(p.body, `id="forced"`) {
		t.Fatalf("login with the shown password: got %s, want the forced password change", p.path)
	}

	zs, _, err := e.store.UserByUsername(t.Context(), "zhangsan")
	if err != nil {
		t.Fatal(err)
	}
	p = a.post("/console/users/"+strconv.FormatInt(zs.ID, 10)+"/reset", url.Values{"csrf": {csrf}})
	second := shown(t, p, "new-password")
	if second == first {
		t.Fatal("reset showed the old password")
	}
	if got := z.get("/console/password"); got.path != "/console/login" {
		t.Errorf("session after a reset: at %s, want /console/login", got.path)
	}
	if p = z.tryLogin("zhangsan", first, false); p.path != "/console/login" {
		t.Errorf("old password after a reset: at %s, want refused", p.path)
	}
	if p = z.tryLogin("zhangsan", second, false); p.path != "/console/password" {
		t.Errorf("reset password: at %s, want the forced change", p.path)
	}

	p = a.post("/console/users/"+strconv.FormatInt(zs.ID, 10)+"/disable", url.Values{"csrf": {csrf}})
	if p.path != "/console/users" || !strings.Contains(p.body, "已停用") {
		t.Fatalf("disable: got %s\n%s", p.path, p.body)
	}
	if p = e.client(t).tryLogin("zhangsan", second, false); !strings.Contains(p.body, "已停用") {
		t.Errorf("login of a disabled user: want refused as disabled")
	}
	me, _, _ := e.store.UserByUsername(t.Context(), "city")
	if p = a.post("/console/users/"+strconv.FormatInt(me.ID, 10)+"/disable", url.Values{"csrf": {csrf}}); !strings.Contains(p.body, "不能停用自己") {
		t.Errorf("disabling oneself: want refused")
	}
	if p = a.post("/console/users/9999/reset", url.Values{"csrf": {csrf}}); !strings.Contains(p.body, "用户不存在") {
		t.Errorf("reset of an unknown user: want 用户不存在")
	}

	for _, action := range []string{"user.create", "user.password", "user.disable"} {
		log, err := e.store.AuditLog(t.Context(), store.AuditFilter{Action: action, Object: "zhangsan"})
		if err != nil || len(log) == 0 || log[0].Actor != "user:city" {
			t.Errorf("audit %s: %+v, %v; want an entry by user:city", action, log, err)
		}
		for _, entry := range log {
			for _, pw := range []string{first, second} {
				if strings.Contains(string(entry.Before)+string(entry.After), pw) {
					t.Errorf("audit %s holds a password", action)
				}
			}
		}
	}
	assertNotLogged(t, e, first, second, unitPW)
}

func TestAdminCreatesAndDisablesAPIClient(t *testing.T) {
	e := newEnv(t)
	e.mustUser(t, "city", "", false, cyltrace.CityAdmin)
	unit := e.mustUnit(t, 1, "重庆某燃气有限公司", "500101", cyltrace.KindFilling)
	a := e.client(t)
	a.login("city")
	form := a.get("/console/clients/new")
	if !strings.Contains(form.body, `<option value="bureau"`) {
		t.Fatalf("client form: want the role select\n%s", form.body)
	}
	csrf := form.field(t, "csrf")

	p := a.post("/console/clients/new", url.Values{"csrf": {csrf}, "unitCode": {unit.Code}, "role": {"inspection"}})
	if !strings.Contains(p.body, `id="error-role"`) || strings.Contains(p.body, `id="app-secret"`) {
		t.Fatalf("role of another kind: want refused\n%s", p.body)
	}
	p = a.post("/console/clients/new", url.Values{"csrf": {csrf}, "unitCode": {testUnitCode(t, 2)}, "role": {"filling"}})
	if !strings.Contains(p.body, `id="error-unitCode"`) {
		t.Fatalf("unknown unit: want refused\n%s", p.body)
	}
	if list, _ := e.store.Clients(t.Context()); len(list) != 0 {
		t.Fatalf("refused forms made clients: %+v", list)
	}

	p = a.post("/console/clients/new", url.Values{"csrf": {csrf}, "unitCode": {unit.Code}, "role": {"filling"}})
	appKey, secret := shown(t, p, "app-key"), shown(t, p, "app-secret")
	if n := strings.Count(p.body, secret); n != 1 || p.header.Get("Cache-Control") != "no-store" {
		t.Errorf("the secret appears %d times (want 1), Cache-Control %q", n, p.header.Get("Cache-Control"))
	}
	cl, hash, err := e.store.ClientByAppKey(t.Context(), appKey)
	if err != nil || cl.UnitID != unit.ID || cl.Role != cyltrace.RoleFilling || !auth.Check(hash, secret) || hash == secret {
		t.Fatalf("stored client: %+v, %v; want the unit's filling client whose hash verifies the secret", cl, err)
	}
	log, err := e.store.AuditLog(t.Context(), store.AuditFilter{Action: "client.create", Object: appKey})
	if err != nil || len(log) != 1 || log[0].Actor != "user:city" || strings.Contains(string(log[0].After), secret) {
		t.Fatalf("audit of the client: %+v, %v; want one entry by user:city without the secret", log, err)
	}

	list := a.get("/console/clients")
	if !strings.Contains(list.body, `data-app-key="`+appKey+`"`) || strings.Contains(list.body, secret) {
		t.Fatalf("clients list: want the app key and never the secret\n%s", list.body)
	}
	p = a.post("/console/clients/"+appKey+"/disable", url.Values{"csrf": {csrf}})
	if p.path != "/console/clients" || !strings.Contains(p.body, "已停用") {
		t.Fatalf("disable: got %s\n%s", p.path, p.body)
	}
	if cl, _, _ = e.store.ClientByAppKey(t.Context(), appKey); !cl.Disabled() {
		t.Error("client not disabled")
	}
	if p = a.post("/console/clients/ak_unknown/disable", url.Values{"csrf": {csrf}}); !strings.Contains(p.body, "不存在") {
		t.Errorf("disable of an unknown client: want 不存在")
	}
	assertNotLogged(t, e, secret)
}

func TestAdminFormsWithoutCSRFAreRefused(t *testing.T) {
	e := newEnv(t)
	e.mustUser(t, "city", "", false, cyltrace.CityAdmin)
	unit := e.mustUnit(t, 1, "重庆某燃气有限公司", "500101", cyltrace.KindFilling)
	a := e.client(t)
	a.login("city")
	forms := map[string]url.Values{
		"/console/units/new":   {"code": {testUnitCode(t, 2)}, "name": {"某单位"}, "regionCode": {"500101"}, "kinds": {"using"}},
		"/console/users/new":   {"username": {"lisi"}, "displayName": {"李四"}, "roles": {"city_admin"}},
		"/console/clients/new": {"unitCode": {unit.Code}, "role": {"filling"}},
	}
	for path, form := range forms {
		p := a.post(path, form)
		if p.status != http.StatusForbidden || !strings.Contains(p.body, "表单已失效") {
			t.Errorf("POST %s without csrf: got %d, want 403", path, p.status)
		}
	}
	if units, _ := e.store.Units(t.Context(), store.UnitFilter{}); len(units) != 1 {
		t.Errorf("units after refused forms: %d, want 1", len(units))
	}
	if _, _, err := e.store.UserByUsername(t.Context(), "lisi"); cyltrace.ErrorCode(err) != cyltrace.ENOTFOUND {
		t.Errorf("a user was made without csrf: %v", err)
	}
	if list, _ := e.store.Clients(t.Context()); len(list) != 0 {
		t.Errorf("a client was made without csrf")
	}
}

// assertNotLogged fails when the console's log holds any of the secrets.
func assertNotLogged(t *testing.T, e *env, secrets ...string) {
	t.Helper()
	log := e.log.String()
	for _, s := range secrets {
		if s == "" || strings.Contains(log, s) {
			t.Errorf("the log holds a password or secret shown once (%d bytes of log)", len(log))
		}
	}
}
