package api_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"cyltrace"
	"cyltrace/internal/store"
)

type checked struct {
	Allowed     bool
	Reasons     []cyltrace.Reason
	RuleVersion int
	Cylinder    *struct{ ID, MediumCode, NextInspectionDate string }
}

func (e *env) check(tok string, body map[string]string) checked {
	e.t.Helper()
	r := e.postJSON("/api/v1/fillings/check", tok, body)
	if r.status != 200 {
		e.t.Fatalf("check %v: %d %s", body, r.status, r.raw)
	}
	var c checked
	json.Unmarshal(r.Data, &c)
	return c
}

func codes(rs []cyltrace.Reason) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Code)
	}
	return out
}

func TestFillingCheck(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		tok := e.token(cyltrace.RoleFilling)
		overdue := overdueCylinder(e)

		tests := []struct {
			name string
			body map[string]string
			want []string
		}{
			{"own, in date", map[string]string{"infoCode": e.own.InfoCode, "mediumCode": "G13"}, nil},
			{"by id", map[string]string{"cylinderId": e.own.ID, "mediumCode": "G13"}, nil},
			{"by scanned label", map[string]string{"qrContent": e.own.QRContent, "mediumCode": "G13"}, nil},
			{"wrong medium", map[string]string{"cylinderId": e.own.ID, "mediumCode": "G16"}, []string{"MEDIUM_MISMATCH"}},
			{"another unit's LPG cylinder", map[string]string{"cylinderId": e.other.ID, "mediumCode": "G13"}, []string{"NOT_OWN_CYLINDER"}},
			{"overdue", map[string]string{"cylinderId": overdue.ID, "mediumCode": "G13"}, []string{"INSPECTION_OVERDUE"}},
			{"unknown code", map[string]string{"infoCode": "CQ9999999999999999", "mediumCode": "G13"}, []string{"NOT_FOUND"}},
			{"no tag on a 2021 LPG cylinder", map[string]string{"cylinderId": e.bare.ID, "mediumCode": "G13"}, []string{"NO_ELECTRONIC_MARK"}},
		}
		for _, tt := range tests {
			got := e.check(tok, tt.body)
			if !slices.Equal(codes(got.Reasons), tt.want) || got.Allowed != (len(tt.want) == 0) || got.RuleVersion != 1 {
				t.Errorf("%s: allowed=%v reasons %v v%d, want %v under version 1", tt.name, got.Allowed, codes(got.Reasons),
					got.RuleVersion, tt.want)
			}
		}
		msg := e.check(tok, map[string]string{"cylinderId": overdue.ID, "mediumCode": "G13"}).Reasons[0].Message
		if !strings.Contains(msg, "2024-08") || !strings.Contains(msg, "禁止充装") {
			t.Errorf("overdue message %q", msg)
		}
		if c := e.check(tok, map[string]string{"infoCode": "CQ9999999999999999", "mediumCode": "G13"}); c.Cylinder != nil {
			t.Errorf("unknown code answered with a cylinder %+v", c.Cylinder)
		}

		// Input errors and roles.
		e.postJSON("/api/v1/fillings/check", tok, map[string]string{"mediumCode": "G13"}).want(t, 400)
		e.postJSON("/api/v1/fillings/check", tok, map[string]string{"cylinderId": e.own.ID, "mediumCode": "G99"}).want(t, 400)
		e.postJSON("/api/v1/fillings/check", e.token(cyltrace.RoleInspection),
			map[string]string{"cylinderId": e.own.ID, "mediumCode": "G13"}).want(t, 403)

		// Every check is logged (off the hot path, within a moment).
		unit := e.units[cyltrace.RoleFilling].ID
		waitFor(t, func() bool { all, _, _ := e.store.CheckCount(context.Background(), unit); return all == 10 })
		if _, refused, _ := e.store.CheckCount(context.Background(), unit); refused != 7 {
			t.Errorf("refused checks logged: %d, want 7", refused)
		}
	})
}

func TestLocks(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		tok, btok := e.token(cyltrace.RoleFilling), e.token(cyltrace.RoleBureau)
		ask := map[string]string{"cylinderId": e.own.ID, "mediumCode": "G13"}
		e.postJSON("/api/v1/cylinders/lock", tok, map[string]string{"cylinderId": e.own.ID, "reason": "举报"}).want(t, 403)
		r := e.postJSON("/api/v1/cylinders/lock", btok, map[string]string{"cylinderId": e.own.ID, "reason": "举报"}).want(t, 200)
		var lock struct{ LockID int64 }
		json.Unmarshal(r.Data, &lock)
		e.postJSON("/api/v1/cylinders/lock", btok, map[string]string{"cylinderId": e.own.ID, "reason": "翻新"}).want(t, 200)
		got := e.check(tok, ask)
		if !slices.Equal(codes(got.Reasons), []string{"LOCKED", "LOCKED"}) || !strings.Contains(got.Reasons[0].Message, "举报") {
			t.Errorf("locked twice: %+v", got.Reasons)
		}
		e.postJSON("/api/v1/cylinders/unlock", btok, map[string]any{"cylinderId": e.own.ID, "lockId": lock.LockID,
			"note": "举报不实"}).want(t, 200)
		if got := e.check(tok, ask); len(got.Reasons) != 1 || !strings.Contains(got.Reasons[0].Message, "翻新") {
			t.Errorf("after one unlock: %+v", got.Reasons)
		}
		e.postJSON("/api/v1/cylinders/unlock", btok, map[string]any{"cylinderId": e.own.ID, "lockId": lock.LockID,
			"note": "again"}).want(t, 404)
		e.postJSON("/api/v1/cylinders/lock", btok, map[string]string{"cylinderId": "CY9999999999999999", "reason": "举报"}).want(t, 404)
		e.postJSON("/api/v1/cylinders/lock", btok, map[string]string{"cylinderId": e.own.ID}).want(t, 400)
	})
}

func TestRuleTableThroughAPI(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		tok, btok := e.token(cyltrace.RoleFilling), e.token(cyltrace.RoleBureau)
		var current struct {
			cyltrace.RuleTable
			ChangedBy string
		}
		json.Unmarshal(e.postJSON("/api/v1/rules/current", tok, map[string]any{}).want(t, 200).Data, &current)
		if current.Version != 1 || len(current.Classes) != len(cyltrace.DefaultRuleTable().Classes) || current.ChangedBy != "system" {
			t.Fatalf("rules in force: v%d, %d classes, by %s", current.Version, len(current.Classes), current.ChangedBy)
		}
		// The LPG class's design life cut to 4 years, no extension.
		changed := current.RuleTable
		for i := range changed.Classes {
			if changed.Classes[i].Key == "lpg-welded" {
				changed.Classes[i].DesignLifeYears, changed.Classes[i].MaxLifeYears = 4, 0
			}
		}
		update := map[string]any{"rules": changed, "note": "测试：液化石油气钢瓶设计使用年限改为4年"}
		e.postJSON("/api/v1/rules/update", tok, update).want(t, 403)
		var saved struct{ Version int }
		json.Unmarshal(e.postJSON("/api/v1/rules/update", btok, update).want(t, 200).Data, &saved)
		if saved.Version != 2 {
			t.Errorf("new version %d, want 2", saved.Version)
		}
		got := e.check(tok, map[string]string{"cylinderId": e.own.ID, "mediumCode": "G13"})
		if got.RuleVersion != 2 || !slices.Equal(codes(got.Reasons), []string{"SERVICE_LIFE_EXCEEDED"}) {
			t.Errorf("check after the change: v%d %v, want version 2 and SERVICE_LIFE_EXCEEDED", got.RuleVersion, codes(got.Reasons))
		}
		// A broken table is refused, naming the field; nothing changes.
		broken := changed
		broken.Classes = append([]cyltrace.RuleClass(nil), changed.Classes...)
		broken.Classes[0].IntervalYears = 0
		r := e.postJSON("/api/v1/rules/update", btok, map[string]any{"rules": broken, "note": "x"}).want(t, 400)
		if f := r.fields(); len(f) == 0 || !strings.HasPrefix(f[0], "rules.classes[0]") {
			t.Errorf("broken table fields %v", f)
		}
		// A change made from an outdated version does not overwrite the newer one.
		e.postJSON("/api/v1/rules/update", btok, update).want(t, 409)
		if history, _ := e.store.RuleHistory(context.Background()); len(history) != 2 {
			t.Errorf("rule versions %d, want 2", len(history))
		}
	})
}

func TestViolationsAndPlausibility(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		tok := e.token(cyltrace.RoleFilling)
		overdue := overdueCylinder(e)
		res := e.postJSON("/api/v1/fillings/submit", tok, map[string]any{"records": []any{filling("V-1", overdue),
			filling("V-2", e.own)}}).want(t, 200).results(t)
		if res.Accepted != 2 || len(res.Results[0].Warnings) != 1 || res.Results[0].Warnings[0].Code != "INSPECTION_OVERDUE" ||
			len(res.Results[1].Warnings) != 0 {
			t.Fatalf("results %+v", res.Results)
		}
		vs, err := e.store.Violations(context.Background(), e.units[cyltrace.RoleFilling].ID, 10)
		if err != nil || len(vs) != 1 || vs[0].CylinderID != overdue.ID || vs[0].Reasons[0].Code != "INSPECTION_OVERDUE" ||
			vs[0].FillingID != res.Results[0].RecordID {
			t.Errorf("violations of the unit: %+v %v", vs, err)
		}
		fs, _ := e.store.Fillings(context.Background(), overdue.ID, 5)
		if len(fs) != 1 {
			t.Errorf("the violating filling was not stored: %d", len(fs))
		}

		// An inspection's next date beyond the LPG interval (4 years) is refused.
		itok := e.token(cyltrace.RoleInspection)
		in := map[string]any{"sourceId": "P-1", "cylinderId": e.own.ID, "inspectionDate": "2026-11-20",
			"inspectionAgency": "重庆市特种设备检测研究院", "nextInspectionDate": "2031-11", "conclusion": "合格", "inspectionType": "定期"}
		got := e.postJSON("/api/v1/inspections/submit", itok, map[string]any{"records": []any{in}}).want(t, 200).results(t)
		if got.Rejected != 1 || len(got.Results[0].Fields) != 1 || got.Results[0].Fields[0].Rule != cyltrace.RulePlausible {
			t.Errorf("implausible inspection: %+v", got.Results[0])
		}
		in["nextInspectionDate"], in["sourceId"] = "2030-11", "P-2"
		e.postJSON("/api/v1/inspections/submit", itok, map[string]any{"records": []any{in}}).want(t, 200)
	})
}

// overdueCylinder is a QR-tagged cylinder of the filling unit whose next
// inspection fell due in 2024-08.
func overdueCylinder(e *env) *cyltrace.Cylinder {
	return e.cylinderWith(5, e.units[cyltrace.RoleFilling], true, func(c *cyltrace.Cylinder) {
		c.ManufactureDate, c.LastInspectionDate, c.NextInspectionDate = "2020-06", "2020-08-10", "2024-08"
	})
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestViolationsJudgedAtFillingTime: a filling that arrives late is judged
// by the cylinder as it stood when it was filled.
func TestViolationsJudgedAtFillingTime(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		tok, itok, btok := e.token(cyltrace.RoleFilling), e.token(cyltrace.RoleInspection), e.token(cyltrace.RoleBureau)
		overdue := overdueCylinder(e)
		in := map[string]any{"sourceId": "LATE-I", "cylinderId": overdue.ID, "inspectionDate": "2024-11-01",
			"inspectionAgency": "重庆市特种设备检测研究院", "nextInspectionDate": "2028-11", "conclusion": "合格", "inspectionType": "定期"}
		e.postJSON("/api/v1/inspections/submit", itok, map[string]any{"records": []any{in}}).want(t, 200)

		lateBefore := filling("LATE-1", overdue) // filled while overdue, sent after the inspection
		lateBefore["fillingDate"], lateBefore["fillingTime"] = "2024-10-01", "2024-10-01 09:00:00"
		after := filling("LATE-2", overdue) // filled after the inspection
		after["fillingDate"], after["fillingTime"] = "2024-11-20", "2024-11-20 09:00:00"
		res := e.postJSON("/api/v1/fillings/submit", tok, map[string]any{"records": []any{lateBefore, after}}).want(t, 200).results(t)
		if got := res.Results[0].Warnings; len(got) != 1 || got[0].Code != "INSPECTION_OVERDUE" {
			t.Errorf("filling of 2024-10-01: warnings %+v, want INSPECTION_OVERDUE", got)
		}
		if got := res.Results[1].Warnings; len(got) != 0 {
			t.Errorf("filling of 2024-11-20: warnings %+v, want none", got)
		}

		// A lock placed now does not make yesterday's filling a violation.
		e.postJSON("/api/v1/cylinders/lock", btok, map[string]string{"cylinderId": e.own.ID, "reason": "举报"}).want(t, 200)
		e.advance(90 * time.Minute)
		yesterday := filling("L-1", e.own)
		yesterday["fillingDate"], yesterday["fillingTime"] = "2026-11-24", "2026-11-24 15:00:00"
		later := filling("L-2", e.own)
		later["fillingDate"], later["fillingTime"] = "2026-11-25", "2026-11-25 11:00:00"
		res = e.postJSON("/api/v1/fillings/submit", tok, map[string]any{"records": []any{yesterday, later}}).want(t, 200).results(t)
		if len(res.Results[0].Warnings) != 0 {
			t.Errorf("filling before the lock: warnings %+v", res.Results[0].Warnings)
		}
		if got := res.Results[1].Warnings; len(got) != 1 || got[0].Code != "LOCKED" {
			t.Errorf("filling after the lock: warnings %+v, want LOCKED", got)
		}
	})
}

// TestChangesAudited: a change made through the API is in the audit trail
// under the client that made it.
func TestChangesAudited(t *testing.T) {
	e := newEnv(t, "sqlite")
	btok := e.token(cyltrace.RoleBureau)
	e.postJSON("/api/v1/cylinders/lock", btok, map[string]string{"cylinderId": e.own.ID, "reason": "举报"}).want(t, 200)
	log, err := e.store.AuditLog(context.Background(), store.AuditFilter{Action: "cylinder.lock"})
	if err != nil || len(log) != 1 {
		t.Fatalf("audit of the lock: %v %v", log, err)
	}
	if log[0].Actor != "client:key-bureau" || log[0].UnitID != e.units[cyltrace.RoleBureau].ID || log[0].Object != e.own.ID ||
		log[0].Address != "127.0.0.1" {
		t.Errorf("audit entry %+v", log[0])
	}
}
