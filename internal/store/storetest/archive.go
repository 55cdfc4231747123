package storetest

import (
	"strings"
	"testing"

	"cyltrace"
	"cyltrace/internal/store"
)

func testMigrate(t *testing.T, newStore Factory) {
	s, _ := newStore(t)
	ms, err := s.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.SchemaVersion(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if v != len(ms) || v == 0 {
		t.Errorf("schema version = %d, want %d", v, len(ms))
	}
	applied, err := s.Migrate(ctx(t))
	if err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	if len(applied) != 0 {
		t.Errorf("second migrate applied %v, want nothing", applied)
	}
}

func testUnits(t *testing.T, newStore Factory) {
	s, _ := newStore(t)
	gas := mustUnit(t, s, "91500107MA5UG4925L", "500107", cyltrace.KindFilling, cyltrace.KindUsing)
	mustUnit(t, s, "915001077530560415", "500103", cyltrace.KindUsing)
	if gas.ID == 0 || gas.CreatedAt.IsZero() {
		t.Fatalf("created unit has id %d, createdAt %v", gas.ID, gas.CreatedAt)
	}

	dup := &cyltrace.Unit{Code: gas.Code, Name: "另一个", Kinds: []cyltrace.UnitKind{cyltrace.KindUsing}, RegionCode: "500101"}
	err := s.CreateUnit(ctx(t), dup)
	wantCode(t, err, cyltrace.ECONFLICT)
	if !strings.Contains(cyltrace.ErrorMessage(err), gas.Code) {
		t.Errorf("conflict message %q does not name the code", cyltrace.ErrorMessage(err))
	}

	got, err := s.UnitByCode(ctx(t), gas.Code)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != gas.ID || got.Name != gas.Name || len(got.Kinds) != 2 || !got.HasKind(cyltrace.KindUsing) {
		t.Errorf("UnitByCode = %+v, want %+v", got, gas)
	}
	_, err = s.Unit(ctx(t), 987654)
	wantCode(t, err, cyltrace.ENOTFOUND)

	filling, err := s.Units(ctx(t), store.UnitFilter{Kind: cyltrace.KindFilling})
	if err != nil {
		t.Fatal(err)
	}
	if len(filling) != 1 || filling[0].Code != gas.Code {
		t.Errorf("units of kind filling = %d, want only %s", len(filling), gas.Code)
	}
	inRegion, _ := s.Units(ctx(t), store.UnitFilter{RegionCode: "500103"})
	if len(inRegion) != 1 || inRegion[0].RegionCode != "500103" {
		t.Errorf("units in 500103 = %d, want 1", len(inRegion))
	}

	maker := &cyltrace.Unit{Code: "91500000MA5U00000X", Name: "重庆某钢瓶制造有限公司",
		Kinds: []cyltrace.UnitKind{cyltrace.KindManufacturer}, RegionCode: "500101", MakerCode: "123"}
	if err := s.CreateUnit(ctx(t), maker); err != nil {
		t.Fatal(err)
	}
	maker2 := *maker
	maker2.Code = "91500000MA5U00001X"
	wantCode(t, s.CreateUnit(ctx(t), &maker2), cyltrace.ECONFLICT)
}

func testCylinderRoundTrip(t *testing.T, newStore Factory) {
	s, _ := newStore(t)
	unit := mustUnit(t, s, "91500107MA5UG4925L", "500103", cyltrace.KindUsing)
	want := sampleCylinder(1, unit)
	// Long, non-ASCII label text: 1000 characters, 3 bytes each in UTF-8.
	want.QRContent = "https://trace.example.cn/c?n=" + strings.Repeat("瓶", 1000-29)
	mustCylinder(t, s, want)
	if !cyltrace.ValidCylinderID(want.ID) {
		t.Errorf("issued id %q is not a valid cylinder id", want.ID)
	}
	got, err := s.Cylinder(ctx(t), want.ID)
	if err != nil {
		t.Fatal(err)
	}
	if *got != *want {
		t.Errorf("read back\n got %+v\nwant %+v", *got, *want)
	}
	if got.VolumeL.String() != "35.50" || got.NominalPressureMPa.String() != "2.10" {
		t.Errorf("decimals read back as %s L, %s MPa; want 35.50, 2.10", got.VolumeL, got.NominalPressureMPa)
	}

	// Optional fields left empty come back empty, not as zero strings.
	bare := sampleCylinder(2, nil)
	bare.LastInspectionDate, bare.UnitInternalNumber, bare.TagType, bare.InfoCode, bare.QRContent = "", "", "", "", ""
	bare.RegistrationCertNumber, bare.RegistrationDate, bare.RegistrationAuthority = "", "", ""
	mustCylinder(t, s, bare)
	got, err = s.Cylinder(ctx(t), bare.ID)
	if err != nil {
		t.Fatal(err)
	}
	if *got != *bare {
		t.Errorf("bare archive read back\n got %+v\nwant %+v", *got, *bare)
	}
	if got.Registered() {
		t.Error("an archive without certificate number reads as registered")
	}
}

func testCylinderLookups(t *testing.T, newStore Factory) {
	s, _ := newStore(t)
	c := mustCylinder(t, s, sampleCylinder(7, nil))
	lookups := []struct {
		name string
		get  func() (*cyltrace.Cylinder, error)
	}{
		{"id", func() (*cyltrace.Cylinder, error) { return s.Cylinder(ctx(t), c.ID) }},
		{"infoCode", func() (*cyltrace.Cylinder, error) { return s.CylinderByInfoCode(ctx(t), c.InfoCode) }},
		{"qrContent", func() (*cyltrace.Cylinder, error) { return s.CylinderByQRContent(ctx(t), c.QRContent) }},
		{"triple", func() (*cyltrace.Cylinder, error) {
			return s.CylinderByTriple(ctx(t), c.Manufacturer, c.ProductNumber, c.ManufactureDate)
		}},
	}
	for _, l := range lookups {
		got, err := l.get()
		if err != nil {
			t.Errorf("by %s: %v", l.name, err)
			continue
		}
		if got.ID != c.ID {
			t.Errorf("by %s: got %s, want %s", l.name, got.ID, c.ID)
		}
	}
	misses := []struct {
		name string
		err  error
	}{
		{"id", second(s.Cylinder(ctx(t), "CY0000000000000000"))},
		{"infoCode", second(s.CylinderByInfoCode(ctx(t), "CQ0000000000000099"))},
		{"qrContent", second(s.CylinderByQRContent(ctx(t), c.QRContent+"x"))},
		{"triple", second(s.CylinderByTriple(ctx(t), c.Manufacturer, c.ProductNumber, "2020-09"))},
	}
	for _, m := range misses {
		if cyltrace.ErrorCode(m.err) != cyltrace.ENOTFOUND {
			t.Errorf("miss by %s: error %v, want not found", m.name, m.err)
		}
	}
}

func second(_ *cyltrace.Cylinder, err error) error { return err }

func testCylinderConflicts(t *testing.T, newStore Factory) {
	s, _ := newStore(t)
	first := mustCylinder(t, s, sampleCylinder(1, nil))
	tests := []struct {
		name    string
		change  func(c *cyltrace.Cylinder)
		mention string
	}{
		{"same triple", func(c *cyltrace.Cylinder) { c.ProductNumber = first.ProductNumber }, first.ProductNumber},
		{"same infoCode", func(c *cyltrace.Cylinder) { c.InfoCode = first.InfoCode }, first.InfoCode},
		{"same qrContent", func(c *cyltrace.Cylinder) { c.QRContent = first.QRContent }, "二维码"},
		{"same id", func(c *cyltrace.Cylinder) { c.ID = first.ID }, first.ID},
	}
	for _, tt := range tests {
		c := sampleCylinder(2, nil)
		tt.change(c)
		err := s.CreateCylinder(ctx(t), c)
		if cyltrace.ErrorCode(err) != cyltrace.ECONFLICT {
			t.Errorf("%s: error %v, want conflict", tt.name, err)
			continue
		}
		if msg := cyltrace.ErrorMessage(err); !strings.Contains(msg, tt.mention) {
			t.Errorf("%s: message %q does not mention %q", tt.name, msg, tt.mention)
		}
	}
	// The same product number of another month is another cylinder.
	other := sampleCylinder(3, nil)
	other.ProductNumber, other.ManufactureDate = first.ProductNumber, "2020-09"
	mustCylinder(t, s, other)
	counts, err := s.CountCylinders(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if counts[cyltrace.StatusInUse] != 2 {
		t.Errorf("after conflicts %d archives, want 2", counts[cyltrace.StatusInUse])
	}
}

func testCylinderList(t *testing.T, newStore Factory) {
	s, _ := newStore(t)
	unit := mustUnit(t, s, "91500107MA5UG4925L", "500103", cyltrace.KindUsing)
	statuses := []string{cyltrace.StatusInUse, cyltrace.StatusInUse, cyltrace.StatusStopped, cyltrace.StatusScrapped, cyltrace.StatusInUse}
	for i, st := range statuses {
		c := sampleCylinder(i, unit)
		c.Status = st
		mustCylinder(t, s, c)
	}
	inUse, err := s.Cylinders(ctx(t), store.CylinderFilter{Status: cyltrace.StatusInUse})
	if err != nil {
		t.Fatal(err)
	}
	if len(inUse) != 3 {
		t.Errorf("in-use archives = %d, want 3", len(inUse))
	}
	for _, c := range inUse {
		if c.Status != cyltrace.StatusInUse {
			t.Errorf("filter by status returned a %s cylinder", c.Status)
		}
	}
	page, _ := s.Cylinders(ctx(t), store.CylinderFilter{Limit: 2})
	rest, _ := s.Cylinders(ctx(t), store.CylinderFilter{Limit: 10, Offset: 2})
	if len(page) != 2 || len(rest) != 3 || page[1].ID >= rest[0].ID {
		t.Errorf("paging: first page %d, rest %d, want 2 and 3 in id order", len(page), len(rest))
	}
	mine, _ := s.Cylinders(ctx(t), store.CylinderFilter{UseUnitID: unit.ID})
	if len(mine) != 5 {
		t.Errorf("archives of the unit = %d, want 5", len(mine))
	}
}

func testUpdateUnit(t *testing.T, newStore Factory) {
	s, _ := newStore(t)
	u := mustUnit(t, s, "91500107MA5UG4925L", "500107", cyltrace.KindFilling)
	maker := &cyltrace.Unit{Code: "915001077530560415", Name: "重庆某钢瓶制造有限公司",
		Kinds: []cyltrace.UnitKind{cyltrace.KindManufacturer}, RegionCode: "500101", MakerCode: "321"}
	if err := s.CreateUnit(ctx(t), maker); err != nil {
		t.Fatal(err)
	}
	changed := *u
	changed.Name, changed.RegionCode, changed.Kinds = "重庆新名燃气有限公司", "500103", []cyltrace.UnitKind{cyltrace.KindFilling, cyltrace.KindUsing}
	if err := s.UpdateUnit(ctx(t), &changed); err != nil {
		t.Fatal(err)
	}
	got, _ := s.UnitByCode(ctx(t), u.Code)
	if got.Name != "重庆新名燃气有限公司" || got.RegionCode != "500103" || !got.HasKind(cyltrace.KindUsing) || got.ID != u.ID {
		t.Errorf("unit after update: %+v", got)
	}
	clash := *maker
	clash.Code, clash.MakerCode = u.Code, "321"
	clash.Kinds = []cyltrace.UnitKind{cyltrace.KindManufacturer}
	wantCode(t, s.UpdateUnit(ctx(t), &clash), cyltrace.ECONFLICT)
	nobody := changed
	nobody.Code = "91500000MA5U00000X"
	wantCode(t, s.UpdateUnit(ctx(t), &nobody), cyltrace.ENOTFOUND)
}
