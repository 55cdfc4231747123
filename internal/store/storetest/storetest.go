// Package storetest is the conformance suite of the store: the same tests,
// run once on SQLite and once on PostgreSQL by the store's own test files.
package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"cyltrace"
	"cyltrace/internal/store"
)

// Factory returns a migrated store on a fresh database, and its DSN so that
// a test can open it a second time.
type Factory func(t *testing.T) (*store.Store, string)

// Run runs every test of the suite against stores made by newStore.
func Run(t *testing.T, newStore Factory) {
	tests := []struct {
		name string
		fn   func(*testing.T, Factory)
	}{
		{"Migrate", testMigrate},
		{"Units", testUnits},
		{"UpdateUnit", testUpdateUnit},
		{"CylinderRoundTrip", testCylinderRoundTrip},
		{"CylinderLookups", testCylinderLookups},
		{"CylinderConflicts", testCylinderConflicts},
		{"CylinderList", testCylinderList},
		{"Fillings", testFillings},
		{"InspectionsAndTrail", testInspectionsAndTrail},
		{"SubmitBatch", testSubmitBatch},
		{"ClientsAndTokens", testClientsAndTokens},
		{"BindTag", testBindTag},
		{"Audit", testAudit},
		{"Users", testUsers},
		{"Lockout", testLockout},
		{"Sessions", testSessions},
		{"AccountAudit", testAccountAudit},
		{"RegistrationFlow", testRegistrationFlow},
		{"RegistrationReject", testRegistrationReject},
		{"RegistrationAtomic", testRegistrationAtomic},
		{"Factory", testFactory},
		{"SupervisionOverview", testSupervisionOverview},
		{"SupervisionUnits", testSupervisionUnits},
		{"Loader", testLoader},
		{"LoaderAbort", testLoaderAbort},
		{"Reopen", testReopen},
		{"ConcurrentWriters", testConcurrentWriters},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, newStore) })
	}
}

// fixedNow is the clock of every suite store.
var fixedNow = time.Date(2026, 11, 25, 9, 30, 0, 123456789, time.UTC)

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return c
}

// wantCode fails the test unless err carries the domain error code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := cyltrace.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

func mustUnit(t *testing.T, s *store.Store, code, region string, kinds ...cyltrace.UnitKind) *cyltrace.Unit {
	t.Helper()
	u := &cyltrace.Unit{Code: code, Name: "重庆测试单位" + code[len(code)-4:], Kinds: kinds, RegionCode: region}
	if err := s.CreateUnit(ctx(t), u); err != nil {
		t.Fatalf("create unit %s: %v", code, err)
	}
	return u
}

// sampleCylinder returns a complete archive; n makes its keys unique.
func sampleCylinder(n int, unit *cyltrace.Unit) *cyltrace.Cylinder {
	c := &cyltrace.Cylinder{
		UseUnitName:            "重庆玉灵燃气有限公司",
		RegionCode:             "500103",
		VarietyCode:            "2320",
		ProductNumber:          fmt.Sprintf("A1%05d", n),
		MediumCode:             "G13",
		Manufacturer:           "重庆恒祥石油液化气钢瓶制造有限公司",
		ManufactureDate:        "2020-08",
		NominalPressureMPa:     cyltrace.DecimalFromHundredths(210),
		VolumeL:                cyltrace.DecimalFromHundredths(3550),
		LastInspectionDate:     "2024-08-10",
		NextInspectionDate:     "2028-08",
		UnitInternalNumber:     fmt.Sprintf("YL-%06d", n),
		Status:                 cyltrace.StatusInUse,
		TagType:                cyltrace.TagQR,
		InfoCode:               fmt.Sprintf("CQ%016d", n),
		QRContent:              fmt.Sprintf("https://trace.yuling.example.cn/c/%d", n),
		RegistrationCertNumber: "瓶32渝A00017(21)",
		RegistrationDate:       "2021-01-01",
		RegistrationAuthority:  "重庆市渝中区市场监督管理局",
	}
	if unit != nil {
		c.UseUnitID = unit.ID
		c.UseUnitName = unit.Name
	}
	return c
}

func mustCylinder(t *testing.T, s *store.Store, c *cyltrace.Cylinder) *cyltrace.Cylinder {
	t.Helper()
	if err := s.CreateCylinder(ctx(t), c); err != nil {
		t.Fatalf("create cylinder: %v", err)
	}
	return c
}
