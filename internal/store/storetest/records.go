package storetest

import (
	"fmt"
	"sync"
	"testing"

	"cyltrace"
	"cyltrace/internal/store"
)

func sampleFilling(source string, c *cyltrace.Cylinder) *cyltrace.Filling {
	return &cyltrace.Filling{SourceID: source, CylinderID: c.ID, MediumCode: c.MediumCode, Filler: "张三",
		FillingDate: "2026-11-20", FillingUnitName: "重庆玉灵燃气有限公司", FillingTime: "2026-11-20 07:45:10",
		UnitID: 1, ClientID: 3}
}

func testFillings(t *testing.T, newStore Factory) {
	s, _ := newStore(t)
	c := mustCylinder(t, s, sampleCylinder(1, nil))

	f1 := sampleFilling("F-1", c)
	if dup, err := s.AddFilling(ctx(t), f1); err != nil || dup {
		t.Fatalf("first filling: duplicate=%v err=%v", dup, err)
	}
	if f1.ID == 0 || f1.ReceivedAt.IsZero() {
		t.Errorf("stored filling has id %d, receivedAt %v", f1.ID, f1.ReceivedAt)
	}
	// Same platform, same sourceId: a duplicate, stored once.
	again := sampleFilling("F-1", c)
	again.Filler = "李四"
	if dup, err := s.AddFilling(ctx(t), again); err != nil || !dup {
		t.Fatalf("resubmitted filling: duplicate=%v err=%v, want duplicate", dup, err)
	}
	// Same sourceId from another client is another record.
	other := sampleFilling("F-1", c)
	other.ClientID = 4
	if dup, err := s.AddFilling(ctx(t), other); err != nil || dup {
		t.Fatalf("other client's filling: duplicate=%v err=%v", dup, err)
	}
	// By infoCode instead of cylinderId, a day later.
	byCode := sampleFilling("F-2", c)
	byCode.CylinderID, byCode.InfoCode, byCode.FillingDate, byCode.FillingTime = "", c.InfoCode, "2026-11-21", ""
	if _, err := s.AddFilling(ctx(t), byCode); err != nil {
		t.Fatal(err)
	}
	// An unknown code is evidence: stored, linked to no archive.
	unknown := sampleFilling("F-3", c)
	unknown.CylinderID = "CY9999999999999999"
	if dup, err := s.AddFilling(ctx(t), unknown); err != nil || dup || unknown.ID == 0 {
		t.Fatalf("filling of an unknown cylinder: id=%d duplicate=%v err=%v, want it stored", unknown.ID, dup, err)
	}

	got, err := s.Fillings(ctx(t), c.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("fillings of the cylinder = %d, want 3", len(got))
	}
	if got[0].SourceID != "F-2" || got[0].CylinderID != c.ID {
		t.Errorf("newest filling = %s of %s, want F-2 of %s", got[0].SourceID, got[0].CylinderID, c.ID)
	}
	if got[2].Filler != "张三" || got[2].FillingTime != "2026-11-20 07:45:10" {
		t.Errorf("first filling read back as filler %q time %q", got[2].Filler, got[2].FillingTime)
	}
	counts, _ := s.TableCounts(ctx(t))
	if counts["fillings"] != 4 {
		t.Errorf("filling rows = %d, want 4 (three of the cylinder, one of an unknown code)", counts["fillings"])
	}
}

func testInspectionsAndTrail(t *testing.T, newStore Factory) {
	s, _ := newStore(t)
	c := mustCylinder(t, s, sampleCylinder(1, nil))
	for i, date := range []string{"2020-08-20", "2024-08-10"} {
		in := &cyltrace.Inspection{SourceID: fmt.Sprintf("I-%d", i), CylinderID: c.ID, InspectionDate: date,
			InspectionAgency: "重庆市特种设备检测研究院", NextInspectionDate: "2028-08", Conclusion: "合格",
			InspectionType: cyltrace.InspectionPeriodic, UnitID: 2}
		if dup, err := s.AddInspection(ctx(t), in); err != nil || dup {
			t.Fatalf("inspection %d: duplicate=%v err=%v", i, dup, err)
		}
	}
	dupIn := &cyltrace.Inspection{SourceID: "I-0", CylinderID: c.ID, InspectionDate: "2020-08-20",
		InspectionAgency: "x", Conclusion: "合格", InspectionType: cyltrace.InspectionPeriodic, UnitID: 2}
	if dup, err := s.AddInspection(ctx(t), dupIn); err != nil || !dup {
		t.Errorf("resubmitted inspection: duplicate=%v err=%v", dup, err)
	}
	ins, err := s.Inspections(ctx(t), c.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 2 || ins[0].InspectionDate != "2024-08-10" || ins[0].NextInspectionDate != "2028-08" {
		t.Errorf("inspections = %d, newest %+v", len(ins), ins[0])
	}

	// The newer inspection moved the archive's dates; the older did not undo it.
	got, _ := s.Cylinder(ctx(t), c.ID)
	if got.LastInspectionDate != "2024-08-10" || got.NextInspectionDate != "2028-08" {
		t.Errorf("archive after inspections: last %s next %s, want 2024-08-10 and 2028-08",
			got.LastInspectionDate, got.NextInspectionDate)
	}

	times := []string{"2026-11-20 07:45:10", "2026-11-20 23:59:59", "2026-11-21 00:00:01"}
	for i, at := range times {
		ev := &cyltrace.TrailEvent{SourceID: fmt.Sprintf("T-%d", i), InfoCode: c.InfoCode, Time: at,
			Node: cyltrace.TrailNodes()[i], ActorName: "重庆玉灵燃气有限公司", UnitID: 1}
		if _, err := s.AddTrail(ctx(t), ev); err != nil {
			t.Fatal(err)
		}
	}
	trail, err := s.Trail(ctx(t), c.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	// Three events sent, and the two inspections as 检验 nodes.
	if len(trail) != 5 {
		t.Fatalf("trail events = %d, want 5", len(trail))
	}
	// Newest first, and the China-time clock reads back as written, across
	// the UTC day boundary that 2026-11-20 23:59:59 CST lies on.
	for i, ev := range trail[:3] {
		if want := times[len(times)-1-i]; ev.Time != want {
			t.Errorf("trail[%d].time = %q, want %q", i, ev.Time, want)
		}
		if ev.CylinderID != c.ID {
			t.Errorf("trail[%d] resolved to %q, want %q", i, ev.CylinderID, c.ID)
		}
	}
	if trail[3].Node != cyltrace.NodeInspection || trail[3].Time != "2024-08-10 00:00:00" ||
		trail[3].ActorName != "重庆市特种设备检测研究院" {
		t.Errorf("derived inspection node = %+v", trail[3])
	}

	// An inspection or trail event of an unknown cylinder is not stored.
	lost := &cyltrace.Inspection{SourceID: "I-X", CylinderID: "CY9999999999999999", InspectionDate: "2024-08-10",
		InspectionAgency: "x", NextInspectionDate: "2028-08", Conclusion: "合格", InspectionType: cyltrace.InspectionPeriodic}
	if _, err := s.AddInspection(ctx(t), lost); cyltrace.ErrorCode(err) != cyltrace.ENOTFOUND {
		t.Errorf("inspection of an unknown cylinder: %v, want not found", err)
	}

	// 报废处置 scraps the cylinder.
	scrap := &cyltrace.Inspection{SourceID: "I-S", CylinderID: c.ID, InspectionDate: "2026-11-20",
		InspectionAgency: "重庆市特种设备检测研究院", Conclusion: "报废", InspectionType: cyltrace.InspectionScrap, UnitID: 2}
	if _, err := s.AddInspection(ctx(t), scrap); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Cylinder(ctx(t), c.ID); got.Status != cyltrace.StatusScrapped {
		t.Errorf("status after 报废处置 = %s, want 报废", got.Status)
	}
}

// testSubmitBatch: per-record outcomes of a batch, a duplicate inside the
// batch, fillings turned into trail nodes, and the same batch sent twice at
// once stored once.
func testSubmitBatch(t *testing.T, newStore Factory) {
	s, dsn := newStore(t)
	c := mustCylinder(t, s, sampleCylinder(1, nil))
	batch := func() []*cyltrace.Filling {
		var fs []*cyltrace.Filling
		for i := 0; i < 50; i++ {
			fs = append(fs, sampleFilling(fmt.Sprintf("B-%d", i), c))
		}
		fs[10].CylinderID = "CY9999999999999999" // unknown: kept as evidence
		fs = append(fs, sampleFilling("B-3", c)) // the same sourceId again
		return fs
	}
	out, err := s.SubmitFillings(ctx(t), batch())
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Status != store.Accepted || out[0].CylinderID != c.ID || out[0].RecordID == 0 {
		t.Errorf("first outcome = %+v", out[0])
	}
	if out[10].Status != store.Accepted || out[10].CylinderID != "" {
		t.Errorf("unknown cylinder outcome = %+v, want accepted with no archive", out[10])
	}
	if last := out[len(out)-1]; last.Status != store.Duplicate || last.RecordID != out[3].RecordID {
		t.Errorf("repeated sourceId outcome = %+v, want duplicate of record %d", last, out[3].RecordID)
	}

	// The same new batch, twice at once, from two connections.
	s2 := reopen(t, dsn)
	var wg sync.WaitGroup
	results := make([][]store.Outcome, 2)
	errs := make([]error, 2)
	second := func() []*cyltrace.Filling {
		fs := batch()
		for _, f := range fs {
			f.SourceID = "C" + f.SourceID
		}
		return fs
	}
	for i, st := range storesOf(s, s2) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = st.SubmitFillings(ctx(t), second())
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("concurrent batch %d: %v", i, err)
		}
	}
	for j := range results[0] {
		a, b := results[0][j], results[1][j]
		if a.RecordID != b.RecordID {
			t.Errorf("record %d: the two submissions name records %d and %d", j, a.RecordID, b.RecordID)
		}
	}
	counts, _ := s.TableCounts(ctx(t))
	if counts["fillings"] != 100 {
		t.Errorf("filling rows = %d, want 100 (50 per distinct batch)", counts["fillings"])
	}
	// Every accepted filling of the known cylinder is a 充装 node of its trail.
	trail, _ := s.Trail(ctx(t), c.ID, 500)
	if len(trail) != 98 {
		t.Errorf("trail nodes = %d, want 98", len(trail))
	}
	for _, ev := range trail {
		if ev.Node != cyltrace.NodeFilling || ev.ActorName != "重庆玉灵燃气有限公司" {
			t.Errorf("trail node %+v, want 充装 by the filling unit", ev)
			break
		}
	}
}
