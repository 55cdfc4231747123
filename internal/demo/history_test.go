package demo

import (
	"regexp"
	"strconv"
	"testing"
	"time"

	"cyltrace"
)

// history is one cylinder's records.
type history struct {
	insps  []*cyltrace.Inspection
	fills  []*cyltrace.Filling
	trails []*cyltrace.TrailEvent
}

func histories(c *collector) map[string]*history {
	h := make(map[string]*history, len(c.cyls))
	for _, cy := range c.cyls {
		h[cy.ID] = &history{}
	}
	for _, x := range c.insps {
		h[x.CylinderID].insps = append(h[x.CylinderID].insps, x)
	}
	for _, x := range c.fills {
		h[x.CylinderID].fills = append(h[x.CylinderID].fills, x)
	}
	for _, x := range c.trails {
		h[x.CylinderID].trails = append(h[x.CylinderID].trails, x)
	}
	return h
}

func mustYM(t *testing.T, s string) cyltrace.YearMonth {
	t.Helper()
	ym, ok := cyltrace.ParseYearMonth(s)
	if !ok {
		t.Fatalf("ParseYearMonth(%q) failed", s)
	}
	return ym
}

func TestHistoriesConsistent(t *testing.T) {
	for _, asOf := range []time.Time{
		testAsOf,
		time.Date(2021, 3, 10, 0, 0, 0, 0, cyltrace.CST),
		time.Date(2040, 7, 1, 0, 0, 0, 0, cyltrace.CST),
	} {
		t.Run(cyltrace.FormatDate(asOf), func(t *testing.T) {
			c, _ := mustGenerate(t, Options{Seed: 9, Cylinders: 8000, AsOf: asOf})
			checkHistories(t, c, asOf)
			checkUniqueness(t, c)
		})
	}
}

var certPattern = regexp.MustCompile(`^瓶32渝A\d{5}\((\d{2})\)$`)

func checkHistories(t *testing.T, c *collector, asOf time.Time) {
	rules := cyltrace.DefaultRuleTable()
	units := map[int64]*cyltrace.Unit{}
	makers := map[string]*cyltrace.Unit{}
	for _, u := range c.units {
		units[u.ID] = u
		makers[u.Name] = u
	}
	today := cyltrace.FormatDate(asOf)
	windowStart := cyltrace.FormatDate(asOf.AddDate(0, 0, -DefaultFillDays+1))
	certOf, unitOfCert := map[int64]string{}, map[string]int64{}
	for id, h := range histories(c) {
		cy := findCylinder(c, id)
		made := mustYM(t, cy.ManufactureDate)
		class, _ := rules.ClassFor(cy.VarietyCode, cy.MediumCode)
		due := made.AddYears(class.IntervalYears)
		lastDate, extended, scrapDate := "", false, ""
		for i, in := range h.insps {
			if scrapDate != "" {
				t.Errorf("%s: inspection %s after the scrap disposal", id, in.InspectionDate)
			}
			if in.InspectionType == cyltrace.InspectionScrap {
				scrapDate = in.InspectionDate
				continue
			}
			ym := cyltrace.YearMonthOf(mustDate(t, in.InspectionDate))
			if ym != due {
				t.Errorf("%s: inspection %d in %s, want the due month %s", id, i, ym, due)
			}
			extended = extended || !ym.Before(made.AddYears(class.DesignLifeYears))
			if next := mustYM(t, in.NextInspectionDate); ym.AddYears(class.IntervalYears).Before(next) {
				t.Errorf("%s: next %s is more than %d years after %s", id, next, class.IntervalYears, ym)
			}
			lastDate, due = in.InspectionDate, mustYM(t, in.NextInspectionDate)
		}
		if cy.LastInspectionDate != lastDate || cy.NextInspectionDate != due.String() {
			t.Errorf("%s: archive last/next %s/%s, want %s/%s", id, cy.LastInspectionDate, cy.NextInspectionDate, lastDate, due)
		}
		if got, want := cy.Status == cyltrace.StatusScrapped, scrapDate != ""; got != want {
			t.Errorf("%s: status %s with scrap disposal %q", id, cy.Status, scrapDate)
		}
		life := class.DesignLifeYears
		if extended {
			life = max(life, class.MaxLifeYears)
		}
		if cy.Status != cyltrace.StatusScrapped && !asOf.Before(mustFirst(made.AddYears(life))) {
			t.Errorf("%s: %s made %s is past its %d-year life and not scrapped", id, cy.MediumCode, made, life)
		}
		for _, f := range h.fills {
			d := f.FillingDate
			switch {
			case !cy.Registered() || d < cy.RegistrationDate:
				t.Errorf("%s: filling %s before registration %q", id, d, cy.RegistrationDate)
			case cy.Status == cyltrace.StatusStopped:
				t.Errorf("%s: filling %s of a stopped cylinder", id, d)
			case scrapDate != "" && d >= scrapDate:
				t.Errorf("%s: filling %s on or after scrapping %s", id, d, scrapDate)
			case d < windowStart || d > today:
				t.Errorf("%s: filling %s outside the window %s … %s", id, d, windowStart, today)
			case cyltrace.FormatDate(dueAt(t, h, made, class, d).LastDay()) < d:
				t.Errorf("%s: filling %s after the due month %s", id, d, dueAt(t, h, made, class, d))
			case isFuelGas(cy.MediumCode) && cy.ManufactureDate >= "2021-01" && cy.TagType == "":
				t.Errorf("%s: filling %s of a gas cylinder made %s without a mark", id, d, made)
			case f.MediumCode != cy.MediumCode:
				t.Errorf("%s: filling medium %s, cylinder %s", id, f.MediumCode, cy.MediumCode)
			case f.FillingTime[:10] != d || f.FillingTime[11:] < "08:00:00" || f.FillingTime[11:] >= "18:00:00":
				t.Errorf("%s: filling time %s on %s, want working hours that day", id, f.FillingTime, d)
			case !units[f.UnitID].HasKind(cyltrace.KindFilling) || units[f.UnitID].Name != f.FillingUnitName:
				t.Errorf("%s: filled by %s (unit %d)", id, f.FillingUnitName, f.UnitID)
			case !hasTrail(h, cyltrace.NodeFilling, f.FillingTime, f.FillingUnitName):
				t.Errorf("%s: filling %s has no 充装 trail node", id, f.FillingTime)
			}
		}
		for i, tr := range h.trails {
			if i > 0 && tr.Time < h.trails[i-1].Time {
				t.Errorf("%s: trail %s after %s", id, tr.Time, h.trails[i-1].Time)
			}
			if scrapDate != "" && tr.Time[:10] > scrapDate {
				t.Errorf("%s: trail %s after scrapping %s", id, tr.Time, scrapDate)
			}
		}
		if len(cy.ProductNumber) == 12 {
			tc, err := cyltrace.ParseTraceCode(cy.ProductNumber)
			if err != nil || !tc.MatchesYear(made) || tc.MakerCode != makers[cy.Manufacturer].MakerCode {
				t.Errorf("%s: traceable number %s of %s made %s (%v)", id, cy.ProductNumber, cy.Manufacturer, made, err)
			}
		}
		owner := units[cy.UseUnitID]
		if owner == nil || owner.Name != cy.UseUnitName || owner.RegionCode != cy.RegionCode || !owner.HasKind(cyltrace.KindUsing) {
			t.Errorf("%s: using unit %d %q in %s", id, cy.UseUnitID, cy.UseUnitName, cy.RegionCode)
			continue
		}
		if !cy.Registered() {
			continue
		}
		region, _ := cyltrace.LookupRegion(cy.RegionCode)
		m := certPattern.FindStringSubmatch(cy.RegistrationCertNumber)
		switch {
		case cy.RegistrationAuthority != region.Authority:
			t.Errorf("%s: authority %s, want %s", id, cy.RegistrationAuthority, region.Authority)
		case m == nil || m[1] > cy.RegistrationDate[2:4]:
			t.Errorf("%s: certificate %s registered %s", id, cy.RegistrationCertNumber, cy.RegistrationDate)
		case cy.RegistrationDate > today || cyltrace.YearMonthOf(mustDate(t, cy.RegistrationDate)).Before(made):
			t.Errorf("%s: registered %s, made %s", id, cy.RegistrationDate, made)
		}
		if prev, ok := certOf[owner.ID]; ok && prev != cy.RegistrationCertNumber {
			t.Errorf("unit %s has certificates %s and %s", owner.Name, prev, cy.RegistrationCertNumber)
		}
		if prev, ok := unitOfCert[cy.RegistrationCertNumber]; ok && prev != owner.ID {
			t.Errorf("certificate %s belongs to units %d and %d", cy.RegistrationCertNumber, prev, owner.ID)
		}
		certOf[owner.ID], unitOfCert[cy.RegistrationCertNumber] = cy.RegistrationCertNumber, owner.ID
	}
}

// dueAt is the next-inspection month in force on date d.
func dueAt(t *testing.T, h *history, made cyltrace.YearMonth, class cyltrace.RuleClass, d string) cyltrace.YearMonth {
	due := made.AddYears(class.IntervalYears)
	for _, in := range h.insps {
		if in.InspectionDate <= d && in.InspectionType == cyltrace.InspectionPeriodic {
			due = mustYM(t, in.NextInspectionDate)
		}
	}
	return due
}

func hasTrail(h *history, node, at, actor string) bool {
	for _, tr := range h.trails {
		if tr.Node == node && tr.Time == at && tr.ActorName == actor {
			return true
		}
	}
	return false
}

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, ok := cyltrace.ParseDate(s)
	if !ok {
		t.Fatalf("ParseDate(%q) failed", s)
	}
	return d
}

func mustFirst(ym cyltrace.YearMonth) time.Time {
	return time.Date(ym.Year, ym.Month, 1, 0, 0, 0, 0, cyltrace.CST)
}

func findCylinder(c *collector, id string) *cyltrace.Cylinder {
	if c.byID == nil {
		c.byID = map[string]*cyltrace.Cylinder{}
		for _, cy := range c.cyls {
			c.byID[cy.ID] = cy
		}
	}
	return c.byID[id]
}

// checkUniqueness checks the keys the store and the registration rules
// make unique.
func checkUniqueness(t *testing.T, c *collector) {
	seen := map[string]bool{}
	once := func(kind, key string) {
		if key == "" {
			return
		}
		if seen[kind+"\x00"+key] {
			t.Errorf("%s %q used twice", kind, key)
		}
		seen[kind+"\x00"+key] = true
	}
	fuel2021, fuel2021QR := 0, 0
	for _, cy := range c.cyls {
		once("cylinder id", cy.ID)
		once("infoCode", cy.InfoCode)
		once("qrContent", cy.QRContent)
		once("manufacturer+productNumber+manufactureDate", cy.Manufacturer+"|"+cy.ProductNumber+"|"+cy.ManufactureDate)
		if isFuelGas(cy.MediumCode) && cy.ManufactureDate >= "2021-01" {
			fuel2021++
			if cy.TagType == cyltrace.TagQR {
				fuel2021QR++
			}
		}
	}
	if fuel2021 > 0 && (fuel2021QR*100 < fuel2021*90 || fuel2021QR == fuel2021) {
		t.Errorf("gas cylinders from 2021 on: %d of %d with QR, want most but not all", fuel2021QR, fuel2021)
	}
	for _, x := range c.insps {
		once("inspection sourceId of unit "+strconv.FormatInt(x.UnitID, 10), x.SourceID)
	}
	for _, x := range c.fills {
		once("filling sourceId of unit "+strconv.FormatInt(x.UnitID, 10), x.SourceID)
	}
	for _, x := range c.trails {
		once("trail sourceId of unit "+strconv.FormatInt(x.UnitID, 10), x.SourceID)
	}
}
