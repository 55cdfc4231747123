package storetest

import (
	"slices"
	"testing"

	"cyltrace"
	"cyltrace/internal/store"
)

// The overdue list and the recall candidates on the small city of
// supervision_overview.go.

// overdueIDs lists the ids of the rows.
func overdueIDs(rows []store.OverdueRow) []string {
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.CylinderID)
	}
	return ids
}

func (c *svCity) wantIDs(keep func(*svCyl) bool) []string {
	var ids []string
	for _, sc := range c.cyls {
		if keep(sc) {
			ids = append(ids, sc.cylinder.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

func testOverdueList(t *testing.T, c *svCity) {
	overdue := func(sc *svCyl) bool { return sc.wantOverdue }
	tests := []struct {
		name string
		f    store.SupervisionFilter
		keep func(*svCyl) bool
	}{
		{"city", store.SupervisionFilter{}, overdue},
		{"district", store.SupervisionFilter{RegionCode: jiulongpo}, func(sc *svCyl) bool { return overdue(sc) && sc.unit == 1 }},
		{"unit", store.SupervisionFilter{UnitID: c.units[0].ID}, func(sc *svCyl) bool { return overdue(sc) && sc.unit == 0 }},
		{"medium", store.SupervisionFilter{MediumCode: "G13"}, func(sc *svCyl) bool { return overdue(sc) && sc.medium == "G13" }},
		{"next inspection from 2026-01", store.SupervisionFilter{From: "2026-01-15"},
			func(sc *svCyl) bool { return overdue(sc) && sc.next >= "2026-01" }},
		{"next inspection to 2026-05", store.SupervisionFilter{To: "2026-05-01"},
			func(sc *svCyl) bool { return overdue(sc) && sc.next <= "2026-05" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := c.s.OverdueCylinders(ctx(t), tt.f, store.OverdueByUnit)
			if err != nil {
				t.Fatal(err)
			}
			n, err := c.s.CountOverdue(ctx(t), tt.f)
			if err != nil {
				t.Fatal(err)
			}
			got, want := overdueIDs(rows), c.wantIDs(tt.keep)
			slices.Sort(got)
			if !slices.Equal(got, want) || n != len(want) {
				t.Errorf("overdue = %v (count %d), want %v", got, n, want)
			}
		})
	}
	rows, err := c.s.OverdueCylinders(ctx(t), store.SupervisionFilter{}, store.OverdueByNext)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].NextInspection != "2025-06" || rows[0].MonthsOverdue != 17 || rows[2].MonthsOverdue != 1 {
		t.Errorf("by next inspection: %+v, want 2025-06 (17 months) first, 2026-10 (1 month) last", rows)
	}
	if rows[0].UnitCode != c.units[1].Code || rows[0].RegionCode != jiulongpo || rows[0].Manufacturer == "" {
		t.Errorf("row = %+v, want unit %s of %s", rows[0], c.units[1].Code, jiulongpo)
	}
	for _, sc := range c.cyls {
		for _, r := range rows {
			if r.CylinderID == sc.cylinder.ID && r.MonthsOverdue != sc.wantMonthsOverdue {
				t.Errorf("%s due %s: %d months overdue, want %d", r.CylinderID, r.NextInspection, r.MonthsOverdue, sc.wantMonthsOverdue)
			}
		}
	}
	// Paging by unit: the two of unit 0 (most overdue first), then unit 1's.
	page, err := c.s.OverdueCylinders(ctx(t), store.SupervisionFilter{Limit: 2, Offset: 1}, store.OverdueByUnit)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{c.cyls[1].cylinder.ID, c.cyls[9].cylinder.ID}
	if got := overdueIDs(page); !slices.Equal(got, want) {
		t.Errorf("page 2 of 2-row pages by unit = %v, want %v", got, want)
	}
}

func testRecallCandidates(t *testing.T, c *svCity) {
	recall := func(sc *svCyl) bool { return sc.wantRecall }
	makers, err := c.s.RecallMakers(ctx(t), store.SupervisionFilter{}, store.RecallNoMark)
	if err != nil {
		t.Fatal(err)
	}
	wantMakers := []store.RecallMaker{{Manufacturer: makerZJ, Count: 2, First: "2021-01", Last: "2023-02"},
		{Manufacturer: makerHX, Count: 1, First: "2022-05", Last: "2022-05"}}
	if !slices.Equal(makers, wantMakers) {
		t.Errorf("makers = %+v, want %+v", makers, wantMakers)
	}
	tests := []struct {
		name  string
		f     store.SupervisionFilter
		maker string
		keep  func(*svCyl) bool
	}{
		{"city", store.SupervisionFilter{}, "", recall},
		{"one maker", store.SupervisionFilter{}, makerZJ, func(sc *svCyl) bool { return recall(sc) && sc.maker == makerZJ }},
		{"district", store.SupervisionFilter{RegionCode: yuzhong}, "", func(sc *svCyl) bool { return recall(sc) && sc.unit == 0 }},
		{"medium G14", store.SupervisionFilter{MediumCode: "G14"}, "", func(sc *svCyl) bool { return recall(sc) && sc.medium == "G14" }},
		{"medium G5", store.SupervisionFilter{MediumCode: "G5"}, "", func(*svCyl) bool { return false }},
		{"made from 2022", store.SupervisionFilter{From: "2022-01-01"}, "", func(sc *svCyl) bool { return recall(sc) && sc.made >= "2022-01" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := c.s.RecallCandidates(ctx(t), tt.f, store.RecallNoMark, tt.maker)
			if err != nil {
				t.Fatal(err)
			}
			n, err := c.s.CountRecallCandidates(ctx(t), tt.f, store.RecallNoMark, tt.maker)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, r.CylinderID)
			}
			slices.Sort(got)
			if want := c.wantIDs(tt.keep); !slices.Equal(got, want) || n != len(want) {
				t.Errorf("candidates = %v (count %d), want %v", got, n, want)
			}
		})
	}
	rows, err := c.s.RecallCandidates(ctx(t), store.SupervisionFilter{}, store.RecallNoMark, makerZJ)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].ManufactureDate != "2021-01" || rows[0].InfoCode == "" || rows[0].TagType != "" ||
		rows[1].Status != cyltrace.StatusStopped || rows[1].InfoCode != "" {
		t.Errorf("rows of %s = %+v, want the 2021-01 one with a code but no tag, then the stopped 2023-02 one", makerZJ, rows)
	}
}
