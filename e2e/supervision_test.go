package e2e

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"cyltrace"
	"cyltrace/internal/store"
)

// countSQL counts straight in the site's database, not through the store.
func (cs *consoleSite) countSQL(t *testing.T, query string, args ...any) int {
	t.Helper()
	path, ok := store.SQLitePath(cs.dsn)
	if !ok {
		t.Fatalf("not a SQLite database: %s", cs.dsn)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// number reads an integer shown in the element sel.
func number(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	s := text(t, ctx, sel)
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		t.Fatalf("%s shows %q, not a number", sel, s)
	}
	return n
}

// TestSupervisionDistrictOverview: 渝中区's acceptor sees only 渝中区, and
// the numbers equal counts made straight in the database; another
// district's overview is refused.
func TestSupervisionDistrictOverview(t *testing.T) {
	site := newConsoleSite(t)
	ctx := desktop(t)
	site.login(t, ctx, "yuzhong")
	do(t, ctx, "open the overview", chromedp.Navigate(site.url+"/console/supervision"), chromedp.WaitVisible(`#stats`))
	screenshot(t, ctx, "supervision-district-overview.png")
	if got := text(t, ctx, `#scope`); !strings.Contains(got, "渝中区") {
		t.Errorf("scope %q", got)
	}
	month := cyltrace.YearMonthOf(time.Now()).String()
	const region = "500103"
	checks := []struct {
		sel   string
		query string
		args  []any
	}{
		{"#stat-total", `SELECT COUNT(*) FROM cylinders WHERE region_code = ?`, []any{region}},
		{"#stat-inuse", `SELECT COUNT(*) FROM cylinders WHERE region_code = ? AND status = '在用'`, []any{region}},
		{"#stat-overdue", `SELECT COUNT(*) FROM cylinders WHERE region_code = ? AND status = '在用' AND next_inspection_date < ?`,
			[]any{region, month}},
	}
	for _, c := range checks {
		if got, want := number(t, ctx, c.sel), site.countSQL(t, c.query, c.args...); got != want {
			t.Errorf("%s shows %d, the database holds %d", c.sel, got, want)
		}
	}
	for _, status := range cyltrace.Statuses() {
		want := site.countSQL(t, `SELECT COUNT(*) FROM cylinders WHERE region_code = ? AND status = ?`, region, status)
		if got := number(t, ctx, `#by-status tr[data-status="`+status+`"] [data-col="count"]`); got != want {
			t.Errorf("status %s: page %d, database %d", status, got, want)
		}
	}
	if n := count(t, ctx, `#districts tbody tr`); n != 1 || count(t, ctx, `#districts tbody tr[data-region="500103"]`) != 1 {
		t.Errorf("a district user sees %d district rows", n)
	}
	if total := site.countSQL(t, `SELECT COUNT(*) FROM cylinders`); total <= number(t, ctx, "#stat-total") {
		t.Errorf("the district's count %d is not a part of the city's %d", number(t, ctx, "#stat-total"), total)
	}
	do(t, ctx, "ask for another district", chromedp.Navigate(site.url+"/console/supervision?region=500101"),
		chromedp.WaitVisible(`h1`))
	if got := text(t, ctx, `h1`); got != "禁止访问" {
		t.Errorf("another district's overview: %q", got)
	}
}

// TestSupervisionCityTotals: the city bureau's table by district sums to
// the city totals shown above it, which equal the database's counts.
func TestSupervisionCityTotals(t *testing.T) {
	site := newConsoleSite(t)
	ctx := desktop(t)
	site.login(t, ctx, "admin")
	do(t, ctx, "open the overview", chromedp.Navigate(site.url+"/console/supervision"), chromedp.WaitVisible(`#districts`))
	screenshot(t, ctx, "supervision-city-overview.png")
	if n := count(t, ctx, `#districts tbody tr`); n != len(cyltrace.Regions()) {
		t.Errorf("district rows: %d, want %d", n, len(cyltrace.Regions()))
	}
	for col, stat := range map[string]string{"cylinders": "#stat-total", "inuse": "#stat-inuse", "overdue": "#stat-overdue",
		"fillings": "#stat-fillings", "violations": "#stat-violations"} {
		sum, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('#districts tbody td[data-col="`+
			col+`"]')].reduce((s, td) => s + parseInt(td.textContent, 10), 0)`))
		if err != nil {
			t.Fatal(err)
		}
		total := number(t, ctx, `#district-total [data-col="`+col+`"]`)
		if sum != total || total != number(t, ctx, stat) {
			t.Errorf("%s: districts sum to %d, total row %d, headline %d", col, sum, total, number(t, ctx, stat))
		}
	}
	if got, want := number(t, ctx, "#stat-total"), site.countSQL(t, `SELECT COUNT(*) FROM cylinders`); got != want {
		t.Errorf("city total %d, database %d", got, want)
	}
	// A district's row opens that district's view with the same figure.
	want := number(t, ctx, `#districts tr[data-region="500103"] [data-col="cylinders"]`)
	clickThrough(t, ctx, "open 渝中区", `#districts tr[data-region="500103"] a`, `#stats`)
	if got := number(t, ctx, "#stat-total"); got != want {
		t.Errorf("渝中区's view shows %d, its row %d", got, want)
	}
}
