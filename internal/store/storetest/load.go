package storetest

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"cyltrace"
	"cyltrace/internal/store"
	"cyltrace/internal/testutil"
)

func testLoader(t *testing.T, newStore Factory) {
	s, _ := newStore(t)
	indexesBefore, err := s.SecondaryIndexes(ctx(t))
	if err != nil || len(indexesBefore) == 0 {
		t.Fatalf("secondary indexes before the load: %v, %v", indexesBefore, err)
	}
	l, err := s.NewLoader(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	unit := &cyltrace.Unit{Code: "91500107MA5UG4925L", Name: "重庆玉灵燃气有限公司",
		Kinds: []cyltrace.UnitKind{cyltrace.KindFilling, cyltrace.KindUsing}, RegionCode: "500103"}
	if err := l.AddUnit(ctx(t), unit); err != nil {
		t.Fatal(err)
	}
	// More than one multi-row batch of each table.
	const n = 1300
	var last *cyltrace.Cylinder
	for i := 0; i < n; i++ {
		c := sampleCylinder(i, unit)
		c.ID = fmt.Sprintf("CY%016d", i)
		if err := l.AddCylinder(ctx(t), c); err != nil {
			t.Fatal(err)
		}
		f := sampleFilling(fmt.Sprintf("F-%d", i), c)
		if err := l.AddFilling(ctx(t), f); err != nil {
			t.Fatal(err)
		}
		ev := &cyltrace.TrailEvent{SourceID: fmt.Sprintf("T-%d", i), CylinderID: c.ID, Time: "2026-11-20 08:00:00",
			Node: cyltrace.NodeFilling, ActorName: unit.Name}
		if err := l.AddTrail(ctx(t), ev); err != nil {
			t.Fatal(err)
		}
		last = c
	}
	in := &cyltrace.Inspection{SourceID: "I-1", CylinderID: last.ID, InspectionDate: "2024-08-10",
		InspectionAgency: "重庆市特种设备检测研究院", NextInspectionDate: "2028-08", Conclusion: "合格",
		InspectionType: cyltrace.InspectionPeriodic}
	if err := l.AddInspection(ctx(t), in); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(ctx(t)); err != nil {
		t.Fatal(err)
	}
	counts, err := s.TableCounts(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"units": 1, "cylinders": n, "fillings": n, "trail_events": n, "inspections": 1}
	for table, w := range want {
		if counts[table] != w {
			t.Errorf("%s rows = %d, want %d", table, counts[table], w)
		}
	}
	got, err := s.Cylinder(ctx(t), last.ID)
	if err != nil {
		t.Fatal(err)
	}
	if *got != *last {
		t.Errorf("loaded archive read back\n got %+v\nwant %+v", *got, *last)
	}
	fs, _ := s.Fillings(ctx(t), last.ID, 5)
	if len(fs) != 1 || fs[0].SourceID != fmt.Sprintf("F-%d", n-1) {
		t.Errorf("fillings of the last loaded cylinder: %d", len(fs))
	}
	// The indexes dropped for the load are back.
	indexesAfter, err := s.SecondaryIndexes(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(indexesAfter, ",") != strings.Join(indexesBefore, ",") {
		t.Errorf("secondary indexes after the load = %v, want %v", indexesAfter, indexesBefore)
	}
	// The store still works after the load, and a second load is refused.
	mustCylinder(t, s, sampleCylinder(n+1, nil))
	_, err = s.NewLoader(ctx(t))
	wantCode(t, err, cyltrace.ECONFLICT)
}

// testLoaderAbort: a load that fails leaves the database as it was, indexes
// included, and a duplicate key fails the load.
func testLoaderAbort(t *testing.T, newStore Factory) {
	s, _ := newStore(t)
	indexesBefore, _ := s.SecondaryIndexes(ctx(t))
	l, err := s.NewLoader(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	unit := &cyltrace.Unit{Code: "91500107MA5UG4925L", Name: "重庆玉灵燃气有限公司",
		Kinds: []cyltrace.UnitKind{cyltrace.KindUsing}, RegionCode: "500103"}
	if err := l.AddUnit(ctx(t), unit); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		c := sampleCylinder(1, unit) // the same registration triple three times
		c.ID = fmt.Sprintf("CY%016d", i)
		c.InfoCode, c.QRContent = fmt.Sprintf("CQ%016d", i), fmt.Sprintf("https://x.example.cn/%d", i)
		if err := l.AddCylinder(ctx(t), c); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(ctx(t)); err == nil {
		t.Fatal("a load with a duplicate registration triple committed")
	}
	counts, err := s.TableCounts(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if counts["units"] != 0 || counts["cylinders"] != 0 {
		t.Errorf("after a failed load: %d units, %d cylinders; want none", counts["units"], counts["cylinders"])
	}
	indexesAfter, _ := s.SecondaryIndexes(ctx(t))
	if strings.Join(indexesAfter, ",") != strings.Join(indexesBefore, ",") {
		t.Errorf("secondary indexes after a failed load = %v, want %v", indexesAfter, indexesBefore)
	}
}

// testReopen: what a store acknowledged is there after it is closed and the
// database opened again.
func testReopen(t *testing.T, newStore Factory) {
	s, dsn := newStore(t)
	c := mustCylinder(t, s, sampleCylinder(1, nil))
	f := sampleFilling("F-1", c)
	if _, err := s.AddFilling(ctx(t), f); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2 := reopen(t, dsn)
	got, err := s2.Cylinder(ctx(t), c.ID)
	if err != nil {
		t.Fatalf("archive after reopen: %v", err)
	}
	if got.ProductNumber != c.ProductNumber {
		t.Errorf("archive after reopen has product number %q, want %q", got.ProductNumber, c.ProductNumber)
	}
	fs, _ := s2.Fillings(ctx(t), c.ID, 5)
	if len(fs) != 1 {
		t.Errorf("fillings after reopen = %d, want 1", len(fs))
	}
}

// testConcurrentWriters: two stores on one database (two processes, in
// effect) write at once; every distinct archive lands, and of two that claim
// the same registration triple exactly one does.
func testConcurrentWriters(t *testing.T, newStore Factory) {
	s, dsn := newStore(t)
	s2 := reopen(t, dsn)
	const perStore = 40
	var wg sync.WaitGroup
	errs := make(chan error, 2*perStore+2)
	for w, st := range storesOf(s, s2) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perStore; i++ {
				errs <- st.CreateCylinder(ctx(t), sampleCylinder(w*1000+i, nil))
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent create: %v", err)
		}
	}
	counts, _ := s.CountCylinders(ctx(t))
	if counts[cyltrace.StatusInUse] != 2*perStore {
		t.Errorf("archives after concurrent writes = %d, want %d", counts[cyltrace.StatusInUse], 2*perStore)
	}

	// Race for one triple.
	results := make(chan error, 2)
	for i, st := range storesOf(s, s2) {
		go func() {
			c := sampleCylinder(5000, nil)
			c.InfoCode = fmt.Sprintf("CQ%016d", 9000+i)
			c.QRContent = fmt.Sprintf("https://race.example.cn/%d", i)
			results <- st.CreateCylinder(ctx(t), c)
		}()
	}
	var ok, conflict int
	for range 2 {
		err := <-results
		var e *cyltrace.Error
		switch {
		case err == nil:
			ok++
		case errors.As(err, &e) && e.Code == cyltrace.ECONFLICT:
			conflict++
		default:
			t.Errorf("race for one triple: %v", err)
		}
	}
	if ok != 1 || conflict != 1 {
		t.Errorf("race for one triple: %d stored, %d conflicts; want 1 and 1", ok, conflict)
	}
}

func storesOf(s ...*store.Store) []*store.Store { return s }

// reopen opens the database at dsn a second time, as another process would.
func reopen(t *testing.T, dsn string) *store.Store {
	t.Helper()
	return testutil.OpenStore(t, dsn, store.WithClock(func() time.Time { return fixedNow }))
}
