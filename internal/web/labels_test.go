package web

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// needTool skips when a Debian tool the test needs is missing (CI installs it).
func needTool(t *testing.T, tool, pkg string) {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Skipf("%s is not installed (Debian package %s)", tool, pkg)
	}
}

// TestLabelPNGScans: a real QR decoder reads the cylinder's public URL back
// from the PNG label.
func TestLabelPNGScans(t *testing.T) {
	needTool(t, "zbarimg", "zbar-tools")
	e := newEnv(t, Config{PublicBaseURL: "https://qp.example.gov.cn"})
	c := mustCylinder(t, e.store)
	res := e.get(t, "/labels/"+c.InfoCode+".png")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("PNG label: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	path := filepath.Join(t.TempDir(), "label.png")
	if err := os.WriteFile(path, res.body, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("zbarimg", "-q", "--raw", path).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	if got, want := strings.TrimSpace(string(out)), "https://qp.example.gov.cn/q/"+c.InfoCode; got != want {
		t.Errorf("decoded %q, want %q", got, want)
	}

	svg := e.get(t, "/labels/"+c.InfoCode+".svg")
	if svg.StatusCode != 200 || !strings.Contains(string(svg.body), c.ProductNumber) {
		t.Errorf("SVG label: %d, product number present: %v", svg.StatusCode, strings.Contains(string(svg.body), c.ProductNumber))
	}
	for _, bad := range []string{"/labels/CQ9999999999999999.png", "/labels/" + c.InfoCode + ".gif", "/labels/..%2f..%2fetc.png"} {
		if res := e.get(t, bad); res.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", bad, res.StatusCode)
		}
	}
}

// TestLabelSheetPDF: the A4 sheet opens with pdfinfo and has the expected pages.
func TestLabelSheetPDF(t *testing.T) {
	needTool(t, "pdfinfo", "poppler-utils")
	e := newEnv(t, Config{PublicBaseURL: "https://qp.example.gov.cn"})
	var codes []string
	for i := 0; i < 25; i++ {
		codes = append(codes, mustCylinder(t, e.store).InfoCode)
	}
	res := e.get(t, "/labels/sheet.pdf?codes="+strings.Join(codes, ","))
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("sheet: %d %s %s", res.StatusCode, res.Header.Get("Content-Type"), res.body)
	}
	path := filepath.Join(t.TempDir(), "sheet.pdf")
	os.WriteFile(path, res.body, 0o644)
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	if !strings.Contains(string(out), "Pages:           2") {
		t.Errorf("pdfinfo says:\n%s\nwant 2 pages for 25 labels (21 a page)", out)
	}
	if res := e.get(t, "/labels/sheet.pdf"); res.StatusCode != 400 {
		t.Errorf("sheet without codes: %d, want 400", res.StatusCode)
	}
	if res := e.get(t, "/labels/sheet.pdf?codes=CQ1"); res.StatusCode != 400 {
		t.Errorf("sheet with a malformed code: %d, want 400", res.StatusCode)
	}
}
