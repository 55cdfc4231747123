package cli_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"cyltrace/internal/auth"
	"cyltrace/internal/store"
	"cyltrace/internal/testutil"
)

func TestClientCommands(t *testing.T) {
	dir := t.TempDir()
	db := "--data-dir=" + dir
	if r := run(t, nil, "unit", "create", db, "--code", "91500107MA5UG4925L", "--name", "重庆青蓝融智科技有限公司",
		"--kind", "filling,using", "--region", "500107"); r.code != 0 {
		t.Fatalf("unit create: %s", r.stderr)
	}
	r := run(t, nil, "client", "create", db, "--unit", "91500107MA5UG4925L", "--role", "filling", "--json")
	if r.code != 0 {
		t.Fatalf("client create: exit %d %s", r.code, r.stderr)
	}
	var created struct {
		AppKey, AppSecret, Role, UnitName string
	}
	if err := json.Unmarshal([]byte(r.stdout), &created); err != nil {
		t.Fatalf("client create --json printed %q: %v", r.stdout, err)
	}
	if !strings.HasPrefix(created.AppKey, "ak_") || len(created.AppSecret) != 43 || created.Role != "filling" ||
		created.UnitName != "重庆青蓝融智科技有限公司" {
		t.Errorf("created client %+v", created)
	}
	// The secret is stored only as its hash.
	s := testutil.OpenStore(t, "sqlite:"+filepath.Join(dir, "cyltrace.db"))
	_, hash, err := s.ClientByAppKey(context.Background(), created.AppKey)
	if err != nil || hash == created.AppSecret || !auth.Check(hash, created.AppSecret) {
		t.Errorf("stored secret: %q (%v)", hash, err)
	}
	// The change is in the audit trail as the operator's, without the secret.
	log, _ := s.AuditLog(context.Background(), store.AuditFilter{Action: "client.create"})
	if len(log) != 1 || log[0].Actor != "cli:unknown" || log[0].Address != "cli" || strings.Contains(string(log[0].After), created.AppSecret) {
		t.Errorf("audit of client create: %+v", log)
	}
	s.Close()

	text := run(t, nil, "client", "create", db, "--unit", "91500107MA5UG4925L", "--role", "filling")
	if text.code != 0 || !strings.Contains(text.stdout, "只显示这一次") {
		t.Errorf("client create text output: %q", text.stdout)
	}
	// A client acts for its unit: a filling company gets no bureau or inspection client.
	for _, role := range []string{"bureau", "inspection"} {
		if r := run(t, nil, "client", "create", db, "--unit", "91500107MA5UG4925L", "--role", role); r.code != 1 ||
			!strings.Contains(r.stderr, "不能开通") {
			t.Errorf("%s client for a filling unit: exit %d %q", role, r.code, r.stderr)
		}
	}
	bad := run(t, nil, "client", "create", db, "--unit", "", "--role", "admin")
	if bad.code != 1 || !strings.Contains(bad.stderr, "unit:") || !strings.Contains(bad.stderr, "role:") {
		t.Errorf("invalid client create: exit %d %q", bad.code, bad.stderr)
	}
	if r := run(t, nil, "client", "create", db, "--unit", "915001077530560415", "--role", "filling"); r.code != 1 ||
		!strings.Contains(r.stderr, "单位不存在") {
		t.Errorf("client of an unknown unit: exit %d %q", r.code, r.stderr)
	}

	if r := run(t, nil, "client", "disable", db, created.AppKey); r.code != 0 {
		t.Fatalf("client disable: %s", r.stderr)
	}
	list := run(t, nil, "client", "list", db, "--app-key", created.AppKey, "--json")
	var clients []struct {
		AppKey     string
		DisabledAt string
	}
	if err := json.Unmarshal([]byte(list.stdout), &clients); err != nil || len(clients) != 1 || clients[0].DisabledAt == "" {
		t.Errorf("client list after disable: %q (%v)", list.stdout, err)
	}
	if r := run(t, nil, "client", "disable", db, "ak_nobody"); r.code != 1 {
		t.Errorf("disabling an unknown client: exit %d", r.code)
	}
}
