package console_test

import (
	"strings"
	"testing"

	"cyltrace"
)

// TestSupervisionSubNavMarksThePage: each supervision page marks itself,
// and only itself, in the sub-navigation.
func TestSupervisionSubNavMarksThePage(t *testing.T) {
	e := newEnv(t)
	e.mustUser(t, "city", "", false, cyltrace.CityAdmin)
	c := e.client(t)
	c.login("city")
	for _, path := range []string{"/console/supervision", "/console/supervision/overdue", "/console/supervision/violations",
		"/console/supervision/recalls", "/console/supervision/docking", "/console/supervision/credit"} {
		p := c.get(path)
		if p.status != 200 {
			t.Fatalf("%s: %d", path, p.status)
		}
		nav := p.body[strings.Index(p.body, `id="svnav"`):]
		nav = nav[:strings.Index(nav, "</nav>")]
		if n := strings.Count(nav, `class="current"`); n != 1 {
			t.Errorf("%s marks %d sub-navigation entries", path, n)
		}
		if !strings.Contains(p.body, `<a href="`+path+`" class="current" aria-current="page">`) {
			t.Errorf("%s does not mark itself", path)
		}
	}
}
