//go:build linux

package xlsx

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"cyltrace"
)

// The import's figures with its peak memory: the peak resident set size
// (VmHWM) of a process cannot be reset, so each measurement is a fresh child
// process, this test binary run again as TestImportChild. A baseline child
// loads the same file and holds its bytes; the import children load it and
// then import it, so the difference is what the import adds on top of the
// runtime, the binary and the upload itself.
//
//	go test -run '^$' -bench Import50000PeakRSS -benchtime 3x ./internal/xlsx/
//
// or scripts/bench-import.

const (
	importChildEnv  = "CYLTRACE_XLSX_IMPORT_CHILD" // baseline, stream or collect
	importFileEnv   = "CYLTRACE_XLSX_IMPORT_FILE"  // the workbook to load
	importChildLine = "IMPORT-CHILD"               // the child's result line
)

// TestImportChild is the child process of BenchmarkImport50000PeakRSS; run
// without its environment variable (as by go test) it does nothing.
func TestImportChild(t *testing.T) {
	mode := os.Getenv(importChildEnv)
	if mode == "" {
		return
	}
	data, err := os.ReadFile(os.Getenv(importFileEnv))
	if err != nil {
		t.Fatal(err)
	}
	var kept []cyltrace.Cylinder
	rows, invalid := 0, 0
	start := time.Now()
	switch mode {
	case "baseline":
		// Only the upload's bytes, held until the peak is read.
	case "stream", "collect":
		// stream: read and validate each row, keep nothing; collect: also
		// keep every cylinder, as an importer that inserts them in one
		// transaction after checking duplicates does.
		err = Read(bytes.NewReader(data), TemplateRows, func(r Row) error {
			rows++
			if r.Err != nil || r.Cylinder.Validate(now) != nil {
				invalid++
			}
			if mode == "collect" {
				kept = append(kept, r.Cylinder)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("%s=%q", importChildEnv, mode)
	}
	wall := time.Since(start)
	hwm, err := vmHWMKiB()
	if err != nil {
		t.Fatal(err)
	}
	runtime.KeepAlive(data)
	runtime.KeepAlive(kept)
	fmt.Printf("%s mode=%s rows=%d invalid=%d wall_ns=%d vmhwm_kib=%d\n", importChildLine, mode, rows, invalid, wall.Nanoseconds(), hwm)
}

// vmHWMKiB returns this process's peak resident set size from /proc.
func vmHWMKiB() (uint64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			return strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/self/status")
}

type childResult struct {
	rows, invalid int
	wall          time.Duration
	hwmKiB        uint64
}

// runImportChild runs TestImportChild in a new process and returns its figures.
func runImportChild(tb testing.TB, mode, path string) childResult {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestImportChild$", "-test.count=1", "-test.timeout=10m")
	cmd.Env = append(os.Environ(), importChildEnv+"="+mode, importFileEnv+"="+path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		tb.Fatalf("child %s: %v\n%s", mode, err, out)
	}
	for line := range strings.SplitSeq(string(out), "\n") {
		if !strings.HasPrefix(line, importChildLine+" ") {
			continue
		}
		var r childResult
		var m string
		var wall int64
		if _, err := fmt.Sscanf(line, importChildLine+" mode=%s rows=%d invalid=%d wall_ns=%d vmhwm_kib=%d",
			&m, &r.rows, &r.invalid, &wall, &r.hwmKiB); err != nil {
			tb.Fatalf("child %s: %v in %q", mode, err, line)
		}
		r.wall = time.Duration(wall)
		return r
	}
	tb.Fatalf("child %s printed no result:\n%s", mode, out)
	return childResult{}
}

// BenchmarkImport50000PeakRSS imports a 50,000-row workbook in child
// processes and reports the import's wall time (inside the child, without
// process start and file load: import-ms/op) and the peak RSS of the import
// child against that of a baseline child loading the same file
// (added-RSS-MiB, RSS-ratio). ns/op is a whole child process.
//
// Two workbooks: excelize's (bigWorkbook: inline strings, as the error
// workbook is written) and, where soffice is installed, the same rows typed
// into LibreOffice Calc (from a CSV), which keeps its text in a shared
// strings table that excelize holds in memory while reading.
func BenchmarkImport50000PeakRSS(b *testing.B) {
	if _, err := vmHWMKiB(); err != nil {
		b.Skipf("no peak RSS from /proc: %v", err)
	}
	const n = 50000
	dir := b.TempDir()
	excelizeFile := filepath.Join(dir, "excelize-50000.xlsx")
	must(b, os.WriteFile(excelizeFile, bigWorkbook(b, n), 0o644))
	b.Run("excelize/stream", func(b *testing.B) { benchImportChild(b, excelizeFile, "stream", n) })
	b.Run("excelize/collect", func(b *testing.B) { benchImportChild(b, excelizeFile, "collect", n) })
	b.Run("libreoffice/stream", func(b *testing.B) {
		bin, err := exec.LookPath("soffice")
		if err != nil {
			b.Skip("LibreOffice (soffice) not installed: apt-get install libreoffice-calc-nogui")
		}
		benchImportChild(b, libreOfficeWorkbook(b, bin, n), "stream", n)
	})
}

// libreOfficeWorkbook has LibreOffice write n good rows (dates as date
// cells) and returns the .xlsx file.
func libreOfficeWorkbook(b *testing.B, bin string, n int) string {
	dir := b.TempDir()
	var csv strings.Builder
	for i, v := range header() {
		if i > 0 {
			csv.WriteByte(',')
		}
		csv.WriteString(quoted(v.(string)))
	}
	csv.WriteByte('\n')
	for i := 0; i < n; i++ {
		r := goodRow(i)
		r[6], r[9], r[10] = "2021-08-15", "2023-05-20", "2027-05-01" // unquoted: date cells
		for j, v := range r {
			if j > 0 {
				csv.WriteByte(',')
			}
			csv.WriteString(v.(string))
		}
		csv.WriteByte('\n')
	}
	src := filepath.Join(dir, SheetName+".csv")
	must(b, os.WriteFile(src, []byte(csv.String()), 0o644))
	return soffice(b, bin, src, dir)
}

// benchImportChild measures mode on the workbook file against a baseline
// child that loads the same file.
func benchImportChild(b *testing.B, file, mode string, n int) {
	info, err := os.Stat(file)
	must(b, err)
	// The baseline's peak: the lowest of three, the least disturbed.
	var base uint64
	for i := 0; i < 3; i++ {
		if r := runImportChild(b, "baseline", file); base == 0 || r.hwmKiB < base {
			base = r.hwmKiB
		}
	}
	var wall time.Duration
	var peak uint64
	runs := 0
	for b.Loop() {
		r := runImportChild(b, mode, file)
		if r.rows != n || r.invalid != 0 {
			b.Fatalf("%s: %d rows, %d invalid", mode, r.rows, r.invalid)
		}
		wall += r.wall
		peak = max(peak, r.hwmKiB)
		runs++
	}
	mib := func(kib uint64) float64 { return float64(kib) / 1024 }
	importMs := float64(wall.Microseconds()) / 1000 / float64(runs)
	ratio := float64(peak) / float64(base)
	b.ReportMetric(importMs, "import-ms/op")
	b.ReportMetric(mib(peak), "peak-RSS-MiB")
	b.ReportMetric(mib(base), "baseline-RSS-MiB")
	b.ReportMetric(mib(peak)-mib(base), "added-RSS-MiB")
	b.ReportMetric(ratio, "RSS-ratio")
	b.Logf("%d rows (%.1f MiB file), %s: import %.0f ms (mean of %d), peak RSS %.1f MiB (highest) vs. baseline %.1f MiB (file loaded and held): +%.1f MiB, ×%.2f",
		n, float64(info.Size())/(1<<20), mode, importMs, runs, mib(peak), mib(base), mib(peak)-mib(base), ratio)
}
