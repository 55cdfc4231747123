package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"cyltrace"
	"cyltrace/internal/store"
)

// unitsFixture is a small city for the supervision views of units, built
// through the store's real paths (CreateUnit, CreateCylinder, the judged
// filling submission, LogChecks, CreateClient, AddInspection, AddTrail):
//
//	500103 渝中区: a (LPG filling unit, API client), d (maker of the LPG
//	         cylinders), e (hospital: a using unit), f (maker of a hydrogen
//	         cylinder), r (the bureau)
//	500107 九龙坡区: b (LPG filling unit, a disabled client, docked in 2022),
//	         c (inspection body), g (inspection body that never uploaded)
//
// In the last 30 days (2026-10-27 … 2026-11-25) a filled its overdue c2
// (INSPECTION_OVERDUE) and b's c3 (NOT_OWN_CYLINDER), b filled c3 as well
// (c3: filled by two units) and an unknown code (NOT_FOUND); b was refused
// c5 and filled it the next day. a filled b's c6 on 2026-10-01, outside
// the window.
type unitsFixture struct {
	s                          *store.Store
	a, b, c, d, e, f, g, r     *cyltrace.Unit
	c1, c2, c3, c4, c5, c6, c8 *cyltrace.Cylinder
	c7                         *cyltrace.Cylinder
	h2Maker                    string
}

func testSupervisionUnits(t *testing.T, newStore Factory) {
	fx := newUnitsFixture(t, newStore)
	t.Run("ViolationSummary", fx.testViolationSummary)
	t.Run("ViolationRecords", fx.testViolationRecords)
	t.Run("Docking", fx.testDocking)
	t.Run("CreditBeforeHandling", fx.testCredit)
	t.Run("HandleViolation", fx.testHandleViolation)
	t.Run("CreditAfterHandling", fx.testCreditAfterHandling)
}

func newUnitsFixture(t *testing.T, newStore Factory) *unitsFixture {
	s, dsn := newStore(t)
	fx := &unitsFixture{s: s, h2Maker: "重庆氢能气瓶制造有限公司"}
	fx.a = mustUnit(t, s, "U0103A", "500103", cyltrace.KindFilling, cyltrace.KindUsing)
	fx.d = namedUnit(t, s, "U0103D", "重庆恒祥石油液化气钢瓶制造有限公司", "500103", cyltrace.KindManufacturer)
	fx.e = mustUnit(t, s, "U0103E", "500103", cyltrace.KindUsing)
	fx.f = namedUnit(t, s, "U0103F", fx.h2Maker, "500103", cyltrace.KindManufacturer)
	fx.r = mustUnit(t, s, "U0103R", "500103", cyltrace.KindRegulator)
	fx.b = mustUnit(t, s, "U0107B", "500107", cyltrace.KindFilling, cyltrace.KindUsing)
	fx.c = mustUnit(t, s, "U0107C", "500107", cyltrace.KindInspection)
	fx.g = mustUnit(t, s, "U0107G", "500107", cyltrace.KindInspection)
	fx.cylinders(t)
	fx.clients(t)
	// b docked in 2022: its first upload, by the store's clock of then.
	past, err := store.Open(ctx(t), dsn, store.WithClock(func() time.Time { return time.Date(2022, 3, 1, 2, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	defer past.Close()
	fx.fill(t, past, fx.b, "F-B0", fx.c5.ID, "2022-03-01", false)
	fx.fillings(t)
	fx.checks(t)
	in := &cyltrace.Inspection{SourceID: "I-1", CylinderID: fx.c1.ID, InspectionDate: "2026-11-10",
		InspectionAgency: fx.c.Name, NextInspectionDate: "2030-11", Conclusion: "合格",
		InspectionType: cyltrace.InspectionPeriodic, UnitID: fx.c.ID}
	if _, err := s.AddInspection(ctx(t), in); err != nil {
		t.Fatal(err)
	}
	trail := &cyltrace.TrailEvent{SourceID: "T-1", CylinderID: fx.c1.ID, Time: "2026-11-20 15:00:00",
		Node: cyltrace.NodeDelivery, ActorName: fx.a.Name, UnitID: fx.a.ID}
	if _, err := s.AddTrail(ctx(t), trail); err != nil {
		t.Fatal(err)
	}
	return fx
}

func namedUnit(t *testing.T, s *store.Store, code, name, region string, kinds ...cyltrace.UnitKind) *cyltrace.Unit {
	t.Helper()
	u := &cyltrace.Unit{Code: code, Name: name, Kinds: kinds, RegionCode: region}
	if err := s.CreateUnit(ctx(t), u); err != nil {
		t.Fatalf("create unit %s: %v", code, err)
	}
	return u
}

func (fx *unitsFixture) cylinders(t *testing.T) {
	s := fx.s
	fx.c1 = mustCylinder(t, s, sampleCylinder(801, fx.a))
	c2 := sampleCylinder(802, fx.a)
	c2.NextInspectionDate = "2026-09" // due in September: overdue since October
	fx.c2 = mustCylinder(t, s, c2)
	ofB := func(n int) *cyltrace.Cylinder {
		c := sampleCylinder(n, fx.b)
		c.RegionCode = "500107"
		return mustCylinder(t, s, c)
	}
	fx.c3, fx.c5, fx.c6, fx.c8 = ofB(803), ofB(805), ofB(806), ofB(808)
	oxygen := sampleCylinder(804, fx.e)
	oxygen.VarietyCode, oxygen.MediumCode, oxygen.Manufacturer, oxygen.NextInspectionDate =
		"2310", "G1", "重庆长江无缝气瓶有限公司", "2025-01"
	fx.c4 = mustCylinder(t, s, oxygen)
	hydrogen := sampleCylinder(807, fx.e)
	hydrogen.VarietyCode, hydrogen.MediumCode, hydrogen.Manufacturer = "2310", "G4", fx.h2Maker
	fx.c7 = mustCylinder(t, s, hydrogen)
}

func (fx *unitsFixture) clients(t *testing.T) {
	for _, c := range []*cyltrace.APIClient{{AppKey: "ak_a", UnitID: fx.a.ID, Role: cyltrace.RoleFilling},
		{AppKey: "ak_b", UnitID: fx.b.ID, Role: cyltrace.RoleFilling}} {
		if err := fx.s.CreateClient(ctx(t), c, "hash"); err != nil {
			t.Fatal(err)
		}
	}
	if err := fx.s.DisableClient(ctx(t), "ak_b"); err != nil {
		t.Fatal(err)
	}
}

// interlockJudge is the API's judge: the default rule table, the filling
// unit as the caller.
func interlockJudge(c *cyltrace.Cylinder, locks []store.ActiveLock, f *cyltrace.Filling) ([]cyltrace.Reason, int) {
	rules := cyltrace.DefaultRuleTable()
	var ls []cyltrace.Lock
	for _, l := range locks {
		ls = append(ls, l.Lock)
	}
	return rules.Check(cyltrace.FillingCheck{Cylinder: c, MediumCode: f.MediumCode, CallerUnitID: f.UnitID, Locks: ls}, f.At()),
		rules.Version
}

// fill submits one LPG filling through the judged path and checks whether
// the interlock flagged it.
func (fx *unitsFixture) fill(t *testing.T, s *store.Store, unit *cyltrace.Unit, source, cylinderID, date string, violation bool) {
	t.Helper()
	f := &cyltrace.Filling{SourceID: source, CylinderID: cylinderID, MediumCode: "G13", Filler: "张三",
		FillingDate: date, FillingUnitName: unit.Name, UnitID: unit.ID, ClientID: 7}
	out, err := s.SubmitFillingsJudged(ctx(t), []*cyltrace.Filling{f}, interlockJudge)
	if err != nil {
		t.Fatalf("fill %s: %v", source, err)
	}
	if got := len(out[0].Violation) > 0; out[0].Status != store.Accepted || got != violation {
		t.Fatalf("fill %s: %s, violation %v (%v), want violation %v", source, out[0].Status, got, out[0].Violation, violation)
	}
}

func (fx *unitsFixture) fillings(t *testing.T) {
	s := fx.s
	fx.fill(t, s, fx.a, "F-A1", fx.c1.ID, "2026-11-20", false)
	fx.fill(t, s, fx.a, "F-A2", fx.c2.ID, "2026-11-20", true) // overdue
	fx.fill(t, s, fx.a, "F-A3", fx.c3.ID, "2026-11-18", true) // b's LPG cylinder
	fx.fill(t, s, fx.a, "F-A4", fx.c6.ID, "2026-10-01", true) // b's, before the window
	fx.fill(t, s, fx.b, "F-B1", fx.c3.ID, "2026-11-19", false)
	fx.fill(t, s, fx.b, "F-B2", "CY0000000000000999", "2026-11-21", true) // no archive
	fx.fill(t, s, fx.b, "F-B3", fx.c5.ID, "2026-11-21", false)
	fx.fill(t, s, fx.b, "F-B4", fx.c6.ID, "2026-11-20", false)
	fx.fill(t, s, fx.b, "F-B5", fx.c8.ID, "2026-11-21", false)
}

// checks logs interlock answers: b was refused c5 on 11-20 and 11-21 and
// filled it on 11-21; every other refusal has no filling on or after its
// China Standard Time day — c8's came at 01:00 on 11-22 CST (17:00 UTC on
// 11-21), after b filled it on 11-21.
func (fx *unitsFixture) checks(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	refused := func(u *cyltrace.Unit, c *cyltrace.Cylinder, when string) store.CheckLog {
		return store.CheckLog{UnitID: u.ID, ClientID: 7, CylinderID: c.ID, Reference: c.ID, MediumCode: "G13",
			Reasons: []string{cyltrace.ReasonLocked}, RuleVersion: 1, CheckedAt: at(when)}
	}
	allowed := refused(fx.b, fx.c3, "2026-11-18T02:00:00Z")
	allowed.Allowed, allowed.Reasons = true, nil
	logs := []store.CheckLog{
		refused(fx.b, fx.c5, "2026-11-20T02:00:00Z"),
		refused(fx.b, fx.c5, "2026-11-21T01:00:00Z"),
		refused(fx.a, fx.c1, "2026-11-24T02:00:00Z"),
		refused(fx.b, fx.c6, "2026-11-23T02:00:00Z"),
		refused(fx.b, fx.c8, "2026-11-21T17:00:00Z"),
		refused(fx.b, fx.c8, "2026-09-01T02:00:00Z"), // before the window; filled on 11-21
		allowed,
	}
	if err := fx.s.LogChecks(ctx(t), logs); err != nil {
		t.Fatal(err)
	}
}

func (fx *unitsFixture) testViolationSummary(t *testing.T) {
	sum, err := fx.s.ViolationSummary(ctx(t), store.SupervisionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Total != 3 || sum.Open != 3 {
		t.Errorf("violations in the last 30 days = %d (%d open), want 3 (3 open)", sum.Total, sum.Open)
	}
	want := map[string]string{
		fx.a.Code: "total 2 open 2 NOT_OWN_CYLINDER 1 INSPECTION_OVERDUE 1 multi 1",
		fx.b.Code: "total 1 open 1 NOT_FOUND 1 multi 1",
	}
	if got := unitViolationLines(sum.Units); !sameLines(got, want) {
		t.Errorf("per unit = %v, want %v", got, want)
	}
	if len(sum.MultiUnit) != 1 || sum.MultiUnit[0].CylinderID != fx.c3.ID || sum.MultiUnit[0].Fillings != 2 ||
		fillerCodes(sum.MultiUnit[0]) != fx.a.Code+","+fx.b.Code || sum.MultiUnit[0].First != "2026-11-18" ||
		sum.MultiUnit[0].Last != "2026-11-19" {
		t.Errorf("cylinders filled by two units = %s, want %s by %s and %s on 11-18 and 11-19",
			multiLines(sum.MultiUnit), fx.c3.ID, fx.a.Code, fx.b.Code)
	}

	// 九龙坡区 sees b's violation, and c3 because b filled it; not a's.
	district, err := fx.s.ViolationSummary(ctx(t), store.SupervisionFilter{RegionCode: "500107"})
	if err != nil {
		t.Fatal(err)
	}
	if got := unitViolationLines(district.Units); district.Total != 1 || !sameLines(got, map[string]string{fx.b.Code: want[fx.b.Code]}) ||
		len(district.MultiUnit) != 1 {
		t.Errorf("九龙坡区: %d violations, units %v, %d multi-unit cylinders; want b's 1, b only, c3", district.Total, got,
			len(district.MultiUnit))
	}

	// A longer range adds a's filling of b's c6 on 10-01, and c6 becomes a
	// cylinder of two units; a medium nobody filled finds nothing.
	longer, err := fx.s.ViolationSummary(ctx(t), store.SupervisionFilter{From: "2026-09-01", To: "2026-11-25", UnitID: fx.a.ID})
	if err != nil {
		t.Fatal(err)
	}
	if longer.Total != 3 || len(longer.Units) != 1 || longer.Units[0].MultiUnit != 2 || len(longer.MultiUnit) != 2 {
		t.Errorf("a since 09-01: %d violations, units %v, %s; want 3, a alone with 2 multi-unit cylinders", longer.Total,
			unitViolationLines(longer.Units), multiLines(longer.MultiUnit))
	}
	none, err := fx.s.ViolationSummary(ctx(t), store.SupervisionFilter{MediumCode: "G1"})
	if err != nil {
		t.Fatal(err)
	}
	if none.Total != 0 || len(none.Units) != 0 || len(none.MultiUnit) != 0 {
		t.Errorf("oxygen: %d violations, %d units, %d multi, want none", none.Total, len(none.Units), len(none.MultiUnit))
	}
}

func unitViolationLines(units []*store.UnitViolations) map[string]string {
	m := map[string]string{}
	for _, u := range units {
		line := fmt.Sprintf("total %d open %d", u.Total, u.Open)
		for _, code := range store.ViolationReasonCodes() {
			if n := u.ByReason[code]; n > 0 {
				line += fmt.Sprintf(" %s %d", code, n)
			}
		}
		m[u.UnitCode] = line + fmt.Sprintf(" multi %d", u.MultiUnit)
	}
	return m
}

func sameLines(got, want map[string]string) bool {
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

func fillerCodes(m *store.MultiUnitCylinder) string {
	var codes []string
	for _, fu := range m.Units {
		codes = append(codes, fu.UnitCode)
	}
	return strings.Join(codes, ",")
}

func multiLines(list []*store.MultiUnitCylinder) string {
	var lines []string
	for _, m := range list {
		lines = append(lines, fmt.Sprintf("%s by %s (%d, %s…%s)", m.CylinderID, fillerCodes(m), m.Fillings, m.First, m.Last))
	}
	return "[" + strings.Join(lines, "; ") + "]"
}

func (fx *unitsFixture) testViolationRecords(t *testing.T) {
	list, total, err := fx.s.ViolationRecords(ctx(t), store.SupervisionFilter{}, "")
	if err != nil {
		t.Fatal(err)
	}
	if total != 3 || len(list) != 3 {
		t.Fatalf("records = %d of %d, want 3", len(list), total)
	}
	got := []string{}
	for _, v := range list {
		got = append(got, fmt.Sprintf("%s %s %s %s", v.FillingDate, v.UnitCode, v.CylinderID+v.Reference, reasonCodes(v.Reasons)))
	}
	want := []string{
		"2026-11-21 U0107B CY0000000000000999 NOT_FOUND", // an unknown code: no archive, the code as sent
		"2026-11-20 U0103A " + fx.c2.ID + fx.c2.ID + " INSPECTION_OVERDUE",
		"2026-11-18 U0103A " + fx.c3.ID + fx.c3.ID + " NOT_OWN_CYLINDER",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("records, newest first:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if v := list[0]; v.RegionCode != "500107" || v.CylinderRegion != "" || v.Handled() || !v.CreatedAt.Equal(fixedNow.Truncate(time.Microsecond)) {
		t.Errorf("unknown-code record: region %s, cylinder region %q, handled %v, filed %v", v.RegionCode, v.CylinderRegion,
			v.Handled(), v.CreatedAt)
	}
	if v := list[2]; v.RegionCode != "500103" || v.CylinderRegion != "500107" || v.Locked {
		t.Errorf("a's filling of b's cylinder: violation of %s, cylinder of %s, locked %v; want 500103, 500107, not locked",
			v.RegionCode, v.CylinderRegion, v.Locked)
	}
	page, total, err := fx.s.ViolationRecords(ctx(t), store.SupervisionFilter{Limit: 2, Offset: 2}, "")
	if err != nil || total != 3 || len(page) != 1 || page[0].ID != list[2].ID {
		t.Errorf("second page of 2: %d records of %d (%v), want the oldest alone", len(page), total, err)
	}
	one, err := fx.s.ViolationRecord(ctx(t), list[1].ID)
	if err != nil || one.FillingID != list[1].FillingID || one.UnitID != fx.a.ID {
		t.Errorf("ViolationRecord(%d) = %+v, %v", list[1].ID, one, err)
	}
	_, err = fx.s.ViolationRecord(ctx(t), 999999)
	wantCode(t, err, cyltrace.ENOTFOUND)
}

func reasonCodes(rs []cyltrace.Reason) string {
	var codes []string
	for _, r := range rs {
		codes = append(codes, r.Code)
	}
	return strings.Join(codes, ",")
}

func (fx *unitsFixture) testDocking(t *testing.T) {
	list, err := fx.s.DockingProgress(ctx(t), store.SupervisionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	now := fixedNow.Truncate(time.Microsecond)
	docked2022 := time.Date(2022, 3, 1, 2, 0, 0, 0, time.UTC)
	want := []string{
		fmt.Sprintf("U0103A 燃气 2022-06-30 clients 1 %s…%s {3 0 0 0} %s", now, now, store.DockLate),
		fmt.Sprintf("U0103D 燃气 2021-08-31 clients 0 none {0 0 0 0} %s", store.DockMissing),
		fmt.Sprintf("U0103F 氢气 2021-12-31 clients 0 none {0 0 0 0} %s", store.DockMissing),
		fmt.Sprintf("U0107B 燃气 2022-06-30 clients 0 %s…%s {5 0 0 0} %s", docked2022, now, store.DockOnTime),
		fmt.Sprintf("U0107C 燃气 2021-12-31 clients 0 %s…%s {0 1 0 0} %s", now, now, store.DockLate),
		fmt.Sprintf("U0107G 无数据 2022-12-31 clients 0 none {0 0 0 0} %s", store.DockMissing),
	}
	if got := dockingLines(list); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("docking progress:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	regions, total := store.DockingTotals(list)
	var lines []string
	for _, r := range append(regions, &total) {
		lines = append(lines, fmt.Sprintf("%s units %d docked %d late %d docked late %d", r.RegionCode, r.Units, r.Docked,
			r.Late, r.DockedLate))
	}
	wantTotals := "500103 units 3 docked 1 late 2 docked late 1\n500107 units 3 docked 2 late 1 docked late 1\n" +
		" units 6 docked 3 late 3 docked late 2"
	if strings.Join(lines, "\n") != wantTotals {
		t.Errorf("per district:\n%s\nwant:\n%s", strings.Join(lines, "\n"), wantTotals)
	}

	for _, tc := range []struct {
		f    store.SupervisionFilter
		want string
	}{
		{store.SupervisionFilter{RegionCode: "500107"}, "U0107B U0107C U0107G"},
		{store.SupervisionFilter{UnitID: fx.c.ID}, "U0107C"},
		{store.SupervisionFilter{MediumCode: "G4"}, "U0103F"},                       // hydrogen
		{store.SupervisionFilter{MediumCode: "G13"}, "U0103A U0103D U0107B U0107C"}, // fuel gas
		{store.SupervisionFilter{MediumCode: "G1"}, "U0107G"},                       // industrial: no special group
	} {
		got, err := fx.s.DockingProgress(ctx(t), tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, d := range got {
			codes = append(codes, d.Code)
		}
		if strings.Join(codes, " ") != tc.want {
			t.Errorf("docking %+v = %v, want %s", tc.f, codes, tc.want)
		}
	}
	// Records count by their own date: b's filling of 2022 in a range from 2022.
	since2022, err := fx.s.DockingProgress(ctx(t), store.SupervisionFilter{UnitID: fx.b.ID, From: "2022-01-01", To: "2026-11-25"})
	if err != nil || len(since2022) != 1 || since2022[0].Uploads.Fillings != 6 {
		t.Errorf("b's fillings since 2022 = %v, %v; want 6", since2022, err)
	}
}

func dockingLines(list []*store.DockingUnit) []string {
	var lines []string
	for _, d := range list {
		span := "none"
		if d.Docked() {
			span = fmt.Sprintf("%s…%s", d.FirstUpload, d.LastUpload)
		}
		lines = append(lines, fmt.Sprintf("%s %s %s clients %d %s %v %s", d.Code, d.Gas.Label(), d.Deadline,
			d.ActiveClients, span, d.Uploads, d.Status))
	}
	return lines
}

func creditLines(list []*store.CreditUnit) []string {
	var lines []string
	for _, c := range list {
		docking := "-"
		if c.Docking != nil {
			docking = c.Docking.Status
		}
		lines = append(lines, fmt.Sprintf("%s violations %d open %d refused %d overdue %d %s", c.Code, c.Violations,
			c.OpenViolations, c.RefusedThenFilled, c.Overdue, docking))
	}
	return lines
}

func (fx *unitsFixture) credit(t *testing.T, f store.SupervisionFilter, sortBy string) ([]string, int) {
	t.Helper()
	list, total, err := fx.s.UnitCredit(ctx(t), f, sortBy)
	if err != nil {
		t.Fatal(err)
	}
	return creditLines(list), total
}

func (fx *unitsFixture) testCredit(t *testing.T) {
	got, total := fx.credit(t, store.SupervisionFilter{}, "")
	want := []string{
		"U0103A violations 2 open 2 refused 0 overdue 1 " + store.DockLate,
		"U0107B violations 1 open 1 refused 1 overdue 0 " + store.DockOnTime,
		"U0103E violations 0 open 0 refused 0 overdue 1 -", // the hospital's overdue oxygen cylinder
		"U0103D violations 0 open 0 refused 0 overdue 0 " + store.DockMissing,
		"U0103F violations 0 open 0 refused 0 overdue 0 " + store.DockMissing,
		"U0107G violations 0 open 0 refused 0 overdue 0 " + store.DockMissing,
		"U0107C violations 0 open 0 refused 0 overdue 0 " + store.DockLate,
	}
	if total != 7 || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("credit by open violations (%d units):\n%s\nwant (the bureau left out):\n%s", total,
			strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	codes := func(lines []string) string {
		var cs []string
		for _, l := range lines {
			cs = append(cs, strings.Fields(l)[0])
		}
		return strings.Join(cs, " ")
	}
	for sortBy, want := range map[string]string{
		"docking": "U0103D U0103F U0107G U0103A U0107C U0107B U0103E",
		"overdue": "U0103A U0103E U0107B U0103D U0103F U0107G U0107C",
		"unit":    "U0103A U0103D U0103E U0103F U0107B U0107C U0107G",
		"refused": "U0107B U0103A U0103E U0103D U0103F U0107G U0107C",
	} {
		if got, _ := fx.credit(t, store.SupervisionFilter{}, sortBy); codes(got) != want {
			t.Errorf("credit by %s = %s, want %s", sortBy, codes(got), want)
		}
	}
	if got, total := fx.credit(t, store.SupervisionFilter{Limit: 2, Offset: 2}, "unit"); total != 7 || codes(got) != "U0103E U0103F" {
		t.Errorf("page 2 of 2 by code = %s of %d, want U0103E U0103F of 7", codes(got), total)
	}
	district, _ := fx.credit(t, store.SupervisionFilter{RegionCode: "500107"}, "unit")
	if codes(district) != "U0107B U0107C U0107G" {
		t.Errorf("九龙坡区 credit = %s", codes(district))
	}
	// Oxygen: no violations or refusals, only the hospital's overdue cylinder.
	oxygen, _ := fx.credit(t, store.SupervisionFilter{MediumCode: "G1"}, "overdue")
	if oxygen[0] != "U0103E violations 0 open 0 refused 0 overdue 1 -" || !strings.Contains(oxygen[1], "U0103D") {
		t.Errorf("credit for oxygen = %v", oxygen)
	}
	// Since August: b's refusal of c8 on 09-01 was filled through on 11-21.
	since, _ := fx.credit(t, store.SupervisionFilter{UnitID: fx.b.ID, From: "2026-08-01", To: "2026-11-25"}, "")
	if len(since) != 1 || !strings.Contains(since[0], "refused 2 ") {
		t.Errorf("b since August = %v, want 2 cylinders refused and filled", since)
	}
}

func (fx *unitsFixture) testHandleViolation(t *testing.T) {
	list, _, err := fx.s.ViolationRecords(ctx(t), store.SupervisionFilter{UnitID: fx.a.ID}, "")
	if err != nil || len(list) != 2 {
		t.Fatalf("a's violations = %d, %v", len(list), err)
	}
	overdue, notOwn := list[0], list[1]
	city := &cyltrace.User{Username: "city", Roles: []cyltrace.UserRole{cyltrace.CityAdmin}}
	yuzhong := &cyltrace.User{Username: "yz", RegionCode: "500103", Roles: []cyltrace.UserRole{cyltrace.DistrictReviewer}}
	jiulongpo := &cyltrace.User{Username: "jlp", RegionCode: "500107", Roles: []cyltrace.UserRole{cyltrace.DistrictAcceptor}}
	unitUser := &cyltrace.User{Username: fx.a.Code, UnitID: fx.a.ID, Roles: []cyltrace.UserRole{cyltrace.UnitUser}}
	c := store.WithActor(ctx(t), store.Actor{Who: "user:city", Address: "127.0.0.1"})

	wantCode(t, fx.s.HandleViolation(c, overdue.ID, "已责令整改", jiulongpo), cyltrace.EFORBIDDEN) // another district's
	wantCode(t, fx.s.HandleViolation(c, overdue.ID, "已责令整改", unitUser), cyltrace.EFORBIDDEN)
	wantCode(t, fx.s.HandleViolation(c, overdue.ID, "  ", city), cyltrace.EINVALID)
	wantCode(t, fx.s.HandleViolation(c, overdue.ID, strings.Repeat("责", store.MaxOpinionRunes+1), city), cyltrace.EINVALID)
	wantCode(t, fx.s.HandleViolation(c, 999999, "已责令整改", city), cyltrace.ENOTFOUND)

	opinion := "已现场检查，责令停止充装超期未检气瓶并送检"
	if err := fx.s.HandleViolation(c, overdue.ID, " "+opinion+" ", city); err != nil {
		t.Fatal(err)
	}
	wantCode(t, fx.s.HandleViolation(c, overdue.ID, "再次处理", city), cyltrace.ECONFLICT)
	long := strings.Repeat("查", store.MaxOpinionRunes)
	if err := fx.s.HandleViolation(c, notOwn.ID, long, yuzhong); err != nil {
		t.Fatalf("渝中区 handling its own district's violation with a 200-character opinion: %v", err)
	}

	got, err := fx.s.ViolationRecord(ctx(t), overdue.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Handled() || !got.HandledAt.Equal(fixedNow.Truncate(time.Microsecond)) || got.HandledBy != "city" || got.Opinion != opinion {
		t.Errorf("handled violation: at %v by %q opinion %q; want %v, city, %q (the second handling changed nothing)",
			got.HandledAt, got.HandledBy, got.Opinion, fixedNow, opinion)
	}
	audit, err := fx.s.AuditLog(ctx(t), store.AuditFilter{Action: "violation.handle"})
	if err != nil {
		t.Fatal(err)
	}
	if len(audit) != 2 || audit[1].Object != fmt.Sprint(overdue.ID) || audit[1].Actor != "user:city" ||
		!strings.Contains(string(audit[1].After), opinion) || !strings.Contains(string(audit[0].After), `"handledBy":"yz"`) {
		t.Errorf("audit of handling = %d lines: %+v", len(audit), audit)
	}
	open, n, err := fx.s.ViolationRecords(ctx(t), store.SupervisionFilter{}, store.ViolationsOpen)
	if err != nil || n != 1 || open[0].UnitID != fx.b.ID {
		t.Errorf("open violations = %d, %v; want b's alone", n, err)
	}
	if _, n, _ := fx.s.ViolationRecords(ctx(t), store.SupervisionFilter{}, store.ViolationsHandled); n != 2 {
		t.Errorf("handled violations = %d, want 2", n)
	}
	sum, err := fx.s.ViolationSummary(ctx(t), store.SupervisionFilter{})
	if err != nil || sum.Total != 3 || sum.Open != 1 {
		t.Errorf("summary after handling: %d, %d open (%v), want 3, 1", sum.Total, sum.Open, err)
	}
}

func (fx *unitsFixture) testCreditAfterHandling(t *testing.T) {
	got, _ := fx.credit(t, store.SupervisionFilter{}, "open")
	if got[0] != "U0107B violations 1 open 1 refused 1 overdue 0 "+store.DockOnTime ||
		got[1] != "U0103A violations 2 open 0 refused 0 overdue 1 "+store.DockLate {
		t.Errorf("credit after a's violations were handled:\n%s", strings.Join(got, "\n"))
	}
}
