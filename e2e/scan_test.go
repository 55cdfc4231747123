package e2e

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

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
	Fields   map[string]string `json:"fields"`
	Statuses []string          `json:"statuses"`
	Trail    []string          `json:"trail"` // data-node of each trail item, top to bottom
	Times    []string          `json:"times"` // data-time of each trail item
}

// readPage collects, in the browser, what a citizen sees: every field by
// its hook, the badges and the trail items in document order.
const readPage = `(() => {
  const fields = {};
  document.querySelectorAll('dd[data-field]').forEach(e => { fields[e.dataset.field] = e.textContent.trim(); });
  const items = [...document.querySelectorAll('li[data-node]')];
  return {
    fields,
    statuses: [...document.querySelectorAll('[data-status]')].map(e => e.dataset.status),
    trail: items.map(e => e.dataset.node),
    times: items.map(e => e.dataset.time),
  };
})()`

// open loads a cylinder's page in the phone browser and reads it.
func (s *site) open(t *testing.T, ctx context.Context, c *cyltrace.Cylinder) page {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(s.url+"/q/"+c.InfoCode),
		chromedp.WaitVisible(`dd[data-field="useUnitName"]`))
	if err != nil {
		t.Fatalf("open %s: %v", c.InfoCode, err)
	}
	p, err := chromedp.Run(ctx, chromedp.Evaluate[page](readPage))
	if err != nil {
		t.Fatalf("read %s: %v", c.InfoCode, err)
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
		if got.Fields[f] != w {
			t.Errorf("%s on the page = %q, want %q (database)", f, got.Fields[f], w)
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
	if len(got.Trail) != len(trail) {
		t.Fatalf("trail on the page has %d nodes, the database %d", len(got.Trail), len(trail))
	}
	for i, ev := range trail {
		if got.Trail[i] != ev.Node || got.Times[i] != ev.Time {
			t.Errorf("trail[%d] = %s at %s, want %s at %s", i, got.Trail[i], got.Times[i], ev.Node, ev.Time)
		}
		if i > 0 && got.Times[i] > got.Times[i-1] {
			t.Errorf("trail not newest first: %s after %s", got.Times[i], got.Times[i-1])
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
	if strings.Join(got.Statuses, ",") != "ok" {
		t.Errorf("badges %v, want only ok (检验合格)", got.Statuses)
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
		if len(got.Statuses) == 0 || got.Statuses[0] != tc.want {
			t.Errorf("%s: badges %v, want %s first", tc.name, got.Statuses, tc.want)
		}
		for _, st := range got.Statuses {
			if st == "ok" {
				t.Errorf("%s: the page also says 检验合格", tc.name)
			}
		}
		wantTrail(t, s, got, c)
		screenshot(t, ctx, "scan-"+tc.name+".png")
	}
}
