package demo

import (
	"context"
	"errors"
	"testing"
	"time"

	"cyltrace"
)

func TestGenerateIsDeterministic(t *testing.T) {
	base := Options{Seed: 7, Cylinders: 3000, AsOf: testAsOf}
	other := func(f func(*Options)) Options { o := base; f(&o); return o }
	tests := []struct {
		name      string
		a, b      Options
		wantEqual bool
	}{
		{"same options", base, base, true},
		{"AsOf at another hour of the same day", base, other(func(o *Options) { o.AsOf = testAsOf.Add(15 * time.Hour) }), true},
		{"another seed", base, other(func(o *Options) { o.Seed = 8 }), false},
		{"another AsOf", base, other(func(o *Options) { o.AsOf = testAsOf.AddDate(0, 0, -1) }), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := mustGenerate(t, tt.a)
			b, _ := mustGenerate(t, tt.b)
			if got := a.sum() == b.sum(); got != tt.wantEqual {
				t.Errorf("hashes equal = %v, want %v (%s vs %s)", got, tt.wantEqual, a.sum(), b.sum())
			}
		})
	}
}

func TestUnits(t *testing.T) {
	c, _ := mustGenerate(t, Options{Seed: 1, Cylinders: 50, AsOf: testAsOf})
	regions := map[string]int{}
	kinds := map[cyltrace.UnitKind]int{}
	codes, names, makerCodes := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, u := range c.units {
		if err := u.Validate(); err != nil {
			t.Errorf("unit %s: Validate() = %v", u.Name, err)
		}
		if !cyltrace.ValidUSCC(u.Code) {
			t.Errorf("unit %s: ValidUSCC(%q) = false, want true", u.Name, u.Code)
		}
		if codes[u.Code] || names[u.Name] {
			t.Errorf("unit %s (%s): code or name used twice", u.Name, u.Code)
		}
		codes[u.Code], names[u.Name] = true, true
		regions[u.RegionCode]++
		for _, k := range u.Kinds {
			kinds[k]++
		}
		if u.HasKind(cyltrace.KindManufacturer) {
			if len(u.MakerCode) != 3 || makerCodes[u.MakerCode] {
				t.Errorf("maker %s: MakerCode %q, want 3 digits used once", u.Name, u.MakerCode)
			}
			makerCodes[u.MakerCode] = true
		}
		if u.HasKind(cyltrace.KindFilling) && !u.HasKind(cyltrace.KindUsing) {
			t.Errorf("filling unit %s: kinds %v, want it to use its own cylinders too", u.Name, u.Kinds)
		}
	}
	for _, r := range cyltrace.Regions() {
		if regions[r.Code] < 5 {
			t.Errorf("region %s %s: %d units, want at least 5", r.Code, r.Name, regions[r.Code])
		}
	}
	for _, k := range cyltrace.UnitKinds() {
		if kinds[k.Kind] == 0 {
			t.Errorf("no unit of kind %s", k.Kind)
		}
	}
}

// TestEveryStateAppears checks that even a small data set shows every
// state the views and the interlock distinguish.
func TestEveryStateAppears(t *testing.T) {
	c, _ := mustGenerate(t, Options{Seed: 3, Cylinders: 50, AsOf: testAsOf})
	asOf := cyltrace.YearMonthOf(testAsOf)
	scrapped := map[string]bool{}
	for _, in := range c.insps {
		if in.InspectionType == cyltrace.InspectionScrap {
			scrapped[in.CylinderID] = true
		}
	}
	overdue := func(cy *cyltrace.Cylinder) bool {
		next, _ := cyltrace.ParseYearMonth(cy.NextInspectionDate)
		return cy.Status == cyltrace.StatusInUse && next.Before(asOf)
	}
	fuel2021 := func(cy *cyltrace.Cylinder) bool {
		return isFuelGas(cy.MediumCode) && cy.ManufactureDate >= "2021-01"
	}
	tests := []struct {
		name string
		is   func(*cyltrace.Cylinder) bool
	}{
		{"registered and in date", func(cy *cyltrace.Cylinder) bool {
			return cy.Registered() && cy.Status == cyltrace.StatusInUse && !overdue(cy)
		}},
		{"overdue", overdue},
		{"scrapped with a scrap disposal", func(cy *cyltrace.Cylinder) bool {
			return cy.Status == cyltrace.StatusScrapped && scrapped[cy.ID]
		}},
		{"stopped", func(cy *cyltrace.Cylinder) bool { return cy.Status == cyltrace.StatusStopped }},
		{"not registered", func(cy *cyltrace.Cylinder) bool { return !cy.Registered() }},
		{"QR tag", func(cy *cyltrace.Cylinder) bool { return cy.TagType == cyltrace.TagQR && cy.QRContent != "" }},
		{"RFID tag", func(cy *cyltrace.Cylinder) bool { return cy.TagType == cyltrace.TagRFID && cy.QRContent == "" }},
		{"no tag", func(cy *cyltrace.Cylinder) bool { return cy.TagType == "" && cy.InfoCode == "" }},
		{"gas cylinder from 2021 on without a tag", func(cy *cyltrace.Cylinder) bool { return fuel2021(cy) && cy.TagType == "" }},
		{"gas cylinder from 2021 on with a QR tag", func(cy *cyltrace.Cylinder) bool { return fuel2021(cy) && cy.TagType == cyltrace.TagQR }},
		{"12-digit traceable number", func(cy *cyltrace.Cylinder) bool { return len(cy.ProductNumber) == 12 }},
		{"maker's own product number", func(cy *cyltrace.Cylinder) bool { return len(cy.ProductNumber) != 12 }},
		{"industrial gas", func(cy *cyltrace.Cylinder) bool { return !isFuelGas(cy.MediumCode) }},
		{"LPG past 8 years in use", func(cy *cyltrace.Cylinder) bool {
			made, _ := cyltrace.ParseYearMonth(cy.ManufactureDate)
			return cy.MediumCode == cyltrace.MediumLPG && cy.Status == cyltrace.StatusInUse && made.AddYears(8).Before(asOf)
		}},
	}
	for _, tt := range tests {
		got := 0
		for _, cy := range c.cyls {
			if tt.is(cy) {
				got++
			}
		}
		if got == 0 {
			t.Errorf("%s: got 0 of 50 cylinders, want at least 1", tt.name)
		}
	}
}

func TestRecordsValidate(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
	}{
		{"small", Options{Seed: 1, Cylinders: 50, AsOf: testAsOf}},
		{"larger", Options{Seed: 2, Cylinders: 6000, AsOf: testAsOf}},
		{"AsOf early in the roll-out", Options{Seed: 3, Cylinders: 2000, AsOf: time.Date(2021, 3, 10, 0, 0, 0, 0, cyltrace.CST)}},
		{"AsOf before it", Options{Seed: 4, Cylinders: 2000, AsOf: time.Date(2019, 6, 30, 0, 0, 0, 0, cyltrace.CST)}},
		{"AsOf on a leap day", Options{Seed: 5, Cylinders: 2000, AsOf: time.Date(2028, 2, 29, 0, 0, 0, 0, cyltrace.CST)}},
		{"AsOf long after the roll-out", Options{Seed: 6, Cylinders: 2000, AsOf: time.Date(2040, 7, 1, 0, 0, 0, 0, cyltrace.CST)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := mustGenerate(t, tt.opt)
			now := endOfDay(tt.opt.AsOf)
			check := func(kind, id string, err error) {
				t.Helper()
				if err != nil {
					t.Errorf("%s %s: Validate() = %v, want nil", kind, id, err)
				}
			}
			for _, u := range c.units {
				check("unit", u.Name, u.Validate())
			}
			for _, x := range c.cyls {
				check("cylinder", x.ID, x.Validate(now))
			}
			for _, x := range c.insps {
				check("inspection", x.SourceID, x.Validate(now))
			}
			for _, x := range c.fills {
				check("filling", x.SourceID, x.Validate(now))
			}
			for _, x := range c.trails {
				check("trail", x.SourceID, x.Validate(now))
			}
		})
	}
}

func TestMediumMix(t *testing.T) {
	c, s := mustGenerate(t, Options{Seed: 11, Cylinders: 20000, AsOf: testAsOf})
	got := float64(s.ByMedium[cyltrace.MediumLPG]) / float64(len(c.cyls))
	if got < 0.65 || got > 0.75 {
		t.Errorf("LPG share = %.3f, want 0.70 ± 0.05", got)
	}
	for _, m := range []string{"G1", "G2", "G3", "G5", "G6", "G7", "G14", "G15", "G17", "G18"} {
		if s.ByMedium[m] == 0 {
			t.Errorf("medium %s: 0 cylinders, want some", m)
		}
	}
	records := len(c.insps) + len(c.fills) + len(c.trails)
	if got, want := float64(records)/float64(len(c.cyls)), 6.0; got > want {
		t.Errorf("history records per cylinder = %.2f, want at most %.1f", got, want)
	}
}

func TestSummaryMatchesRecords(t *testing.T) {
	c, s := mustGenerate(t, Options{Seed: 5, Cylinders: 2000, AsOf: testAsOf})
	status := map[string]int{}
	unregistered := 0
	for _, cy := range c.cyls {
		status[cy.Status]++
		if !cy.Registered() {
			unregistered++
		}
	}
	tests := []struct {
		name      string
		got, want int
	}{
		{"units", s.Units, len(c.units)},
		{"cylinders", s.Cylinders, len(c.cyls)},
		{"inspections", s.Inspections, len(c.insps)},
		{"fillings", s.Fillings, len(c.fills)},
		{"trails", s.Trails, len(c.trails)},
		{"unregistered", s.Unregistered, unregistered},
		{"tags", s.WithQR + s.WithRFID + s.WithoutTag, len(c.cyls)},
	}
	for _, st := range cyltrace.Statuses() {
		tests = append(tests, struct {
			name      string
			got, want int
		}{"status " + st, s.ByStatus[st], status[st]})
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, tt.got, tt.want)
		}
	}
}

// failing is a sink that fails on the nth cylinder.
type failing struct {
	discard
	n int
}

var errSink = errors.New("sink full")

func (f *failing) AddCylinder(context.Context, *cyltrace.Cylinder) error {
	if f.n--; f.n < 0 {
		return errSink
	}
	return nil
}

func TestGenerateErrors(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		opt     Options
		sink    Sink
		wantErr error // nil: any error
	}{
		{"negative count", context.Background(), Options{Cylinders: -1, AsOf: testAsOf}, &discard{}, nil},
		{"no AsOf", context.Background(), Options{Cylinders: 1}, &discard{}, nil},
		{"sink error", context.Background(), Options{Cylinders: 10, AsOf: testAsOf}, &failing{n: 3}, errSink},
		{"canceled", canceled, Options{Cylinders: 10, AsOf: testAsOf}, &discard{}, context.Canceled},
	}
	for _, tt := range tests {
		_, err := Generate(tt.ctx, tt.opt, tt.sink)
		if err == nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
			t.Errorf("%s: Generate() error = %v, want %v", tt.name, err, tt.wantErr)
		}
	}
}
