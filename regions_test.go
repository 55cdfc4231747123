package cyltrace

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

const seedPath = "../shared/seed/cylinder-traceability-notice-2021-67.txt"

// readSeed returns the source notice's extracted text, skipping the test
// when it is not beside the module (a checkout of the module alone).
func readSeed(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(seedPath)
	if os.IsNotExist(err) {
		t.Skipf("source notice %s not found: the code tables cannot be compared with it", seedPath)
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRegionsMatchSource compares Regions() with the region table of
// Attachment 1 §五.1, row by row and in order.
func TestRegionsMatchSource(t *testing.T) {
	row := regexp.MustCompile(`(?m)^(500[12]\d\d)\t(\S+)\t(\S+)$`)
	var want []Region
	for _, m := range row.FindAllStringSubmatch(readSeed(t), -1) {
		want = append(want, Region{m[1], m[2], m[3]})
	}
	if got, want := len(want), 42; got != want {
		t.Fatalf("got %d region rows in the source, want %d", got, want)
	}
	got := Regions()
	if len(got) != len(want) {
		t.Fatalf("got %d regions, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("region %d: got %+v, want %+v", i, got[i], want[i])
		}
		if r, ok := LookupRegion(want[i].Code); !ok || r != want[i] {
			t.Errorf("LookupRegion(%s): got %+v %v, want %+v", want[i].Code, r, ok, want[i])
		}
	}
}

func TestLookupRegionUnknown(t *testing.T) {
	for _, code := range []string{"", "500100", "500199", "510101", " 500101"} {
		if _, ok := LookupRegion(code); ok {
			t.Errorf("LookupRegion(%q): got ok, want not found", code)
		}
	}
}

// sourceRow returns the 备注 column of the field table row named name
// (Attachment 1 §二), with the spaces of the PDF extraction removed.
func sourceRow(t *testing.T, text, name string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^\d+\t` + regexp.QuoteMeta(name) + `\t[^\t]*\t(.+)$`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no row %s in the source's field tables", name)
	}
	return strings.ReplaceAll(strings.TrimSpace(m[1]), " ", "")
}

func sameList(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%s: got %q, want %q (from the source)", what, got, want)
	}
}
