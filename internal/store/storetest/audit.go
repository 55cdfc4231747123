package storetest

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"

	"cyltrace"
	"cyltrace/internal/store"
)

// testAudit: changes are recorded with who, from where, what, before and
// after, and the trail cannot be rewritten.
func testAudit(t *testing.T, newStore Factory) {
	s, dsn := newStore(t)
	c := store.WithActor(ctx(t), store.Actor{Who: "client:key-bureau", UnitID: 7, Address: "10.0.0.8"})
	unit := &cyltrace.Unit{Code: "91500107MA5UG4925L", Name: "重庆玉灵燃气有限公司",
		Kinds: []cyltrace.UnitKind{cyltrace.KindUsing}, RegionCode: "500107"}
	if err := s.CreateUnit(c, unit); err != nil {
		t.Fatal(err)
	}
	cyl := sampleCylinder(1, unit)
	if err := s.CreateCylinder(c, cyl); err != nil {
		t.Fatal(err)
	}
	lockID, err := s.LockCylinder(c, cyl.ID, "举报", "client:key-bureau")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.UnlockCylinder(c, cyl.ID, lockID, "client:key-bureau", "举报不实"); err != nil {
		t.Fatal(err)
	}
	rules, err := s.CurrentRules(c)
	if err != nil {
		t.Fatal(err)
	}
	changed := rules.Rules
	changed.Classes = append([]cyltrace.RuleClass(nil), changed.Classes...)
	changed.Classes[0].IntervalYears = 3
	if err := s.SaveRules(c, &changed, "client:key-bureau", "测试"); err != nil {
		t.Fatal(err)
	}

	log, err := s.AuditLog(ctx(t), store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action)
	}
	want := "rules.update,rules.seed,cylinder.unlock,cylinder.lock,cylinder.create,unit.create"
	if strings.Join(actions, ",") != want {
		t.Fatalf("audit actions (newest first) = %v, want %s", actions, want)
	}
	first := log[len(log)-1]
	if first.Actor != "client:key-bureau" || first.UnitID != 7 || first.Address != "10.0.0.8" || first.Object != unit.Code ||
		first.Before != nil || !strings.Contains(string(first.After), "重庆玉灵燃气有限公司") {
		t.Errorf("unit.create entry = %+v", first)
	}
	var before, after map[string]any
	json.Unmarshal(log[0].Before, &before)
	json.Unmarshal(log[0].After, &after)
	if before["version"] != float64(1) || after["note"] != "测试" || log[0].Object != "v2" {
		t.Errorf("rules.update entry: before %v, after %v", before, after)
	}
	byObject, _ := s.AuditLog(ctx(t), store.AuditFilter{Object: cyl.ID})
	if len(byObject) != 3 {
		t.Errorf("entries for the cylinder = %d, want 3 (create, lock, unlock)", len(byObject))
	}
	// Without an actor in the context, the system is named.
	if err := s.DisableClient(context.Background(), "nobody"); cyltrace.ErrorCode(err) != cyltrace.ENOTFOUND {
		t.Errorf("disable unknown client: %v", err)
	}

	// Append-only, even to someone holding the database.
	db := rawDB(t, dsn)
	if _, err := db.Exec(`UPDATE audit_log SET actor = 'someone else'`); err == nil {
		t.Error("an UPDATE of the audit trail succeeded")
	}
	if _, err := db.Exec(`DELETE FROM audit_log`); err == nil {
		t.Error("a DELETE of the audit trail succeeded")
	}
	if after, _ := s.AuditLog(ctx(t), store.AuditFilter{}); len(after) != len(log) || after[0].Actor != "client:key-bureau" {
		t.Errorf("the audit trail changed: %d entries", len(after))
	}
}

// rawDB opens the store's database directly, as an operator with a client would.
func rawDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	driver, source := "pgx", dsn
	if path, ok := store.SQLitePath(dsn); ok {
		driver, source = "sqlite", "file:"+path+"?_busy_timeout=10000"
	}
	db, err := sql.Open(driver, source)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
