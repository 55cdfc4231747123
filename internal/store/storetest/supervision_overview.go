package storetest

import (
	"fmt"
	"testing"

	"cyltrace"
	"cyltrace/internal/store"
)

// The supervision overview, overdue list and recall candidates on a small
// city: two districts, cylinders in every status and several media and
// varieties, records on known days around the edges of the 30-day
// look-back, an overdue cylinder filled anyway. The suite's clock is
// 2026-11-25 17:30 CST: the look-back is 2026-10-27 … 2026-11-25, a
// cylinder due 2026-10 is overdue, one due 2026-11 falls due within 30
// days, one due 2027-01 within 90.

const (
	yuzhong   = "500103" // 渝中区
	jiulongpo = "500107" // 九龙坡区
)

// svCyl is one cylinder of the small city: what the test sets on the
// sample archive.
type svCyl struct {
	unit                    int // index into svCity.units
	status, medium, variety string
	made, next, registered  string
	maker                   string // the sample's (makerHX) when ""
	noInfoCode, noTag       bool
	wantOverdue, wantRecall bool
	wantMonthsOverdue       int
	cylinder                *cyltrace.Cylinder
}

// svFilling is one filling the test submits.
type svFilling struct {
	unit     int    // index into svCity.units
	cyl      int    // index into svCity.cyls; -1 for an unknown code
	day      string // filling_date
	violates bool   // the judge flags it
}

type svCity struct {
	s        *store.Store
	units    []*cyltrace.Unit
	cyls     []*svCyl
	fillings []svFilling
}

const (
	makerHX = "重庆恒祥石油液化气钢瓶制造有限公司"
	makerZJ = "浙江金盾压力容器有限公司"
)

func newSVCity(t *testing.T, s *store.Store) *svCity {
	c := &svCity{s: s}
	c.units = []*cyltrace.Unit{
		mustUnit(t, s, "91500103MA5U000011", yuzhong, cyltrace.KindFilling, cyltrace.KindUsing),
		mustUnit(t, s, "91500107MA5U000022", jiulongpo, cyltrace.KindFilling, cyltrace.KindUsing),
		mustUnit(t, s, "12500103MA5U000033", yuzhong, cyltrace.KindInspection),
	}
	c.cyls = []*svCyl{
		{unit: 0, status: cyltrace.StatusInUse, medium: "G13", variety: "2320", made: "2020-08", next: "2028-08", registered: "2021-01-01"},
		{unit: 0, status: cyltrace.StatusInUse, medium: "G13", variety: "2320", made: "2019-05", next: "2026-10", registered: "2021-01-01",
			wantOverdue: true, wantMonthsOverdue: 1},
		{unit: 0, status: cyltrace.StatusInUse, medium: "G1", variety: "2310", made: "2018-03", next: "2026-11", registered: "2026-11-01"},
		{unit: 0, status: cyltrace.StatusInUse, medium: "G13", variety: "2320", made: "2019-01", next: "2027-01", registered: "2026-10-31"},
		{unit: 0, status: cyltrace.StatusStopped, medium: "G13", variety: "2320", made: "2016-01", next: "2025-01", registered: "2021-01-01"},
		{unit: 0, status: cyltrace.StatusScrapped, medium: "G13", variety: "2320", made: "2022-03", next: "2026-03", registered: "2022-04-01",
			noInfoCode: true, noTag: true},
		{unit: 0, status: cyltrace.StatusInUse, medium: "G13", variety: "2320", made: "2022-05", next: "2026-05", registered: "2026-11-25",
			noInfoCode: true, noTag: true, wantOverdue: true, wantMonthsOverdue: 6, wantRecall: true},
		{unit: 1, status: cyltrace.StatusInUse, medium: "G14", variety: "2320", made: "2021-01", next: "2029-01", registered: "2021-02-01",
			noTag: true, wantRecall: true, maker: makerZJ},
		{unit: 1, status: cyltrace.StatusInUse, medium: "G13", variety: "2320", made: "2020-12", next: "2028-12", registered: "2021-02-01",
			noInfoCode: true, noTag: true},
		{unit: 1, status: cyltrace.StatusInUse, medium: "G2", variety: "2310", made: "2010-06", next: "2025-06", registered: "2021-02-01",
			wantOverdue: true, wantMonthsOverdue: 17},
		{unit: 1, status: cyltrace.StatusStopped, medium: "G14", variety: "2320", made: "2023-02", next: "2027-02", registered: "2023-03-01",
			noInfoCode: true, noTag: true, wantRecall: true, maker: makerZJ},
		{unit: 1, status: cyltrace.StatusInUse, medium: "G5", variety: "23T0", made: "2022-07", next: "2026-12", registered: "2026-12-01",
			noInfoCode: true, noTag: true},
	}
	for i, sc := range c.cyls {
		sc.cylinder = mustCylinder(t, s, c.archive(i, sc))
	}
	c.fillings = []svFilling{
		{unit: 0, cyl: 0, day: "2026-11-25"},
		{unit: 0, cyl: 0, day: "2026-10-27"}, // the first day of the look-back
		{unit: 0, cyl: 0, day: "2026-10-26"}, // the day before: not counted
		{unit: 0, cyl: 2, day: "2026-11-20"},
		{unit: 0, cyl: 3, day: "2026-11-20"},
		{unit: 0, cyl: 1, day: "2026-11-21", violates: true}, // the overdue cylinder, filled anyway
		{unit: 0, cyl: -1, day: "2026-11-01"},                // an unknown code: evidence all the same
		{unit: 1, cyl: 7, day: "2026-11-10"},
		{unit: 1, cyl: 9, day: "2026-11-22", violates: true},
		{unit: 1, cyl: 7, day: "2026-11-26"}, // tomorrow's date, reported early: not in the look-back
	}
	c.submitFillings(t)
	c.inspect(t)
	return c
}

// archive is the sample archive of cylinder i as sc describes it.
func (c *svCity) archive(i int, sc *svCyl) *cyltrace.Cylinder {
	a := sampleCylinder(900+i, c.units[sc.unit])
	a.RegionCode, a.Status, a.MediumCode, a.VarietyCode = c.units[sc.unit].RegionCode, sc.status, sc.medium, sc.variety
	a.ManufactureDate, a.NextInspectionDate, a.RegistrationDate = sc.made, sc.next, sc.registered
	a.LastInspectionDate = ""
	if sc.maker != "" {
		a.Manufacturer = sc.maker
	}
	if sc.noInfoCode {
		a.InfoCode = ""
	}
	if sc.noTag {
		a.TagType, a.QRContent = "", ""
	}
	return a
}

// submitFillings submits the fillings; the judge flags the ones marked.
func (c *svCity) submitFillings(t *testing.T) {
	for i, fl := range c.fillings {
		f := &cyltrace.Filling{SourceID: fmt.Sprintf("SV-F-%d", i), MediumCode: "G13", Filler: "张三",
			FillingDate: fl.day, FillingUnitName: c.units[fl.unit].Name, UnitID: c.units[fl.unit].ID, ClientID: 1}
		if fl.cyl >= 0 {
			f.CylinderID, f.MediumCode = c.cyls[fl.cyl].cylinder.ID, c.cyls[fl.cyl].medium
		} else {
			f.CylinderID = "CY0000000000000000"
		}
		judge := func(*cyltrace.Cylinder, []store.ActiveLock, *cyltrace.Filling) ([]cyltrace.Reason, int) {
			if fl.violates {
				return []cyltrace.Reason{{Code: cyltrace.ReasonInspectionOverdue, Message: "超期未检"}}, 1
			}
			return nil, 1
		}
		if _, err := c.s.SubmitFillingsJudged(ctx(t), []*cyltrace.Filling{f}, judge); err != nil {
			t.Fatalf("submit filling %d: %v", i, err)
		}
	}
}

// inspect adds two inspections of the in-date cylinder 0 by the inspection
// body: one in the look-back, one before it.
func (c *svCity) inspect(t *testing.T) {
	for i, day := range []string{"2026-09-30", "2026-11-02"} {
		in := &cyltrace.Inspection{SourceID: fmt.Sprintf("SV-I-%d", i), CylinderID: c.cyls[0].cylinder.ID,
			InspectionDate: day, InspectionAgency: "重庆市特种设备检测研究院", NextInspectionDate: "2030-11",
			Conclusion: "合格", InspectionType: cyltrace.InspectionPeriodic, UnitID: c.units[2].ID, ClientID: 2}
		if _, err := c.s.AddInspection(ctx(t), in); err != nil {
			t.Fatalf("inspection %s: %v", day, err)
		}
	}
}

// inLookback reports whether a day is within 2026-10-27 … 2026-11-25.
func inLookback(day string) bool { return day >= "2026-10-27" && day <= "2026-11-25" }

// want computes the overview of the units matching keep and the archives
// matching keepCyl straight from what the test inserted.
func (c *svCity) want(keepUnit func(*cyltrace.Unit) bool, keepCyl func(*svCyl) bool, medium string) store.Overview {
	var o store.Overview
	status, media, varieties := map[string]int{}, map[string]int{}, map[string]int{}
	for _, sc := range c.cyls {
		if !keepCyl(sc) {
			continue
		}
		a := sc.cylinder
		o.Cylinders++
		status[sc.status]++
		media[sc.medium]++
		varieties[sc.variety]++
		if a.RegistrationDate >= "2026-11-01" && a.RegistrationDate <= "2026-11-30" {
			o.Registered++
		}
		if sc.status != cyltrace.StatusInUse {
			continue
		}
		o.InUse++
		switch next := a.NextInspectionDate; {
		case next < "2026-11":
			o.Overdue++
		case next < "2026-12":
			o.Due30++
			o.Due90++
		case next < "2027-02":
			o.Due90++
		}
	}
	for _, st := range cyltrace.Statuses() {
		o.ByStatus = append(o.ByStatus, store.Count{Code: st, N: status[st]})
	}
	o.ByMedium, o.ByVariety = wantCounts(cyltrace.Media(), media), wantCounts(cyltrace.Varieties(), varieties)
	daily, violations := map[string]int{}, map[string]int{}
	for _, fl := range c.fillings {
		f := fillingMedium(c, fl)
		if !keepUnit(c.units[fl.unit]) || (medium != "" && f != medium) {
			continue
		}
		if fl.violates {
			o.OpenViolations++
		}
		if inLookback(fl.day) {
			o.Fillings++
			daily[fl.day]++
			if fl.violates {
				violations[fl.day]++
			}
		}
	}
	if keepUnit(c.units[2]) && (medium == "" || medium == c.cyls[0].medium) {
		o.Inspections = 1 // 2026-11-02; 2026-09-30 is before the look-back
	}
	o.FillingsDaily, o.ViolationsDaily = wantDaily(daily), wantDaily(violations)
	return o
}

func fillingMedium(c *svCity, fl svFilling) string {
	if fl.cyl < 0 {
		return "G13"
	}
	return c.cyls[fl.cyl].medium
}

func wantCounts(table []cyltrace.Code, counts map[string]int) []store.Count {
	var list []store.Count
	for _, code := range table {
		if n := counts[code.Code]; n > 0 {
			list = append(list, store.Count{Code: code.Code, N: n})
		}
	}
	return list
}

// wantDaily lists the 30 days of the look-back with their counts.
func wantDaily(counts map[string]int) []store.DayCount {
	var list []store.DayCount
	for d := 27; d <= 31; d++ {
		day := fmt.Sprintf("2026-10-%02d", d)
		list = append(list, store.DayCount{Day: day, N: counts[day]})
	}
	for d := 1; d <= 25; d++ {
		day := fmt.Sprintf("2026-11-%02d", d)
		list = append(list, store.DayCount{Day: day, N: counts[day]})
	}
	return list
}

func all[T any](T) bool { return true }

func testSupervisionOverview(t *testing.T, newStore Factory) {
	s, _ := newStore(t)
	city := newSVCity(t, s)
	t.Run("City", func(t *testing.T) { testOverviewCity(t, city) })
	t.Run("District", func(t *testing.T) { testOverviewDistrict(t, city) })
	t.Run("UnitAndMedium", func(t *testing.T) { testOverviewUnitMedium(t, city) })
	t.Run("Overdue", func(t *testing.T) { testOverdueList(t, city) })
	t.Run("Recalls", func(t *testing.T) { testRecallCandidates(t, city) })
}

// compareOverview fails on every figure of got that differs from want.
func compareOverview(t *testing.T, got *store.Overview, want store.Overview) {
	t.Helper()
	figures := []struct {
		name      string
		got, want int
	}{
		{"cylinders", got.Cylinders, want.Cylinders}, {"in use", got.InUse, want.InUse},
		{"registered this month", got.Registered, want.Registered}, {"fillings", got.Fillings, want.Fillings},
		{"inspections", got.Inspections, want.Inspections}, {"overdue", got.Overdue, want.Overdue},
		{"due within 30 days", got.Due30, want.Due30}, {"due within 90 days", got.Due90, want.Due90},
		{"open violations", got.OpenViolations, want.OpenViolations},
	}
	for _, f := range figures {
		if f.got != f.want {
			t.Errorf("%s = %d, want %d", f.name, f.got, f.want)
		}
	}
	lists := []struct {
		name      string
		got, want any
	}{
		{"by status", got.ByStatus, want.ByStatus}, {"by medium", got.ByMedium, want.ByMedium},
		{"by variety", got.ByVariety, want.ByVariety}, {"fillings by day", got.FillingsDaily, want.FillingsDaily},
		{"violations by day", got.ViolationsDaily, want.ViolationsDaily},
	}
	for _, l := range lists {
		if fmt.Sprint(l.got) != fmt.Sprint(l.want) {
			t.Errorf("%s = %v\nwant %v", l.name, l.got, l.want)
		}
	}
}

// sumDistricts adds up the district table's columns.
func sumDistricts(rows []store.DistrictRow) store.DistrictRow {
	var sum store.DistrictRow
	for _, d := range rows {
		sum.Cylinders += d.Cylinders
		sum.InUse += d.InUse
		sum.Overdue += d.Overdue
		sum.Fillings += d.Fillings
		sum.OpenViolations += d.OpenViolations
	}
	return sum
}

func testOverviewCity(t *testing.T, c *svCity) {
	got, err := c.s.SupervisionOverview(ctx(t), store.SupervisionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := c.want(all, all, "")
	compareOverview(t, got, want)
	// The figures the test knows by heart, so that a slip in want cannot
	// hide one in the store.
	if got.Cylinders != 12 || got.Overdue != 3 || got.Fillings != 8 || got.OpenViolations != 2 || got.Registered != 2 {
		t.Errorf("city: %d cylinders, %d overdue, %d fillings, %d open violations, %d registered this month; want 12, 3, 8, 2, 2",
			got.Cylinders, got.Overdue, got.Fillings, got.OpenViolations, got.Registered)
	}
	if got.AsOf != "2026-11-25" {
		t.Errorf("as of %s, want 2026-11-25 (the suite's clock in CST)", got.AsOf)
	}
	if len(got.Districts) != len(cyltrace.Regions()) {
		t.Fatalf("district rows = %d, want one per region (%d)", len(got.Districts), len(cyltrace.Regions()))
	}
	sum := sumDistricts(got.Districts)
	totals := store.DistrictRow{Cylinders: got.Cylinders, InUse: got.InUse, Overdue: got.Overdue,
		Fillings: got.Fillings, OpenViolations: got.OpenViolations}
	if sum != totals {
		t.Errorf("district rows sum to %+v, want the city totals %+v", sum, totals)
	}
	for _, d := range got.Districts {
		region := d.RegionCode
		w := c.want(func(u *cyltrace.Unit) bool { return u.RegionCode == region },
			func(sc *svCyl) bool { return sc.cylinder.RegionCode == region }, "")
		row := store.DistrictRow{RegionCode: region, Cylinders: w.Cylinders, InUse: w.InUse, Overdue: w.Overdue,
			Fillings: w.Fillings, OpenViolations: w.OpenViolations}
		if d != row {
			t.Errorf("district %s = %+v, want %+v", region, d, row)
		}
	}
}

func testOverviewDistrict(t *testing.T, c *svCity) {
	for _, region := range []string{yuzhong, jiulongpo, "500101"} {
		got, err := c.s.SupervisionOverview(ctx(t), store.SupervisionFilter{RegionCode: region})
		if err != nil {
			t.Fatal(err)
		}
		want := c.want(func(u *cyltrace.Unit) bool { return u.RegionCode == region },
			func(sc *svCyl) bool { return sc.cylinder.RegionCode == region }, "")
		t.Run(region, func(t *testing.T) { compareOverview(t, got, want) })
		if len(got.Districts) != 1 || got.Districts[0].RegionCode != region {
			t.Errorf("district %s: table rows %+v, want its own row only", region, got.Districts)
		}
	}
}

func testOverviewUnitMedium(t *testing.T, c *svCity) {
	b := c.units[1]
	got, err := c.s.SupervisionOverview(ctx(t), store.SupervisionFilter{UnitID: b.ID})
	if err != nil {
		t.Fatal(err)
	}
	compareOverview(t, got, c.want(func(u *cyltrace.Unit) bool { return u.ID == b.ID },
		func(sc *svCyl) bool { return c.units[sc.unit].ID == b.ID }, ""))

	got, err = c.s.SupervisionOverview(ctx(t), store.SupervisionFilter{MediumCode: "G14"})
	if err != nil {
		t.Fatal(err)
	}
	compareOverview(t, got, c.want(all, func(sc *svCyl) bool { return sc.medium == "G14" }, "G14"))

	// A unit code that names no unit (-1) matches nothing.
	got, err = c.s.SupervisionOverview(ctx(t), store.SupervisionFilter{UnitID: -1})
	if err != nil {
		t.Fatal(err)
	}
	if got.Cylinders != 0 || got.Fillings != 0 || got.Inspections != 0 || got.OpenViolations != 0 {
		t.Errorf("unknown unit: %+v, want nothing counted", got)
	}
}
