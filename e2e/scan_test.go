package e2e

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"

	"cyltrace"
	"cyltrace/internal/demo"
	"cyltrace/internal/store"
	"cyltrace/internal/testutil"
	"cyltrace/internal/web"
)

// asOf is the demo data's "today", and the clock of the pages.
var asOf = time.Date(2026, 11, 25, 0, 0, 0, 0, cyltrace.CST)

// site serves the public pages of a demo database.
type site struct {
	url   string
	store *store.Store
}

func newSite(t *testing.T) *site {
	t.Helper()
	s, _ := testutil.NewStore(t, "sqlite")
	ctx := context.Background()
	l, err := s.NewLoader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Generate(ctx, demo.Options{Seed: 3, Cylinders: 400, AsOf: asOf}, l); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(ctx); err != nil {
		t.Fatal(err)
	}
	w, err := web.New(web.Config{Store: s, Now: func() time.Time { return asOf.Add(10 * time.Hour) },
		PublicBaseURL: "https://trace.example.gov.cn"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(w.Handler())
	t.Cleanup(ts.Close)
	return &site{url: ts.URL, store: s}
}

// pick returns a demo cylinder with an infoCode that satisfies want.
func (s *site) pick(t *testing.T, status string, want func(*cyltrace.Cylinder) bool) *cyltrace.Cylinder {
	t.Helper()
	list, err := s.store.Cylinders(context.Background(), store.CylinderFilter{Status: status, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		if c.InfoCode != "" && want(c) {
			return c
		}
	}
	t.Fatalf("the demo data has no %s cylinder of the wanted kind", status)
	return nil
}

// overdue reports whether a cylinder's next inspection month ended before asOf.
func overdue(c *cyltrace.Cylinder) bool {
	ym, ok := cyltrace.ParseYearMonth(c.NextInspectionDate)
	return ok && ym.LastDay().Before(asOf)
}

// page is what the browser read off a scan page.
type page struct {
	fields   map[string]string
	statuses []string
	trail    []string // data-node of each trail item, top to bottom
	times    []string // data-time of each trail item
}

var fieldNames = []string{"useUnitName", "varietyCode", "volumeL", "productNumber", "mediumCode",
	"nextInspectionDate", "registrationDate", "manufactureDate", "manufacturer"}

// open loads a cylinder's page in the phone browser and reads it.
func (s *site) open(t *testing.T, ctx context.Context, c *cyltrace.Cylinder) page {
	t.Helper()
	p := page{fields: map[string]string{}}
	var badges, items []*cdp.Node
	actions := []chromedp.Action{
		chromedp.Navigate(s.url + "/q/" + c.InfoCode),
		chromedp.WaitVisible(`[data-field="useUnitName"]`, chromedp.ByQuery),
	}
	for _, f := range fieldNames {
		v := new(string)
		actions = append(actions, chromedp.Text(`[data-field="`+f+`"]`, v, chromedp.ByQuery))
		defer func(f string) { p.fields[f] = strings.TrimSpace(*v) }(f)
	}
	actions = append(actions,
		chromedp.Nodes(`[data-status]`, &badges, chromedp.ByQueryAll),
		chromedp.Nodes(`li[data-node]`, &items, chromedp.ByQueryAll, chromedp.AtLeast(0)))
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatalf("open %s: %v", c.InfoCode, err)
	}
	for _, b := range badges {
		p.statuses = append(p.statuses, b.AttributeValue("data-status"))
	}
	for _, it := range items {
		p.trail = append(p.trail, it.AttributeValue("data-node"))
		p.times = append(p.times, it.AttributeValue("data-time"))
	}
	return p
}

// wantArchive checks every field of the page against the database.
func wantArchive(t *testing.T, got page, c *cyltrace.Cylinder) {
	t.Helper()
	variety, _ := cyltrace.LookupVariety(c.VarietyCode)
	medium, _ := cyltrace.LookupMedium(c.MediumCode)
	want := map[string]string{
		"useUnitName": c.UseUnitName, "varietyCode": variety.Name, "volumeL": c.VolumeL.String(),
		"productNumber": c.ProductNumber, "mediumCode": medium.Name, "nextInspectionDate": c.NextInspectionDate,
		"registrationDate": orDash(c.RegistrationDate), "manufactureDate": c.ManufactureDate, "manufacturer": c.Manufacturer,
	}
	for f, w := range want {
		if got.fields[f] != w {
			t.Errorf("%s on the page = %q, want %q (database)", f, got.fields[f], w)
		}
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// wantTrail checks the trail on the page against the database, newest first.
func wantTrail(t *testing.T, s *site, got page, c *cyltrace.Cylinder) {
	t.Helper()
	trail, err := s.store.Trail(context.Background(), c.ID, 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.trail) != len(trail) {
		t.Fatalf("trail on the page has %d nodes, the database %d", len(got.trail), len(trail))
	}
	for i, ev := range trail {
		if got.trail[i] != ev.Node || got.times[i] != ev.Time {
			t.Errorf("trail[%d] = %s at %s, want %s at %s", i, got.trail[i], got.times[i], ev.Node, ev.Time)
		}
		if i > 0 && got.times[i] > got.times[i-1] {
			t.Errorf("trail not newest first: %s after %s", got.times[i], got.times[i-1])
		}
	}
}

// TestScanPageOnAPhone opens an in-date, registered cylinder's page as a
// phone would.
func TestScanPageOnAPhone(t *testing.T) {
	ctx := phone(t)
	s := newSite(t)
	c := s.pick(t, cyltrace.StatusInUse, func(c *cyltrace.Cylinder) bool {
		trail, _ := s.store.Trail(context.Background(), c.ID, 50)
		return c.Registered() && !overdue(c) && len(trail) >= 2
	})
	got := s.open(t, ctx, c)
	wantArchive(t, got, c)
	if strings.Join(got.statuses, ",") != "ok" {
		t.Errorf("badges %v, want only ok (检验合格)", got.statuses)
	}
	wantTrail(t, s, got, c)
	screenshot(t, ctx, "scan-in-date.png")
}

// TestScanPageOverdueAndScrapped: the same for an overdue and a scrapped cylinder.
func TestScanPageOverdueAndScrapped(t *testing.T) {
	ctx := phone(t)
	s := newSite(t)
	cases := []struct {
		name   string
		status string
		want   string
		pick   func(*cyltrace.Cylinder) bool
	}{
		{"overdue", cyltrace.StatusInUse, "overdue", func(c *cyltrace.Cylinder) bool { return c.Registered() && overdue(c) }},
		{"scrapped", cyltrace.StatusScrapped, "scrapped", func(c *cyltrace.Cylinder) bool { return true }},
	}
	for _, tc := range cases {
		c := s.pick(t, tc.status, tc.pick)
		got := s.open(t, ctx, c)
		wantArchive(t, got, c)
		if len(got.statuses) == 0 || got.statuses[0] != tc.want {
			t.Errorf("%s: badges %v, want %s first", tc.name, got.statuses, tc.want)
		}
		for _, st := range got.statuses {
			if st == "ok" {
				t.Errorf("%s: the page also says 检验合格", tc.name)
			}
		}
		wantTrail(t, s, got, c)
		screenshot(t, ctx, "scan-"+tc.name+".png")
	}
}
