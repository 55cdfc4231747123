package web

import (
	"context"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"cyltrace"
	"cyltrace/internal/demo"
	"cyltrace/internal/store"
)

// recorder passes demo data to the loader and keeps the cylinders and the
// people named in trails.
type recorder struct {
	*store.Loader
	cylinders []*cyltrace.Cylinder
	people    map[string]bool
}

func (r *recorder) AddCylinder(ctx context.Context, c *cyltrace.Cylinder) error {
	r.cylinders = append(r.cylinders, c)
	return r.Loader.AddCylinder(ctx, c)
}

func (r *recorder) AddTrail(ctx context.Context, t *cyltrace.TrailEvent) error {
	if !isOrganisation(t.ActorName) {
		r.people[t.ActorName] = true
	}
	return r.Loader.AddTrail(ctx, t)
}

// TestDemoCylinders serves the page of every demo cylinder that has an
// infoCode: the demo's fixed profiles cover every badge, and its couriers
// are people whose names must not show.
func TestDemoCylinders(t *testing.T) {
	e := newEnv(t, Config{})
	ctx := context.Background()
	asOf := time.Date(2025, 11, 25, 0, 0, 0, 0, cyltrace.CST)
	l, err := e.store.NewLoader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{Loader: l, people: map[string]bool{}}
	if _, err := demo.Generate(ctx, demo.Options{Seed: 3, Cylinders: 120, AsOf: asOf}, rec); err != nil {
		l.Abort()
		t.Fatal(err)
	}
	if err := l.Close(ctx); err != nil {
		t.Fatal(err)
	}
	e.clock.set(asOf.Add(12 * time.Hour))

	seen := map[string]int{}
	maxSize, pages := 0, 0
	for _, c := range rec.cylinders {
		if c.InfoCode == "" {
			continue
		}
		res := e.get(t, "/q/"+c.InfoCode)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", c.InfoCode, res.StatusCode)
		}
		pages++
		maxSize = max(maxSize, len(res.body))
		doc := parseHTML(t, res.body)
		want := statuses(c, e.clock.now())
		got := badges(doc)
		if len(got) != len(want) {
			t.Errorf("%s: badges %v, want %v", c.InfoCode, got, want)
		}
		for i := range min(len(got), len(want)) {
			if got[i] != want[i].Status {
				t.Errorf("%s: badges %v, want %v", c.InfoCode, got, want)
			}
			seen[got[i]]++
		}
		page := string(res.body)
		for name := range rec.people {
			if strings.Contains(page, ">"+name+"<") {
				t.Errorf("%s: page shows the person %q", c.InfoCode, name)
			}
		}
		variety, _ := cyltrace.LookupVariety(c.VarietyCode)
		medium, _ := cyltrace.LookupMedium(c.MediumCode)
		wantFields := map[string]string{
			"useUnitName": c.UseUnitName, "varietyCode": variety.Name, "volumeL": c.VolumeL.String(),
			"productNumber": c.ProductNumber, "mediumCode": medium.Name, "nextInspectionDate": c.NextInspectionDate,
			"registrationDate": dash(c.RegistrationDate), "manufactureDate": c.ManufactureDate,
			"manufacturer": c.Manufacturer, "infoCode": c.InfoCode,
		}
		if f := fields(doc); !maps.Equal(f, wantFields) {
			t.Errorf("%s: fields\n%v\nwant (the archive)\n%v", c.InfoCode, f, wantFields)
		}
	}
	t.Logf("%d demo pages, largest %d bytes; badges %v; %d people masked", pages, maxSize, seen, len(rec.people))
	for _, s := range []string{statusOK, statusOverdue, statusScrapped, statusStopped, statusUnregistered} {
		if seen[s] == 0 {
			t.Errorf("no demo page with badge %s", s)
		}
	}
	if len(rec.people) == 0 {
		t.Error("the demo named no person in a trail; the masking went untested")
	}
}
