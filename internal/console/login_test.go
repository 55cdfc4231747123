package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cyltrace"
)

func TestLoginCaptchaAndFirstPassword(t *testing.T) {
	e := newEnv(t)
	e.mustUser(t, "91500000TEST00001X", "", false, cyltrace.CityAdmin)
	e.mustUser(t, "admin2", "", true, cyltrace.CityAdmin)
	c := e.client(t)

	p := c.tryLogin("91500000TEST00001X", goodPassword, true)
	if !strings.Contains(p.body, "验证码错误") || p.path != "/console/login" {
		t.Fatalf("wrong captcha: got %s, want the login page with 验证码错误", p.path)
	}
	if got := c.get("/console/"); got.path != "/console/login" {
		t.Fatalf("after a wrong captcha GET /console/ ended at %s, want /console/login", got.path)
	}

	p = c.tryLogin("admin2", goodPassword, false)
	if p.path != "/console/password" || !strings.Contains(p.body, `id="forced"`) {
		t.Fatalf("first login: got %s, want the forced password page", p.path)
	}
	if got := c.get("/console/rules"); got.path != "/console/password" {
		t.Fatalf("before the change, /console/rules ended at %s, want /console/password", got.path)
	}
	csrf := p.field(t, "csrf")
	p = c.post("/console/password", url.Values{"csrf": {csrf}, "current": {goodPassword}, "new": {"short1"}, "repeat": {"short1"}})
	if !strings.Contains(p.body, `id="errors"`) {
		t.Fatalf("weak password accepted: %s", p.path)
	}
	newPW := "Xinmima20250101"
	p = c.post("/console/password", url.Values{"csrf": {csrf}, "current": {goodPassword}, "new": {newPW}, "repeat": {newPW}})
	if p.path != "/console/" || !strings.Contains(p.body, "密码已修改") || !strings.Contains(p.body, "市局管理员") {
		t.Fatalf("after the change: got %d %s, want home with 密码已修改\n%s", p.status, p.path, p.body)
	}
	if got := p.header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", got)
	}
	u, _, err := e.store.UserByUsername(t.Context(), "admin2")
	if err != nil || u.MustChangePassword {
		t.Fatalf("user after change: %+v, %v; want MustChangePassword false", u, err)
	}
}

func TestFormsWithoutCSRFAreRefused(t *testing.T) {
	e := newEnv(t)
	e.mustUser(t, "admin1", "", false, cyltrace.CityAdmin)
	c := e.client(t)
	c.get("/console/login")
	p := c.post("/console/login", url.Values{"username": {"admin1"}, "password": {goodPassword}})
	if p.status != http.StatusForbidden || !strings.Contains(p.body, "表单已失效，请刷新后重试") {
		t.Fatalf("login without csrf: got %d, want 403", p.status)
	}
	c.login("admin1")
	for _, path := range []string{"/console/logout", "/console/password", "/console/locks/lock"} {
		p = c.post(path, url.Values{"csrf": {"forged"}})
		if p.status != http.StatusForbidden || !strings.Contains(p.body, "表单已失效，请刷新后重试") {
			t.Errorf("POST %s with a wrong csrf: got %d, want 403", path, p.status)
		}
	}
	if got := c.get("/console/"); got.path != "/console/" {
		t.Fatalf("the session did not survive refused forms: at %s", got.path)
	}
}

func TestSixthWrongPasswordLocks(t *testing.T) {
	e := newEnv(t)
	e.mustUser(t, "district1", "500101", false, cyltrace.DistrictAcceptor)
	c := e.client(t)
	for i := 1; i <= 5; i++ {
		p := c.tryLogin("district1", "wrong-password-1", false)
		if !strings.Contains(p.body, "用户名或密码错误") {
			t.Fatalf("wrong password %d: want the generic message", i)
		}
	}
	if p := c.tryLogin("nobody", "wrong-password-1", false); !strings.Contains(p.body, "用户名或密码错误") {
		t.Fatalf("unknown user: want the same generic message")
	}
	p := c.tryLogin("district1", "wrong-password-1", false)
	if !strings.Contains(p.body, "账号已锁定至") {
		t.Fatalf("sixth wrong password: want the lock message, got\n%s", p.body)
	}
	p = c.tryLogin("district1", goodPassword, false)
	if p.path != "/console/login" || !strings.Contains(p.body, "账号已锁定至") {
		t.Fatalf("right password while locked: got %s, want refused as locked", p.path)
	}
}

func TestLogoutKillsTheCookie(t *testing.T) {
	e := newEnv(t)
	e.mustUser(t, "admin1", "", false, cyltrace.CityAdmin)
	c := e.client(t)
	home := c.login("admin1")
	u, _ := url.Parse(e.srv.URL + "/console/")
	var old *http.Cookie
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == "cyltrace_session" {
			old = ck
		}
	}
	if old == nil {
		t.Fatal("no session cookie after login")
	}
	p := c.post("/console/logout", url.Values{"csrf": {home.field(t, "csrf")}})
	if p.path != "/console/login" {
		t.Fatalf("logout ended at %s, want /console/login", p.path)
	}
	thief := e.client(t)
	thief.http.Jar.SetCookies(u, []*http.Cookie{{Name: "cyltrace_session", Value: old.Value, Path: "/console/"}})
	if got := thief.get("/console/"); got.path != "/console/login" {
		t.Fatalf("old cookie after logout reached %s, want /console/login", got.path)
	}
}
