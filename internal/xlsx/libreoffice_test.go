//go:build unix

package xlsx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"cyltrace"

	"github.com/xuri/excelize/v2"
)

// libreOfficeCSVFilter returns the options of LibreOffice's CSV import filter
// used to turn the test's CSV into a workbook as a person typing into Calc
// would get it:
//
//	44        field separator ','
//	34        text delimiter '"'
//	76        character set UTF-8
//	1         import from line 1
//	D/2       column format: 产品编号 (column D) is Text, the rest Standard
//	1033      language en-US: '.' is the decimal separator
//	true      a quoted field is text ("2021-08" stays the text 2021-08)
//	true      detect special numbers: an unquoted 2021-08-15 becomes a date cell
func libreOfficeCSVFilter() string {
	product := 0
	for i, c := range columns {
		if c.field == "productNumber" {
			product = i + 1
		}
	}
	return fmt.Sprintf("CSV:44,34,76,1,%d/2,1033,true,true", product)
}

// quoted is a CSV field in quotes: with the filter above, a text cell.
func quoted(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// soffice converts src (a .csv) into an .xlsx in outDir with LibreOffice,
// with a fresh user profile and a 120 s limit, and returns the new file.
func soffice(t testing.TB, bin, src, outDir string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	profile := "file://" + filepath.Join(t.TempDir(), "lo")
	cmd := exec.CommandContext(ctx, bin,
		"--headless", "--norestore", "-env:UserInstallation="+profile,
		"--convert-to", "xlsx:Calc MS Excel 2007 XML",
		"--infilter="+libreOfficeCSVFilter(),
		"--outdir", outDir, src)
	// soffice is a script that starts oosplash, which starts soffice.bin:
	// on a timeout the whole process group goes, not only the script.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("soffice timed out after %v: %s", time.Since(start).Round(time.Second), out)
	}
	if err != nil {
		t.Fatalf("soffice: %v: %s", err, out)
	}
	dst := filepath.Join(outDir, strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))+".xlsx")
	if _, err := os.Stat(dst); err != nil {
		t.Fatalf("soffice wrote no %s (%v): %s", filepath.Base(dst), err, out)
	}
	t.Logf("soffice converted %s in %v", filepath.Base(src), time.Since(start).Round(time.Millisecond))
	return dst
}

// TestReadLibreOfficeWorkbook reads a workbook written by a real spreadsheet
// program, not by excelize: LibreOffice Calc converts a CSV in which some
// cells are typed as dates and numbers and others as text.
func TestReadLibreOfficeWorkbook(t *testing.T) {
	bin, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) not installed: apt-get install libreoffice-calc-nogui")
	}
	const (
		unit  = "重庆两江·燃气（集团）有限公司"
		maker = "四川某某特种设备制造有限责任公司"
	)
	titles := make([]string, len(columns))
	for i, c := range columns {
		titles[i] = quoted(c.title)
	}
	lines := []string{strings.Join(titles, ",")}
	row := func(fields ...string) {
		if len(fields) != len(columns) {
			t.Fatalf("row of %d fields, want %d", len(fields), len(columns))
		}
		lines = append(lines, strings.Join(fields, ","))
	}
	// Row 2: dates and numbers typed as such (unquoted); the product number
	// 0012345 kept as text by the column's Text format.
	row(unit, "500103 渝中区", "2320 焊接气瓶", "0012345", "G13 液化石油气", maker,
		"2021-08-15", "2.10", "35.5", "2023-05-20", "2027-05-01", "U1", "在用", "二维码", "https://example.cn/q/1")
	// Row 3: every date as text, in the spellings a unit types; numbers as text.
	row(quoted(unit), "500103 渝中区", "2310 无缝气瓶", quoted("0012346"), "G13 液化石油气", quoted(maker),
		quoted("2021-08"), quoted("2.10"), quoted("35.50"), quoted("2023/5/20"), quoted("2027年5月"), "U2", "在用", "二维码", "https://example.cn/q/2")
	// Row 4: a full date as text in the month column 制造年月.
	row(unit, "500112 渝北区", "2320 焊接气瓶", "0012347", "G13 液化石油气", maker,
		quoted("2021-08-15"), "2.10", "35.5", quoted("2023-05-20"), quoted("2027-05-01"), "U3", "在用", "", "")
	// Row 5: a volume with three decimals, typed as a number.
	row(unit, "500103 渝中区", "2320 焊接气瓶", "0012348", "G13 液化石油气", maker,
		"2021-08-15", "2.10", "35.555", "2023-05-20", "2027-05-01", "U4", "在用", "二维码", "https://example.cn/q/4")

	dir := t.TempDir()
	src := filepath.Join(dir, SheetName+".csv") // the converted sheet is named after the file
	must(t, os.WriteFile(src, []byte(strings.Join(lines, "\n")+"\n"), 0o644))
	dst := soffice(t, bin, src, filepath.Join(dir, "out"))
	b, err := os.ReadFile(dst)
	must(t, err)

	// What LibreOffice wrote: the cells are typed as intended, or the test
	// below would not test what it says.
	f := mustOpen(t, b)
	if got := f.GetSheetList(); len(got) != 1 || got[0] != SheetName {
		t.Fatalf("sheets = %q, want [%s]", got, SheetName)
	}
	raw := func(cell string) string {
		v, err := f.GetCellValue(SheetName, cell, excelize.Options{RawCellValue: true})
		must(t, err)
		return v
	}
	isNumber := func(s string) bool { _, err := strconv.ParseFloat(s, 64); return err == nil }
	for _, cell := range []string{"G2", "J2", "K2", "H2", "I2", "I5"} {
		if v := raw(cell); !isNumber(v) {
			t.Errorf("%s = %q as written by LibreOffice, want a number (a date serial or a decimal)", cell, v)
		}
	}
	for cell, want := range map[string]string{"G3": "2021-08", "J3": "2023/5/20", "K3": "2027年5月", "G4": "2021-08-15", "D2": "0012345", "I3": "35.50"} {
		if v := raw(cell); v != want {
			t.Errorf("%s = %q as written by LibreOffice, want the text %q", cell, v, want)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	rows, err := readAll(t, b, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("read %d rows, want 4: %+v", len(rows), rows)
	}
	for i, r := range rows {
		if r.Number != i+2 {
			t.Errorf("row %d numbered %d", i+2, r.Number)
		}
		if r.Err != nil {
			t.Errorf("row %d: read error %v", r.Number, r.Err)
		}
		c := r.Cylinder
		if c.UseUnitName != unit || c.Manufacturer != maker {
			t.Errorf("row %d: 使用单位名称 %q, 制造单位 %q, want %q, %q", r.Number, c.UseUnitName, c.Manufacturer, unit, maker)
		}
		if c.ManufactureDate != "2021-08" || c.LastInspectionDate != "2023-05-20" || c.NextInspectionDate != "2027-05" {
			t.Errorf("row %d dates: 制造年月 %q, 最近一次检验日期 %q, 下次检验日期 %q; want 2021-08, 2023-05-20, 2027-05",
				r.Number, c.ManufactureDate, c.LastInspectionDate, c.NextInspectionDate)
		}
		if want := fmt.Sprintf("001234%d", 5+i); c.ProductNumber != want {
			t.Errorf("row %d: 产品编号 %q, want %q", r.Number, c.ProductNumber, want)
		}
		if c.NominalPressureMPa.String() != "2.10" {
			t.Errorf("row %d: 公称工作压力 %s, want 2.10", r.Number, c.NominalPressureMPa)
		}
		if i < 3 {
			if c.VolumeL.String() != "35.50" {
				t.Errorf("row %d: 容积 %s, want 35.50", r.Number, c.VolumeL)
			}
			if err := c.Validate(now); err != nil {
				t.Errorf("row %d does not validate: %v", r.Number, err)
			}
		}
	}
	if c := rows[1].Cylinder; c.VarietyCode != "2310" || c.RegionCode != "500103" || c.MediumCode != "G13" {
		t.Errorf("row 3 codes: %q %q %q", c.VarietyCode, c.RegionCode, c.MediumCode)
	}
	if c := rows[2].Cylinder; c.RegionCode != "500112" || c.TagType != "" || c.QRContent != "" {
		t.Errorf("row 4: region %q, tag %q, QR %q", c.RegionCode, c.TagType, c.QRContent)
	}

	// 35.555 is not rounded to 35.56 (as Calc displays it with two decimals)
	// but kept, and Validate reports it as having too many decimals.
	c := rows[3].Cylinder
	if c.VolumeL.Valid() || c.VolumeL.Raw() != "35.555" {
		t.Errorf("row 5: 容积 read as %q (valid %v), want the invalid 35.555", c.VolumeL.String(), c.VolumeL.Valid())
	}
	err = c.Validate(now)
	var e *cyltrace.Error
	if !errors.As(err, &e) || len(e.Fields) != 1 {
		t.Fatalf("row 5: Validate = %v, want one error on volumeL", err)
	}
	if fe := e.Fields[0]; fe.Field != "volumeL" || fe.Rule != cyltrace.RuleFormat ||
		!strings.Contains(fe.Message, "2位小数") || !strings.Contains(fe.Message, "35.555") {
		t.Errorf("row 5: %+v, want volumeL %s naming 35.555 and 2位小数", fe, cyltrace.RuleFormat)
	}

	// The same workbook round-trips through Read twice alike (no state).
	again, err := readAll(t, bytes.Clone(b), 10)
	if err != nil || len(again) != len(rows) {
		t.Fatalf("second read: %d rows, %v", len(again), err)
	}
}
