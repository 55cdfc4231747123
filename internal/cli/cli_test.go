package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cyltrace"
	"cyltrace/internal/cli"
	"cyltrace/internal/store"
)

// result is what one run of the command printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// run runs the real command in-process with the given environment.
func run(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out, errOut bytes.Buffer
	code := cli.Run(ctx, args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

func TestUnitCreateAndList(t *testing.T) {
	dir := t.TempDir()
	db := "--data-dir=" + dir
	r := run(t, nil, "unit", "create", db, "--code", "91500107MA5UG4925L", "--name", "重庆青蓝融智科技有限公司",
		"--kind", "filling,using", "--region", "500107", "--json")
	if r.code != 0 {
		t.Fatalf("unit create: exit %d, stderr %s", r.code, r.stderr)
	}
	var u cyltrace.Unit
	if err := json.Unmarshal([]byte(r.stdout), &u); err != nil {
		t.Fatalf("unit create --json printed %q: %v", r.stdout, err)
	}
	if u.ID == 0 || u.Code != "91500107MA5UG4925L" || !u.HasKind(cyltrace.KindFilling) {
		t.Errorf("created unit = %+v", u)
	}

	dup := run(t, nil, "unit", "create", db, "--code", "91500107MA5UG4925L", "--name", "另一家",
		"--kind", "using", "--region", "500103")
	if dup.code != 1 || !strings.Contains(dup.stderr, "已存在") {
		t.Errorf("duplicate unit: exit %d, stderr %q; want 1 and a message that it exists", dup.code, dup.stderr)
	}

	// Every bad field at once, each named, in Chinese.
	bad := run(t, nil, "unit", "create", db, "--code", "91500107MA5UG4925X", "--name", "",
		"--kind", "bakery", "--region", "500100")
	if bad.code != 1 {
		t.Fatalf("invalid unit: exit %d, want 1", bad.code)
	}
	for _, field := range []string{"code:", "name:", "kinds:", "regionCode:"} {
		if !strings.Contains(bad.stderr, field) {
			t.Errorf("invalid unit: stderr does not name %s\n%s", field, bad.stderr)
		}
	}

	// The environment stands in for flags.
	list := run(t, map[string]string{"CYLTRACE_DATA_DIR": dir}, "unit", "list", "--json")
	var units []cyltrace.Unit
	if err := json.Unmarshal([]byte(list.stdout), &units); err != nil || len(units) != 1 {
		t.Fatalf("unit list via CYLTRACE_DATA_DIR: %d units (%v), stdout %q", len(units), err, list.stdout)
	}
	text := run(t, nil, "unit", "list", db)
	if !strings.Contains(text.stdout, "重庆青蓝融智科技有限公司") || !strings.Contains(text.stdout, "九龙坡区") {
		t.Errorf("unit list text output lacks the unit or its district:\n%s", text.stdout)
	}
}

// demoStore opens a demo database for a test to look into.
func demoStore(t *testing.T, dsn string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestDemoAndCylinderCommands(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "demo.db")
	r := run(t, nil, "demo", "--db", dsn, "--cylinders", "300", "--seed", "7", "--as-of", "2026-11-25")
	if r.code != 0 {
		t.Fatalf("demo: exit %d, stderr %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "300 只气瓶") {
		t.Errorf("demo summary %q does not report 300 cylinders", r.stdout)
	}
	// The supervision views have material: factory data and violations.
	{
		s := demoStore(t, dsn)
		v, _, err := s.ViolationRecords(context.Background(), store.SupervisionFilter{From: "2026-11-25", To: "2026-11-25"}, "")
		if err != nil || len(v) == 0 {
			t.Errorf("demo data hold no violation on its day: %d, %v", len(v), err)
		}
		cov, err := s.MakerCoverages(context.Background())
		published := 0
		for _, m := range cov {
			published += m.Records
		}
		if err != nil || published == 0 {
			t.Errorf("demo data hold no factory records: %v", err)
		}
	}
	again := run(t, nil, "demo", "--db", dsn, "--cylinders", "10")
	if again.code != 1 || !strings.Contains(again.stderr, "空数据库") {
		t.Errorf("demo on a loaded database: exit %d, stderr %q; want a refusal", again.code, again.stderr)
	}

	for _, status := range cyltrace.Statuses() {
		list := run(t, nil, "cylinder", "list", "--db", dsn, "--status", status, "--limit", "1000", "--json")
		var cs []cyltrace.Cylinder
		if err := json.Unmarshal([]byte(list.stdout), &cs); err != nil {
			t.Fatalf("cylinder list --status %s: %v (%s)", status, err, list.stderr)
		}
		if len(cs) == 0 {
			t.Errorf("demo data has no %s cylinder", status)
		}
		for _, c := range cs {
			if c.Status != status {
				t.Errorf("cylinder list --status %s returned a %s cylinder", status, c.Status)
			}
		}
	}
	badStatus := run(t, nil, "cylinder", "list", "--db", dsn, "--status", "在修")
	if badStatus.code != 1 || !strings.Contains(badStatus.stderr, "使用状态") {
		t.Errorf("bad status: exit %d, stderr %q", badStatus.code, badStatus.stderr)
	}

	list := run(t, nil, "cylinder", "list", "--db", dsn, "--limit", "1", "--json")
	var one []cyltrace.Cylinder
	if err := json.Unmarshal([]byte(list.stdout), &one); err != nil || len(one) != 1 {
		t.Fatalf("cylinder list --limit 1: %v %q", err, list.stdout)
	}
	show := run(t, nil, "cylinder", "show", "--db", dsn, "--json", one[0].ID)
	var detail struct {
		Cylinder map[string]any `json:"cylinder"`
	}
	if err := json.Unmarshal([]byte(show.stdout), &detail); err != nil {
		t.Fatalf("cylinder show --json: %v (%s)", err, show.stderr)
	}
	// The archive keeps the JSON names of SPEC.md §3.1.
	for _, name := range []string{"id", "useUnitName", "regionCode", "varietyCode", "productNumber", "mediumCode",
		"manufacturer", "manufactureDate", "nominalPressureMPa", "volumeL", "lastInspectionDate",
		"nextInspectionDate", "unitInternalNumber", "status", "tagType", "infoCode", "qrContent",
		"registrationCertNumber", "registrationDate", "registrationAuthority"} {
		if _, ok := detail.Cylinder[name]; !ok {
			t.Errorf("cylinder show --json lacks %q", name)
		}
	}
	if detail.Cylinder["id"] != one[0].ID {
		t.Errorf("cylinder show returned %v, want %s", detail.Cylinder["id"], one[0].ID)
	}
	text := run(t, nil, "cylinder", "show", "--db", dsn, one[0].ID)
	if !strings.Contains(text.stdout, "下次检验日期") || !strings.Contains(text.stdout, one[0].ProductNumber) {
		t.Errorf("cylinder show text lacks labels or data:\n%s", text.stdout)
	}
	missing := run(t, nil, "cylinder", "show", "--db", dsn, "CY0000000000000000")
	if missing.code != 1 || !strings.Contains(missing.stderr, "未找到") {
		t.Errorf("show of a missing cylinder: exit %d, stderr %q", missing.code, missing.stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"bogus"}, 2, "未知命令"},
		{[]string{"unit"}, 2, "用法"},
		{[]string{"cylinder", "show"}, 2, "用法"},
		{[]string{"unit", "list", "--no-such-flag"}, 2, "no-such-flag"},
		{[]string{"version"}, 0, "cyltrace"},
	}
	for _, tt := range tests {
		r := run(t, nil, tt.args...)
		if r.code != tt.code || !strings.Contains(r.stdout+r.stderr, tt.want) {
			t.Errorf("%v: exit %d, output %q; want exit %d and %q", tt.args, r.code, r.stdout+r.stderr, tt.code, tt.want)
		}
	}
}
