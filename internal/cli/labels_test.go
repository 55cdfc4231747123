package cli_test

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestLabelsCommand(t *testing.T) {
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Skip("pdfinfo is not installed (Debian package poppler-utils)")
	}
	dir := t.TempDir()
	db := "--data-dir=" + dir
	if r := run(t, nil, "demo", db, "--cylinders", "300", "--as-of", "2026-11-25"); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	var clients []struct{ UnitCode string }
	list := run(t, nil, "client", "list", db, "--app-key", "demo-filling", "--json")
	if err := json.Unmarshal([]byte(list.stdout), &clients); err != nil || len(clients) != 1 {
		t.Fatalf("demo filling client: %q", list.stdout)
	}
	out := filepath.Join(dir, "labels.pdf")
	r := run(t, nil, "labels", db, "--unit", clients[0].UnitCode, "--public-base-url", "https://qp.example.gov.cn", "--out", out)
	if r.code != 0 || !strings.Contains(r.stdout, "个标签") {
		t.Fatalf("labels: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	info, err := exec.Command("pdfinfo", out).Output()
	if err != nil || !strings.Contains(string(info), "Pages:") || !strings.Contains(string(info), "A4") {
		t.Errorf("pdfinfo: %v\n%s", err, info)
	}
	if r := run(t, nil, "labels", db, "--unit", clients[0].UnitCode); r.code != 1 || !strings.Contains(r.stderr, "public-base-url") {
		t.Errorf("labels without a public address: exit %d %q", r.code, r.stderr)
	}
}
