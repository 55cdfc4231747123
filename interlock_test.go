package cyltrace

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode"
)

// cst returns a wall-clock time in Chongqing.
func cst(y int, m time.Month, d, hh, mm, ss int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, 0, CST)
}

// lpgCylinder is a registered, in-date LPG cylinder of unit 7 with a bound
// tag: the interlock allows filling it with G13 at testNow (2024-06-15).
func lpgCylinder() Cylinder {
	return Cylinder{
		ID:                     "CY0123456789ABCDEF",
		UseUnitName:            "重庆玉灵燃气有限公司",
		UseUnitID:              7,
		RegionCode:             "500104",
		VarietyCode:            "2320",
		ProductNumber:          "A030105",
		MediumCode:             "G13",
		ManufactureDate:        "2021-05",
		NextInspectionDate:     "2025-05",
		Status:                 StatusInUse,
		TagType:                TagQR,
		InfoCode:               "CQ0123456789ABCDEF",
		RegistrationCertNumber: "瓶32渝A0001(21)",
	}
}

// reasonOrder is DOMAIN.md §2's table order.
var reasonOrder = []string{ReasonNotFound, ReasonNotRegistered, ReasonNotOwnCylinder, ReasonStopped, ReasonScrapped,
	ReasonInspectionOverdue, ReasonServiceLifeExceeded, ReasonMediumMismatch, ReasonLocked, ReasonNoElectronicMark}

func codesOf(rs []Reason) []string {
	var codes []string
	for _, r := range rs {
		codes = append(codes, r.Code)
	}
	return codes
}

// checkReasons asserts the codes, their table order, and that every message
// is a Chinese sentence that tells the filler not to fill.
func checkReasons(t *testing.T, got []Reason, want []string) {
	t.Helper()
	if g := codesOf(got); strings.Join(g, ",") != strings.Join(want, ",") {
		t.Errorf("got reasons %v, want %v", g, want)
	}
	last := -1
	for _, r := range got {
		i := indexOf(reasonOrder, r.Code)
		if i < last {
			t.Errorf("got %s after a later code of the table: %v", r.Code, codesOf(got))
		}
		last = i
		if !strings.Contains(r.Message, "禁止充装") || !strings.ContainsFunc(r.Message, func(c rune) bool { return unicode.Is(unicode.Han, c) }) {
			t.Errorf("%s: got message %q, want a Chinese sentence with 禁止充装", r.Code, r.Message)
		}
	}
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// checkInput is unit 7 about to fill lpgCylinder with G13, changed by cyl
// and in when they are not nil.
func checkInput(cyl func(c *Cylinder), change func(in *FillingCheck)) FillingCheck {
	c := lpgCylinder()
	if cyl != nil {
		cyl(&c)
	}
	in := FillingCheck{Cylinder: &c, MediumCode: "G13", CallerUnitID: 7}
	if change != nil {
		change(&in)
	}
	return in
}

type checkCase struct {
	name string
	cyl  func(c *Cylinder)
	in   func(in *FillingCheck)
	at   time.Time // zero: testNow
	want []string
}

func runCheckCases(t *testing.T, rules RuleTable, tests []checkCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := checkInput(tt.cyl, tt.in)
			at := tt.at
			if at.IsZero() {
				at = testNow
			}
			checkReasons(t, rules.Check(in, at), tt.want)
		})
	}
}

func TestCheckEachReasonAlone(t *testing.T) {
	lock := Lock{Reason: "翻新", LockedAt: cst(2024, 3, 1, 9, 0, 0)}
	runCheckCases(t, DefaultRuleTable(), []checkCase{
		{name: "sound cylinder allowed", want: nil},
		{name: "NOT_FOUND", in: func(in *FillingCheck) { in.Cylinder = nil }, want: []string{ReasonNotFound}},
		{name: "NOT_REGISTERED", cyl: func(c *Cylinder) { c.RegistrationCertNumber = "" }, want: []string{ReasonNotRegistered}},
		{name: "NOT_OWN_CYLINDER other unit", in: func(in *FillingCheck) { in.CallerUnitID = 8 }, want: []string{ReasonNotOwnCylinder}},
		{name: "NOT_OWN_CYLINDER archive without using unit", cyl: func(c *Cylinder) { c.UseUnitID = 0 },
			in: func(in *FillingCheck) { in.CallerUnitID = 0 }, want: []string{ReasonNotOwnCylinder}},
		{name: "NOT_OWN_CYLINDER for DME", cyl: func(c *Cylinder) { c.MediumCode = "G14" },
			in: func(in *FillingCheck) { in.MediumCode, in.CallerUnitID = "G14", 8 }, want: []string{ReasonNotOwnCylinder}},
		{name: "industrial gas: entrusted cylinder of another unit allowed", cyl: func(c *Cylinder) {
			c.VarietyCode, c.MediumCode, c.NextInspectionDate = "2310", "G1", "2027-05"
		}, in: func(in *FillingCheck) { in.MediumCode, in.CallerUnitID = "G1", 8 }, want: nil},
		{name: "STOPPED", cyl: func(c *Cylinder) { c.Status = StatusStopped }, want: []string{ReasonStopped}},
		{name: "SCRAPPED by status", cyl: func(c *Cylinder) { c.Status = StatusScrapped }, want: []string{ReasonScrapped}},
		{name: "SCRAPPED by a scrap inspection, status lagging", in: func(in *FillingCheck) { in.Scrapped = true },
			want: []string{ReasonScrapped}},
		{name: "SCRAPPED once for status and inspection", cyl: func(c *Cylinder) { c.Status = StatusScrapped },
			in: func(in *FillingCheck) { in.Scrapped = true }, want: []string{ReasonScrapped}},
		{name: "INSPECTION_OVERDUE", cyl: func(c *Cylinder) { c.NextInspectionDate = "2024-05" },
			want: []string{ReasonInspectionOverdue}},
		{name: "SERVICE_LIFE_EXCEEDED composite 15 years", cyl: func(c *Cylinder) {
			c.VarietyCode, c.MediumCode, c.ManufactureDate = "23T0", "G4", "2009-05"
			c.LastInspectionDate, c.NextInspectionDate = "2022-05-10", "2025-05"
		}, in: func(in *FillingCheck) { in.MediumCode = "G4" }, want: []string{ReasonServiceLifeExceeded}},
		{name: "MEDIUM_MISMATCH propane into an LPG cylinder", in: func(in *FillingCheck) { in.MediumCode = "G16" },
			want: []string{ReasonMediumMismatch}},
		{name: "LOCKED", in: func(in *FillingCheck) { in.Locks = []Lock{lock} }, want: []string{ReasonLocked}},
		{name: "NO_ELECTRONIC_MARK made 2021-05", cyl: func(c *Cylinder) { c.InfoCode, c.TagType = "", "" },
			want: []string{ReasonNoElectronicMark}},
		{name: "NO_ELECTRONIC_MARK made 2021-01, the first month", cyl: func(c *Cylinder) {
			c.InfoCode, c.TagType, c.ManufactureDate = "", "", "2021-01"
		}, want: []string{ReasonNoElectronicMark}},
		{name: "no mark needed: made 2020-12", cyl: func(c *Cylinder) {
			c.InfoCode, c.TagType, c.ManufactureDate = "", "", "2020-12"
		}, want: nil},
		{name: "no mark needed: propane is not in the list", cyl: func(c *Cylinder) { c.InfoCode, c.MediumCode = "", "G16" },
			in: func(in *FillingCheck) { in.MediumCode = "G16" }, want: nil},
	})
}

func TestCheckSeveralReasons(t *testing.T) {
	locks := []Lock{{Reason: "翻新"}, {Reason: "护罩螺纹连接"}}
	runCheckCases(t, DefaultRuleTable(), []checkCase{
		{name: "overdue, stopped, wrong medium, locked twice", cyl: func(c *Cylinder) {
			c.Status, c.NextInspectionDate = StatusStopped, "2024-05"
		}, in: func(in *FillingCheck) { in.MediumCode, in.Locks = "G16", locks },
			want: []string{ReasonStopped, ReasonInspectionOverdue, ReasonMediumMismatch, ReasonLocked, ReasonLocked}},
		{name: "another unit's LPG cylinder filled with DME: not own and mismatch",
			in:   func(in *FillingCheck) { in.MediumCode, in.CallerUnitID = "G14", 8 },
			want: []string{ReasonNotOwnCylinder, ReasonMediumMismatch}},
		{name: "every reason but NOT_FOUND", cyl: func(c *Cylinder) {
			c.RegistrationCertNumber, c.Status, c.InfoCode, c.TagType = "", StatusStopped, "", ""
		}, in: func(in *FillingCheck) {
			in.MediumCode, in.CallerUnitID, in.Scrapped, in.Locks = "G14", 8, true, locks
		}, at: cst(2034, 1, 1, 8, 0, 0), want: []string{ReasonNotRegistered, ReasonNotOwnCylinder, ReasonStopped,
			ReasonScrapped, ReasonInspectionOverdue, ReasonServiceLifeExceeded, ReasonMediumMismatch, ReasonLocked,
			ReasonLocked, ReasonNoElectronicMark}},
		{name: "NOT_FOUND alone whatever else is passed", in: func(in *FillingCheck) {
			in.Cylinder, in.MediumCode, in.CallerUnitID, in.Scrapped, in.Locks = nil, "G14", 8, true, locks
		}, want: []string{ReasonNotFound}},
	})
}

func TestCheckInspectionDueBoundaries(t *testing.T) {
	next := func(ym string) func(c *Cylinder) { return func(c *Cylinder) { c.NextInspectionDate = ym } }
	overdue := []string{ReasonInspectionOverdue}
	neverInspected := func(c *Cylinder) {
		c.ManufactureDate, c.LastInspectionDate, c.NextInspectionDate, c.InfoCode = "2016-02", "", "", ""
	}
	runCheckCases(t, DefaultRuleTable(), []checkCase{
		{name: "last day of the due month, 23:59:59 CST", cyl: next("2024-08"), at: cst(2024, 8, 31, 23, 59, 59)},
		{name: "first day after, 00:00 CST", cyl: next("2024-08"), at: cst(2024, 9, 1, 0, 0, 0), want: overdue},
		{name: "UTC 2024-08-31T15:59:59Z is still August in Chongqing", cyl: next("2024-08"),
			at: time.Date(2024, 8, 31, 15, 59, 59, 0, time.UTC)},
		{name: "UTC 2024-08-31T16:30Z is 2024-09-01 in Chongqing", cyl: next("2024-08"),
			at: time.Date(2024, 8, 31, 16, 30, 0, 0, time.UTC), want: overdue},
		{name: "first instant of the due month", cyl: next("2024-08"), at: time.Date(2024, 7, 31, 16, 0, 0, 0, time.UTC)},
		{name: "leap year: 2024-02-29 in date", cyl: next("2024-02"), at: cst(2024, 2, 29, 23, 59, 59)},
		{name: "leap year: 2024-03-01 overdue", cyl: next("2024-02"), at: cst(2024, 3, 1, 0, 0, 0), want: overdue},
		{name: "common year: 2023-02-28 in date", cyl: next("2023-02"), at: cst(2023, 2, 28, 23, 59, 59)},
		{name: "common year: 2023-03-01 overdue", cyl: next("2023-02"), at: cst(2023, 3, 1, 0, 0, 0), want: overdue},
		{name: "never inspected, made 2016-02: due 2020-02, 2020-02-29 in date", cyl: neverInspected,
			at: cst(2020, 2, 29, 12, 0, 0)},
		{name: "never inspected, made 2016-02: 2020-03-01 overdue", cyl: neverInspected,
			at: cst(2020, 3, 1, 0, 0, 0), want: overdue},
		{name: "the archive's nextInspectionDate wins over manufacture + interval", cyl: func(c *Cylinder) {
			neverInspected(c)
			c.NextInspectionDate = "2019-02"
		}, at: cst(2019, 3, 1, 0, 0, 0), want: overdue},
		{name: "inspected but no next date: fails closed", cyl: func(c *Cylinder) {
			c.LastInspectionDate, c.NextInspectionDate = "2023-05-10", ""
		}, want: overdue},
		{name: "malformed next date: fails closed", cyl: next("2025-5"), want: overdue},
	})
}

func TestCheckServiceLifeBoundaries(t *testing.T) {
	life := []string{ReasonServiceLifeExceeded}
	both := []string{ReasonInspectionOverdue, ReasonServiceLifeExceeded}
	// lpg returns an LPG cylinder made in made, last passed an inspection
	// on last, due again in next.
	lpg := func(made, last, next string) func(c *Cylinder) {
		return func(c *Cylinder) {
			c.ManufactureDate, c.LastInspectionDate, c.NextInspectionDate, c.InfoCode = made, last, next, "CQ0123456789ABCDEF"
		}
	}
	notExtended := lpg("2018-05", "2026-04-20", "2030-04") // inspected just before year 8
	extended := lpg("2018-05", "2026-05-01", "2030-05")    // inspected in the month year 8 ends
	runCheckCases(t, DefaultRuleTable(), []checkCase{
		{name: "LPG 8 years: 2026-05-31 23:59:59 allowed", cyl: notExtended, at: cst(2026, 5, 31, 23, 59, 59)},
		{name: "LPG 8 years: 2026-06-01 refused without an inspection after year 8", cyl: notExtended,
			at: cst(2026, 6, 1, 0, 0, 0), want: life},
		{name: "LPG 8 years: UTC 2026-05-31T16:00Z is June in Chongqing", cyl: notExtended,
			at: time.Date(2026, 5, 31, 16, 0, 0, 0, time.UTC), want: life},
		{name: "LPG extended: 2026-06-01 allowed after an inspection in 2026-05", cyl: extended, at: cst(2026, 6, 1, 0, 0, 0)},
		{name: "LPG extended: 2030-05-31 allowed", cyl: extended, at: cst(2030, 5, 31, 23, 59, 59)},
		{name: "LPG extended: 2030-06-01 refused, and due", cyl: extended, at: cst(2030, 6, 1, 0, 0, 0), want: both},
		{name: "LPG never past 12 years, even inspected in year 11", cyl: lpg("2018-05", "2029-05-10", "2033-05"),
			at: cst(2030, 6, 1, 0, 0, 0), want: life},
		{name: "LPG not extended and past 12 years", cyl: notExtended, at: cst(2030, 6, 1, 0, 0, 0), want: both},
		{name: "LPG made 2016-02: 2024-02-29 allowed", cyl: lpg("2016-02", "2024-01-15", "2028-01"),
			at: cst(2024, 2, 29, 23, 59, 59)},
		{name: "LPG made 2016-02: 2024-03-01 refused", cyl: lpg("2016-02", "2024-01-15", "2028-01"),
			at: cst(2024, 3, 1, 0, 0, 0), want: life},
		{name: "LPG made 2016-02, inspected 2024-02-29: extended, 2028-02-29 allowed",
			cyl: lpg("2016-02", "2024-02-29", "2028-02"), at: cst(2028, 2, 29, 23, 59, 59)},
		{name: "LPG made 2016-02, inspected 2024-02-29: 2028-03-01 refused",
			cyl: lpg("2016-02", "2024-02-29", "2028-02"), at: cst(2028, 3, 1, 0, 0, 0), want: both},
		{name: "composite 15 years: 2024-05-31 allowed", cyl: composite2009, in: fill("G4"), at: cst(2024, 5, 31, 23, 59, 59)},
		{name: "composite 15 years: an inspection after the design life does not extend it", cyl: composite2009,
			in: fill("G4"), at: cst(2024, 6, 1, 0, 0, 0), want: life},
		{name: "unknown class: fails closed", cyl: func(c *Cylinder) { c.VarietyCode = "2330" }, want: life},
		{name: "malformed manufacture month: fails closed", cyl: func(c *Cylinder) { c.ManufactureDate = "2018" },
			want: life},
	})
}

// composite2009 is a fibre-wound hydrogen cylinder made 2009-05 (15-year
// design life, no extension), inspected after its design life ended.
func composite2009(c *Cylinder) {
	c.VarietyCode, c.MediumCode, c.ManufactureDate = "23T0", "G4", "2009-05"
	c.LastInspectionDate, c.NextInspectionDate = "2024-05-20", "2027-05"
}

func fill(medium string) func(in *FillingCheck) {
	return func(in *FillingCheck) { in.MediumCode = medium }
}

func TestServiceLifeEnd(t *testing.T) {
	rules := DefaultRuleTable()
	tests := []struct {
		name                              string
		variety, medium, made, last       string
		wantEnd                           string
		wantExtended, wantOK, nilCylinder bool
	}{
		{"LPG never inspected", "2320", "G13", "2018-05", "", "2026-05", false, true, false},
		{"LPG inspected in year 4", "2320", "G13", "2018-05", "2022-05-10", "2026-05", false, true, false},
		{"LPG inspected the day before year 8", "2320", "G13", "2018-05", "2026-04-30", "2026-05", false, true, false},
		{"LPG inspected on the first day of year 8's last month", "2320", "G13", "2018-05", "2026-05-01", "2030-05", true, true, false},
		{"LPG inspected in year 11", "2320", "G13", "2018-05", "2029-05-10", "2030-05", true, true, false},
		{"DME, leap-day inspection", "2320", "G14", "2016-02", "2024-02-29", "2028-02", true, true, false},
		{"propane in an LPG cylinder", "2320", "G16", "2016-02", "", "2024-02", false, true, false},
		{"composite inspected after 15 years", "23T0", "G4", "2009-05", "2024-05-20", "2024-05", false, true, false},
		{"seamless inert 30 years", "2310", "G2", "1995-01", "2020-01-10", "2025-01", false, true, false},
		{"welded corrosive 12 years", "2320", "G9", "2020-12", "", "2032-12", false, true, false},
		{"malformed last inspection does not extend", "2320", "G13", "2018-05", "2026-13-01", "2026-05", false, true, false},
		{"unknown manufacture month", "2320", "G13", "", "", "", false, false, false},
		{"unknown variety", "2330", "G13", "2018-05", "", "", false, false, false},
		{"nil cylinder", "", "", "", "", "", false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Cylinder{VarietyCode: tt.variety, MediumCode: tt.medium, ManufactureDate: tt.made, LastInspectionDate: tt.last}
			if tt.nilCylinder {
				c = nil
			}
			end, extended, ok := rules.ServiceLifeEnd(c)
			if ok != tt.wantOK || extended != tt.wantExtended || (ok && end.String() != tt.wantEnd) {
				t.Errorf("got %v %v %v, want %s %v %v", end, extended, ok, tt.wantEnd, tt.wantExtended, tt.wantOK)
			}
		})
	}
}

func TestDueMonth(t *testing.T) {
	rules := DefaultRuleTable()
	tests := []struct {
		name                        string
		variety, medium, made, last string
		next, want                  string
		wantOK                      bool
	}{
		{"next date given", "2320", "G13", "2021-05", "2021-06-01", "2025-05", "2025-05", true},
		{"next date given, never inspected", "2320", "G13", "2021-05", "", "2025-06", "2025-06", true},
		{"never inspected LPG, made in February", "2320", "G13", "2016-02", "", "", "2020-02", true},
		{"never inspected seamless corrosive: 2 years", "2310", "G9", "2023-07", "", "", "2025-07", true},
		{"never inspected seamless inert: 5 years", "2310", "G3", "2023-07", "", "", "2028-07", true},
		{"never inspected acetylene: 3 years", "23T0", "G17", "2023-12", "", "", "2026-12", true},
		{"inspected without a next date", "2320", "G13", "2021-05", "2023-05-10", "", "", false},
		{"malformed next date", "2320", "G13", "2021-05", "", "2025/05", "", false},
		{"never inspected, unknown class", "2399", "G13", "2021-05", "", "", "", false},
		{"never inspected, malformed manufacture month", "2320", "G13", "21-05", "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Cylinder{VarietyCode: tt.variety, MediumCode: tt.medium, ManufactureDate: tt.made,
				LastInspectionDate: tt.last, NextInspectionDate: tt.next}
			got, ok := rules.DueMonth(c)
			if ok != tt.wantOK || (ok && got.String() != tt.want) {
				t.Errorf("got %v %v, want %s %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
	if _, ok := rules.DueMonth(nil); ok {
		t.Error("DueMonth(nil): got ok, want false")
	}
}

func TestCheckMessages(t *testing.T) {
	tests := []struct {
		name string
		cyl  func(c *Cylinder)
		in   func(in *FillingCheck)
		at   time.Time
		want []Reason
	}{
		{"not found", nil, func(in *FillingCheck) { in.Cylinder = nil }, testNow, []Reason{{ReasonNotFound,
			"未找到该气瓶的档案（扫描的编码未在追溯系统登记），禁止充装；请核对编码，或请使用单位先为气瓶建档"}}},
		{"not registered", func(c *Cylinder) { c.RegistrationCertNumber = "" }, nil, testNow, []Reason{{ReasonNotRegistered,
			"该气瓶未办理使用登记（档案中无使用登记证编号），禁止充装；请使用单位先办理使用登记"}}},
		{"not own", nil, func(in *FillingCheck) { in.CallerUnitID = 8 }, testNow, []Reason{{ReasonNotOwnCylinder,
			"该气瓶的使用单位为重庆玉灵燃气有限公司，不是本充装单位登记的气瓶；液化石油气(G13)只能充装本单位的气瓶，禁止充装"}}},
		{"stopped and scrapped by inspection", func(c *Cylinder) { c.Status = StatusStopped },
			func(in *FillingCheck) { in.Scrapped = true }, testNow, []Reason{
				{ReasonStopped, "该气瓶使用状态为停用，禁止充装；请使用单位办理恢复使用后再充装"},
				{ReasonScrapped, "该气瓶已有报废处置检验记录，禁止充装，不得继续使用"}}},
		{"scrapped by status", func(c *Cylinder) { c.Status = StatusScrapped }, nil, testNow, []Reason{
			{ReasonScrapped, "该气瓶使用状态为报废，禁止充装，不得继续使用"}}},
		{"overdue", func(c *Cylinder) { c.NextInspectionDate = "2024-08" }, nil, cst(2024, 9, 1, 0, 0, 0), []Reason{
			{ReasonInspectionOverdue, "该气瓶已超过下次检验日期(2024-08)，禁止充装，请送检"}}},
		{"never inspected, overdue", func(c *Cylinder) {
			c.ManufactureDate, c.NextInspectionDate = "2016-02", ""
		}, nil, cst(2020, 3, 1, 0, 0, 0), []Reason{
			{ReasonInspectionOverdue, "该气瓶从未检验，已超过首次检验日期(2020-02，2016-02 制造后 4 年)，禁止充装，请送检"}}},
		{"no due month", func(c *Cylinder) { c.LastInspectionDate, c.NextInspectionDate = "2023-05-10", "" }, nil, testNow,
			[]Reason{{ReasonInspectionOverdue, "档案中没有有效的下次检验日期，无法确认该气瓶在检验有效期内，禁止充装；请使用单位核实档案"}}},
		{"LPG past 8 years, not inspected since", func(c *Cylinder) {
			c.ManufactureDate, c.LastInspectionDate, c.NextInspectionDate = "2018-05", "2022-05-10", "2026-09"
		}, nil, cst(2026, 6, 1, 0, 0, 0), []Reason{{ReasonServiceLifeExceeded,
			"该气瓶已超过设计使用年限（2018-05 制造，液化石油气/二甲醚焊接气瓶设计使用年限 8 年，至 2026-05），且期满后未经检验合格，禁止充装；请送检，检验合格后最长可使用至 2030-05"}}},
		{"LPG past 12 years", func(c *Cylinder) {
			c.ManufactureDate, c.LastInspectionDate, c.NextInspectionDate = "2018-05", "2029-05-10", "2033-05"
		}, nil, cst(2030, 6, 1, 0, 0, 0), []Reason{{ReasonServiceLifeExceeded,
			"该气瓶已超过最长使用年限（2018-05 制造，液化石油气/二甲醚焊接气瓶设计使用年限 8 年、期满检验合格后最长 12 年，至 2030-05），禁止充装，应予报废"}}},
		{"composite past 15 years", composite2009, fill("G4"), cst(2024, 6, 1, 0, 0, 0), []Reason{{ReasonServiceLifeExceeded,
			"该气瓶已超过设计使用年限（2009-05 制造，纤维缠绕气瓶及其他特种气瓶设计使用年限 15 年，至 2024-05），禁止充装，应予报废"}}},
		{"no class", func(c *Cylinder) { c.VarietyCode = "2330" }, nil, testNow, []Reason{{ReasonServiceLifeExceeded,
			"无法确认该气瓶是否在设计使用年限内（规则表中没有适用于设备品种 2330、充装介质 G13 的类别），禁止充装；请使用单位核实档案"}}},
		{"medium mismatch", nil, fill("G16"), testNow, []Reason{{ReasonMediumMismatch,
			"充装介质不符：该气瓶登记介质为液化石油气(G13)，本次充装为丙烷(G16)，禁止充装"}}},
		{"two locks, one locked at 2024-02-29T16:30Z = 2024-03-01 CST", nil, func(in *FillingCheck) {
			in.Locks = []Lock{{Reason: "翻新", LockedAt: time.Date(2024, 2, 29, 16, 30, 0, 0, time.UTC)}, {Reason: "举报"}}
		}, testNow, []Reason{
			{ReasonLocked, "该气瓶已被锁定：翻新（2024-03-01 锁定），禁止充装，请联系区县市场监管局"},
			{ReasonLocked, "该气瓶已被锁定：举报，禁止充装，请联系区县市场监管局"}}},
		{"no electronic mark", func(c *Cylinder) { c.InfoCode = "" }, nil, testNow, []Reason{{ReasonNoElectronicMark,
			"该气瓶为 2021-05 制造的液化石油气(G13)气瓶，2021-01 及以后制造的此类气瓶须绑定电子标识，该气瓶尚未绑定，禁止充装；请使用单位先绑定二维码或RFID标签"}}},
		{"no electronic mark, manufacture month unreadable: fails closed", func(c *Cylinder) {
			c.InfoCode, c.ManufactureDate, c.NextInspectionDate = "", "2021", "2025-05"
		}, nil, testNow, []Reason{
			{ReasonServiceLifeExceeded, "无法确认该气瓶是否在设计使用年限内（档案中的制造年月 \"2021\" 无效），禁止充装；请使用单位核实档案"},
			{ReasonNoElectronicMark, "该气瓶为制造年月不明的液化石油气(G13)气瓶，2021-01 及以后制造的此类气瓶须绑定电子标识，该气瓶尚未绑定，禁止充装；请使用单位先绑定二维码或RFID标签"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := checkInput(tt.cyl, tt.in)
			got := DefaultRuleTable().Check(in, tt.at)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d reasons %v, want %d", len(got), got, len(tt.want))
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("reason %d:\ngot  %+v\nwant %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestReasonJSON(t *testing.T) {
	b, err := json.Marshal(Reason{ReasonLocked, "该气瓶已被锁定：翻新，禁止充装，请联系区县市场监管局"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"code":"LOCKED","message":"该气瓶已被锁定：翻新，禁止充装，请联系区县市场监管局"}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// classByKey returns the class of t with the key, for a test to change.
func classByKey(t *testing.T, rules RuleTable, key string) *RuleClass {
	t.Helper()
	for i := range rules.Classes {
		if rules.Classes[i].Key == key {
			return &rules.Classes[i]
		}
	}
	t.Fatalf("no class %q", key)
	return nil
}

func TestCheckChangedTable(t *testing.T) {
	changed := DefaultRuleTable()
	changed.Version = 2
	lpgClass := classByKey(t, changed, "lpg-welded")
	lpgClass.IntervalYears, lpgClass.MaxLifeYears = 3, 0
	changed.OwnCylinderMedia = nil
	changed.ElectronicMarkFrom = "2022-01"
	if err := changed.Validate(); err != nil {
		t.Fatalf("the changed table: got %v, want valid", err)
	}
	tests := []struct {
		name              string
		cyl               func(c *Cylinder)
		in                func(in *FillingCheck)
		at                time.Time
		wantOld, wantNew  []string
		wantNewFirstMatch string // a message the new table must give first, if any
	}{
		{"never inspected LPG made 2021-05: due 2025-05 by 4 years, 2024-05 by 3", func(c *Cylinder) {
			c.NextInspectionDate = ""
		}, nil, testNow, nil, []string{ReasonInspectionOverdue},
			"该气瓶从未检验，已超过首次检验日期(2024-05，2021-05 制造后 3 年)，禁止充装，请送检"},
		{"another unit's LPG cylinder: own-cylinder rule off", nil, func(in *FillingCheck) { in.CallerUnitID = 8 },
			testNow, []string{ReasonNotOwnCylinder}, nil, ""},
		{"no mark, made 2021-05: marks required from 2022-01 only", func(c *Cylinder) { c.InfoCode = "" }, nil,
			testNow, []string{ReasonNoElectronicMark}, nil, ""},
		{"LPG extension removed", func(c *Cylinder) {
			c.ManufactureDate, c.LastInspectionDate, c.NextInspectionDate = "2018-05", "2026-05-01", "2029-05"
		}, nil, cst(2026, 6, 1, 0, 0, 0), nil, []string{ReasonServiceLifeExceeded},
			"该气瓶已超过设计使用年限（2018-05 制造，液化石油气/二甲醚焊接气瓶设计使用年限 8 年，至 2026-05），禁止充装，应予报废"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := checkInput(tt.cyl, tt.in)
			checkReasons(t, DefaultRuleTable().Check(in, tt.at), tt.wantOld)
			got := changed.Check(in, tt.at)
			checkReasons(t, got, tt.wantNew)
			if tt.wantNewFirstMatch != "" && (len(got) == 0 || got[0].Message != tt.wantNewFirstMatch) {
				t.Errorf("got %v, want first message %q", got, tt.wantNewFirstMatch)
			}
		})
	}
	c := lpgCylinder()
	c.NextInspectionDate = ""
	if got, _ := changed.DueMonth(&c); got.String() != "2024-05" {
		t.Errorf("DueMonth with interval 3: got %v, want 2024-05", got)
	}
	in := &Inspection{InspectionDate: "2024-05-10", NextInspectionDate: "2028-05", InspectionType: InspectionPeriodic}
	if err := DefaultRuleTable().CheckInspection(&c, in); err != nil {
		t.Errorf("CheckInspection, default table: got %v, want nil", err)
	}
	checkFields(t, changed.CheckInspection(&c, in), "nextInspectionDate/"+RulePlausible)
}

func TestCheckInspection(t *testing.T) {
	lpg := lpgCylinder()
	corrosive := lpgCylinder()
	corrosive.VarietyCode, corrosive.MediumCode = "2310", "G9"
	inert := lpgCylinder()
	inert.VarietyCode, inert.MediumCode = "2310", "G2"
	propane := lpgCylinder()
	propane.MediumCode = "G16"
	unknown := lpgCylinder()
	unknown.VarietyCode = "2330"
	tests := []struct {
		name          string
		c             *Cylinder
		day, next, ty string
		bad           bool
	}{
		{"LPG: exactly 4 years", &lpg, "2024-05-10", "2028-05", InspectionPeriodic, false},
		{"LPG: one month beyond", &lpg, "2024-05-10", "2028-06", InspectionPeriodic, true},
		{"LPG: earlier is fine", &lpg, "2024-05-10", "2027-05", InspectionPeriodic, false},
		{"LPG: inspected on the last day of the month", &lpg, "2024-05-31", "2028-05", InspectionPeriodic, false},
		{"LPG: inspected on the first day of the month", &lpg, "2024-05-01", "2028-06", InspectionPeriodic, true},
		{"LPG: leap-day inspection, 2028-02", &lpg, "2024-02-29", "2028-02", InspectionPeriodic, false},
		{"LPG: leap-day inspection, 2028-03", &lpg, "2024-02-29", "2028-03", InspectionPeriodic, true},
		{"propane in an LPG cylinder: the LPG class", &propane, "2024-05-10", "2028-06", InspectionPeriodic, true},
		{"seamless corrosive: 2 years", &corrosive, "2024-05-10", "2026-05", InspectionPeriodic, false},
		{"seamless corrosive: 2 years and a month", &corrosive, "2024-05-10", "2026-06", InspectionPeriodic, true},
		{"seamless corrosive: 4 years", &corrosive, "2024-05-10", "2028-05", InspectionPeriodic, true},
		{"seamless inert: 5 years", &inert, "2024-05-10", "2029-05", InspectionPeriodic, false},
		{"scrap disposal without a next date", &lpg, "2024-05-10", "", InspectionScrap, false},
		{"scrap disposal with an implausible next date", &lpg, "2024-05-10", "2030-01", InspectionScrap, true},
		{"malformed inspection date: left to Validate", &lpg, "2024-5-10", "2030-01", InspectionPeriodic, false},
		{"malformed next date: left to Validate", &lpg, "2024-05-10", "2030", InspectionPeriodic, false},
		{"no class: cannot judge", &unknown, "2024-05-10", "2040-01", InspectionPeriodic, false},
		{"no cylinder", nil, "2024-05-10", "2040-01", InspectionPeriodic, false},
	}
	rules := DefaultRuleTable()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &Inspection{InspectionDate: tt.day, NextInspectionDate: tt.next, InspectionType: tt.ty}
			err := rules.CheckInspection(tt.c, in)
			if tt.bad {
				checkFields(t, err, "nextInspectionDate/"+RulePlausible)
			} else if err != nil {
				t.Errorf("got %v, want nil", err)
			}
		})
	}
	err := rules.CheckInspection(&lpg, &Inspection{InspectionDate: "2024-05-10", NextInspectionDate: "2028-06", InspectionType: InspectionPeriodic})
	fields := fieldErrors(t, err)
	want := "下次检验日期 2028-06 超出检验周期：液化石油气/二甲醚焊接气瓶的定期检验周期为 4 年，检验日期 2024-05-10 对应的下次检验日期最晚为 2028-05，请核对"
	if len(fields) != 1 || fields[0].Message != want {
		t.Errorf("got %v, want one field error %q", fields, want)
	}
	if got := rules.CheckInspection(&lpg, nil); got != nil {
		t.Errorf("nil inspection: got %v, want nil", got)
	}
}
