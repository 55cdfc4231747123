package console

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"time"

	"cyltrace"
)

// base is what every page gives templates/layout.html.
type base struct {
	Title string
	User  *cyltrace.User // nil on the login and error pages of a stranger
	Menu  []menuItem
	CSRF  string
	Flash *flash
	Here  string // the request's path, for sub-navigation
}

// menuItem is one entry of the left menu.
type menuItem struct {
	Label, Path string
	Current     bool
}

// pages names each page, with a zero value of its struct to try it on at
// start; every page is layout.html plus its own file, which defines "main".
var pages = map[string]any{
	"login":    loginPage{},
	"home":     homePage{},
	"password": passwordPage{},
	"rules":    rulesPage{},
	"locks":    locksPage{},
	"audit":    auditPage{},
	"error":    errorPage{},

	"units":         unitsPage{},
	"unit_form":     unitFormPage{},
	"users":         usersPage{},
	"user_form":     userFormPage{},
	"user_password": passwordShownPage{},
	"clients":       clientsPage{},
	"client_form":   clientFormPage{},
	"client_secret": clientSecretPage{},

	"registrations":       regListPage{},
	"registration":        regPage{Reg: &cyltrace.Registration{}},
	"registration_review": reviewPage{Reg: &cyltrace.Registration{}},
	"registration_flow":   flowPage{Reg: &cyltrace.Registration{}},

	"factory":          factoryPage{},
	"factory_coverage": coveragePage{},
	"factory_upload":   factoryUploadPage{},

	"sv_overview":   svOverviewPage{},
	"sv_overdue":    svOverduePage{},
	"sv_recalls":    svRecallsPage{},
	"sv_violations": svViolationsPage{},
	"sv_docking":    svDockingPage{},
	"sv_credit":     svCreditPage{},
}

var funcs = template.FuncMap{
	"clock": func(t time.Time) string { return t.In(cst).Format("2006-01-02 15:04:05") },
	"dash":  dash,
	"inc":   func(i int) int { return i + 1 },
	"minus": func(a, b int) int { return a - b },
}

// cst is China Standard Time, fixed so that no tz database is needed.
var cst = time.FixedZone("CST", 8*3600)

func (c *Console) parseTemplates() error {
	c.pages = make(map[string]*template.Template, len(pages))
	for name, sample := range pages {
		t, err := template.New(name).Funcs(funcs).ParseFS(files, "templates/layout.html", "templates/partials.html",
			"templates/"+name+".html")
		if err != nil {
			return fmt.Errorf("console: parse template %s: %w", name, err)
		}
		if err := t.ExecuteTemplate(io.Discard, "layout", sample); err != nil {
			return fmt.Errorf("console: template %s: %w", name, err)
		}
		c.pages[name] = t
	}
	return nil
}

// render writes a page; the buffer keeps a failing template from sending
// half a page.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := c.pages[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		c.log.ErrorContext(r.Context(), "console: render", "page", name, "err", err)
		http.Error(w, "页面错误", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// page returns the layout data of a signed-in user's page.
func (c *Console) page(w http.ResponseWriter, r *http.Request, title, path string) base {
	s := sessionOf(r)
	b := base{Title: title, Flash: c.takeFlash(w, r), Here: r.URL.Path}
	if s != nil {
		b.User, b.CSRF, b.Menu = s.User, s.CSRF, menu(s.User, c.isMaker(r, s.User), path)
	}
	return b
}

// menu lists the pages the user may open, by role.
func menu(u *cyltrace.User, maker bool, current string) []menuItem {
	items := []menuItem{{Label: "首页", Path: "/console/"}, {Label: "安全规则", Path: "/console/rules"}}
	if maker {
		items = append(items, menuItem{Label: "出厂信息", Path: factoryBase})
	}
	switch {
	case isApplicant(u):
		items = append(items, menuItem{Label: "使用登记进度", Path: regBase})
	case isDistrictStaff(u) || u.HasRole(cyltrace.CityAdmin):
		items = append(items, menuItem{Label: "使用登记", Path: regBase}, menuItem{Label: "监督管理", Path: svBase})
	}
	if canLock(u) {
		items = append(items, menuItem{Label: "气瓶锁定", Path: "/console/locks"})
	}
	if canLock(u) { // the city bureau and the district bureaus
		items = append(items, menuItem{Label: "单位管理", Path: "/console/units"})
	}
	if u.HasRole(cyltrace.CityAdmin) {
		items = append(items, menuItem{Label: "出厂信息覆盖", Path: factoryBase + "/coverage"},
			menuItem{Label: "用户管理", Path: "/console/users"},
			menuItem{Label: "接口账号", Path: "/console/clients"},
			menuItem{Label: "审计日志", Path: "/console/audit"})
	}
	for i := range items {
		items[i].Current = items[i].Path == current
	}
	return items
}

// canLock reports whether u may lock cylinders: the city bureau, and the
// district bureaus in their region.
func canLock(u *cyltrace.User) bool {
	if u.HasRole(cyltrace.CityAdmin) {
		return true
	}
	for _, r := range u.Roles {
		if r.District() {
			return true
		}
	}
	return false
}

func (c *Console) stylesheet(w http.ResponseWriter, r *http.Request) {
	css, _ := files.ReadFile("static/console.css")
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Write(css)
}

// dash shows an empty value as "—".
func dash(v any) any {
	switch x := v.(type) {
	case string:
		if x == "" {
			return "—"
		}
	case int:
		if x == 0 {
			return "—"
		}
	case int64:
		if x == 0 {
			return "—"
		}
	}
	return v
}
