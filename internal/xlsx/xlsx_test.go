package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cyltrace"

	"github.com/xuri/excelize/v2"
)

var now = time.Date(2025, 6, 1, 10, 0, 0, 0, cyltrace.CST)

// goodRow is a filled row as a unit types it.
func goodRow(n int) []any {
	return []any{
		"重庆某某燃气有限公司", "500103 渝中区", "2320 焊接气瓶", fmt.Sprintf("P%08d", n), "G13 液化石油气",
		"重庆某某气瓶制造有限公司", "2021-08", "2.10", "35.50", "2023-05-20", "2027-05",
		fmt.Sprintf("U%d", n), "在用", "二维码", fmt.Sprintf("https://example.cn/q/%d", n),
	}
}

func header() []any {
	h := make([]any, len(columns))
	for i, c := range columns {
		h[i] = c.title
	}
	return h
}

// mustOpen opens workbook bytes with excelize.
func mustOpen(tb testing.TB, b []byte) *excelize.File {
	tb.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

func mustBytes(tb testing.TB, f *excelize.File) []byte {
	tb.Helper()
	buf, err := f.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func readAll(tb testing.TB, b []byte, maxRows int) ([]Row, error) {
	tb.Helper()
	var rows []Row
	err := Read(bytes.NewReader(b), maxRows, func(r Row) error { rows = append(rows, r); return nil })
	return rows, err
}

func wantCode(t *testing.T, err error, code, inMessage string) {
	t.Helper()
	var e *cyltrace.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("error = %v, want a *cyltrace.Error %s", err, code)
	}
	if !strings.Contains(e.Message, inMessage) {
		t.Fatalf("message %q does not contain %q", e.Message, inMessage)
	}
}

func TestTemplate(t *testing.T) {
	b, err := Template()
	if err != nil {
		t.Fatal(err)
	}
	f := mustOpen(t, b)
	if got := f.GetSheetList(); strings.Join(got, ",") != "气瓶信息,代码表,填写说明" {
		t.Fatalf("sheets = %v", got)
	}
	rows, err := f.GetRows(SheetName)
	if err != nil {
		t.Fatal(err)
	}
	want := "使用单位名称,设备区域,设备品种,产品编号,充装介质,制造单位,制造年月,公称工作压力(MPa),容积(L),最近一次检验日期,下次检验日期,单位内编号,使用状态,信息化管理情况,二维码"
	if got := strings.Join(rows[0], ","); got != want {
		t.Fatalf("header = %s", got)
	}
	dvs, err := f.GetDataValidations(SheetName)
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string]string{}
	for _, dv := range dvs {
		if dv.Type == "list" {
			lists[dv.Sqref[:1]] = dv.Formula1
		}
	}
	for col, ref := range map[string]string{"B": "$A$2:$A$43", "C": "$C$2:$C$4", "E": "$B$2:$B$21", "M": "$D$2:$D$4", "N": "$E$2:$E$3"} {
		if !strings.Contains(lists[col], "代码表") || !strings.Contains(lists[col], ref) {
			t.Errorf("column %s: drop-down %q, want 代码表!%s", col, lists[col], ref)
		}
	}
	if visible, _ := f.GetSheetVisible(codesSheet); visible {
		t.Error("代码表 is visible")
	}
	cols, err := f.GetCols(codesSheet)
	if err != nil {
		t.Fatal(err)
	}
	nonEmpty := func(col []string) int {
		n := 0
		for _, v := range col[1:] {
			if v != "" {
				n++
			}
		}
		return n
	}
	if n := nonEmpty(cols[0]); n != 42 || cols[0][3] != "500103 渝中区" {
		t.Errorf("regions: %d, third %q", n, cols[0][3])
	}
	if n := nonEmpty(cols[1]); n != 20 || cols[1][13] != "G13 液化石油气" {
		t.Errorf("media: %d, G13 %q", n, cols[1][13])
	}
	// Text format on the code and date columns, 0.00 on the numbers.
	for _, cell := range []string{"B2", "D2", "G2", "K2"} {
		id, _ := f.GetCellStyle(SheetName, cell)
		st, _ := f.GetStyle(id)
		if st.NumFmt != 49 {
			t.Errorf("%s: numFmt %d, want 49 (text)", cell, st.NumFmt)
		}
	}
	help, _ := f.GetRows(helpSheet)
	if !strings.Contains(fmt.Sprint(help), "yyyy-mm-dd") {
		t.Error("填写说明 does not explain yyyy-mm-dd")
	}
}

func TestReadFilledTemplate(t *testing.T) {
	b, err := Template()
	if err != nil {
		t.Fatal(err)
	}
	f := mustOpen(t, b)
	for i := 0; i < 2; i++ {
		r := goodRow(i)
		if err := f.SetSheetRow(SheetName, fmt.Sprintf("A%d", i+2), &r); err != nil {
			t.Fatal(err)
		}
	}
	// Row 3: dates typed as Excel dates, numbers as numbers, a code as a number.
	must(t, f.SetCellValue(SheetName, "G3", time.Date(2021, 8, 1, 0, 0, 0, 0, time.UTC)))
	must(t, f.SetCellValue(SheetName, "J3", time.Date(2023, 5, 20, 0, 0, 0, 0, time.UTC)))
	must(t, f.SetCellValue(SheetName, "K3", time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC)))
	must(t, f.SetCellValue(SheetName, "H3", 2.1))
	must(t, f.SetCellValue(SheetName, "I3", 35.5))
	must(t, f.SetCellValue(SheetName, "C3", 2320))
	// Row 4 blank, row 5 with text dates in other spellings and a bad decimal.
	r := goodRow(5)
	r[6], r[9], r[8] = "2021/8", "2023年5月20日", "35.555"
	must(t, f.SetSheetRow(SheetName, "A5", &r))

	rows, err := readAll(t, mustBytes(t, f), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].Number != 2 || rows[1].Number != 3 || rows[2].Number != 5 {
		t.Fatalf("rows = %+v", rows)
	}
	for _, r := range rows[:2] {
		c := r.Cylinder
		if r.Err != nil {
			t.Fatalf("row %d: %v", r.Number, r.Err)
		}
		if err := c.Validate(now); err != nil {
			t.Fatalf("row %d: %v", r.Number, err)
		}
		if c.RegionCode != "500103" || c.VarietyCode != "2320" || c.MediumCode != "G13" || c.Status != "在用" || c.TagType != "二维码" {
			t.Errorf("row %d codes: %+v", r.Number, c)
		}
		if c.ManufactureDate != "2021-08" || c.LastInspectionDate != "2023-05-20" || c.NextInspectionDate != "2027-05" {
			t.Errorf("row %d dates: %q %q %q", r.Number, c.ManufactureDate, c.LastInspectionDate, c.NextInspectionDate)
		}
		if c.NominalPressureMPa.String() != "2.10" || c.VolumeL.String() != "35.50" {
			t.Errorf("row %d numbers: %s %s", r.Number, c.NominalPressureMPa, c.VolumeL)
		}
	}
	c := rows[2].Cylinder
	if c.ManufactureDate != "2021-08" || c.LastInspectionDate != "2023-05-20" {
		t.Errorf("text dates: %q %q", c.ManufactureDate, c.LastInspectionDate)
	}
	err = c.Validate(now)
	var e *cyltrace.Error
	if !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Field != "volumeL" {
		t.Errorf("35.555: %v, want one volumeL error", err)
	}
}

func TestReadCellErrors(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	must(t, f.SetSheetName("Sheet1", SheetName))
	h, r := header(), goodRow(1)
	must(t, f.SetSheetRow(SheetName, "A1", &h))
	must(t, f.SetSheetRow(SheetName, "A2", &r))
	must(t, f.SetCellValue(SheetName, "G2", 99999999)) // a number in a date column that is no date
	must(t, f.SetCellStr(SheetName, "K2", "#N/A"))
	rows, err := readAll(t, mustBytes(t, f), 10)
	if err != nil {
		t.Fatal(err)
	}
	var e *cyltrace.Error
	if !errors.As(rows[0].Err, &e) || len(e.Fields) != 2 || e.Fields[0].Field != "manufactureDate" || e.Fields[1].Field != "nextInspectionDate" {
		t.Fatalf("Err = %v", rows[0].Err)
	}
}

func TestReadRefusals(t *testing.T) {
	tmpl, err := Template()
	if err != nil {
		t.Fatal(err)
	}
	t.Run("wrong header", func(t *testing.T) {
		f := mustOpen(t, tmpl)
		must(t, f.SetCellStr(SheetName, "E1", "介质"))
		_, err := readAll(t, mustBytes(t, f), 10)
		wantCode(t, err, cyltrace.EINVALID, "第 5 列（E 列）表头应为「充装介质」，实为「介质」")
	})
	t.Run("wrong sheet", func(t *testing.T) {
		f := excelize.NewFile()
		defer f.Close()
		h := header()
		must(t, f.SetSheetRow("Sheet1", "A1", &h))
		_, err := readAll(t, mustBytes(t, f), 10)
		wantCode(t, err, cyltrace.EINVALID, "不是本系统的气瓶信息模板")
	})
	t.Run("not xlsx", func(t *testing.T) {
		_, err := readAll(t, []byte("使用单位名称,设备区域\n"), 10)
		wantCode(t, err, cyltrace.EINVALID, "文件不是有效的 Excel(.xlsx) 文件")
	})
	t.Run("xls", func(t *testing.T) {
		_, err := readAll(t, append(append([]byte{}, oleHeader...), make([]byte, 512)...), 10)
		wantCode(t, err, cyltrace.EINVALID, "文件不是有效的 Excel(.xlsx) 文件")
	})
	t.Run("truncated zip", func(t *testing.T) {
		_, err := readAll(t, tmpl[:len(tmpl)/2], 10)
		wantCode(t, err, cyltrace.EINVALID, "文件不是有效的 Excel(.xlsx) 文件")
	})
	t.Run("too many rows", func(t *testing.T) {
		f := mustOpen(t, tmpl)
		for i := 0; i < 4; i++ {
			r := goodRow(i)
			must(t, f.SetSheetRow(SheetName, fmt.Sprintf("A%d", i+2), &r))
		}
		seen := 0
		err := Read(bytes.NewReader(mustBytes(t, f)), 3, func(Row) error { seen++; return nil })
		wantCode(t, err, cyltrace.ETOOLARGE, "3 行")
		if seen != 3 {
			t.Errorf("fn saw %d rows, want 3", seen)
		}
		if _, err := readAll(t, mustBytes(t, f), 4); err != nil {
			t.Errorf("4 rows with maxRows 4: %v", err)
		}
	})
	t.Run("fn error", func(t *testing.T) {
		f := mustOpen(t, tmpl)
		r := goodRow(1)
		must(t, f.SetSheetRow(SheetName, "A2", &r))
		stop := errors.New("stop")
		if err := Read(bytes.NewReader(mustBytes(t, f)), 3, func(Row) error { return stop }); err != stop {
			t.Errorf("err = %v, want fn's", err)
		}
	})
}

// zipBomb returns a workbook whose sheet XML unpacks to size bytes of spaces.
func zipBomb(tb testing.TB, size int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	files := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="气瓶信息" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
	}
	for _, file := range files {
		w, err := zw.Create(file.name)
		must(tb, err)
		_, err = w.Write([]byte(file.body))
		must(tb, err)
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	must(tb, err)
	_, err = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`))
	must(tb, err)
	chunk := bytes.Repeat([]byte{' '}, 1<<20)
	for written := 0; written < size; written += len(chunk) {
		_, err = w.Write(chunk)
		must(tb, err)
	}
	_, err = w.Write([]byte(`</sheetData></worksheet>`))
	must(tb, err)
	must(tb, zw.Close())
	return buf.Bytes()
}

func TestReadZipBomb(t *testing.T) {
	bomb := zipBomb(t, 300<<20)
	t.Logf("zip bomb: %d KiB compressed, 300 MiB sheet XML", len(bomb)>>10)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := readAll(t, bomb, 10)
	runtime.ReadMemStats(&after)
	wantCode(t, err, cyltrace.ETOOLARGE, "200 MiB")
	if d := after.TotalAlloc - before.TotalAlloc; d > 100<<20 {
		t.Errorf("allocated %d MiB while refusing", d>>20)
	} else {
		t.Logf("allocated %d KiB while refusing", d>>10)
	}
}

func TestErrorWorkbook(t *testing.T) {
	bad := cyltrace.Cylinder{
		UseUnitName: "重庆某某燃气有限公司", RegionCode: "500103", VarietyCode: "2320",
		ProductNumber: `=HYPERLINK("http://x")`, MediumCode: "G13", Manufacturer: "@SUM(A1)",
		ManufactureDate: "2021-08", NextInspectionDate: "2019-01", Status: "在用",
		UnitInternalNumber: "-1+2", QRContent: "\tx",
	}
	bad.VolumeL, _ = cyltrace.ParseDecimal("35.5")
	b, err := ErrorWorkbook([]FailedRow{{Number: 7, Cylinder: bad, Reasons: []string{"下次检验日期应晚于制造年月", "公称工作压力不能为空"}}})
	if err != nil {
		t.Fatal(err)
	}
	f := mustOpen(t, b)
	rows, err := f.GetRows(SheetName)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0][15] != "错误原因" || rows[1][15] != "下次检验日期应晚于制造年月；公称工作压力不能为空" {
		t.Fatalf("rows = %q", rows)
	}
	for _, cell := range []string{"D2", "F2", "L2", "O2"} {
		if formula, _ := f.GetCellFormula(SheetName, cell); formula != "" {
			t.Errorf("%s is a formula %q", cell, formula)
		}
		if v, _ := f.GetCellValue(SheetName, cell); !strings.HasPrefix(v, "'") {
			t.Errorf("%s = %q, want a leading apostrophe", cell, v)
		}
	}
	if rows[1][1] != "500103 渝中区" || rows[1][4] != "G13 液化石油气" {
		t.Errorf("codes written as %q %q", rows[1][1], rows[1][4])
	}
	// It imports again as it was.
	got, err := readAll(t, b, 10)
	if err != nil {
		t.Fatal(err)
	}
	c := got[0].Cylinder
	if c.ProductNumber != bad.ProductNumber || c.Manufacturer != bad.Manufacturer || c.UnitInternalNumber != bad.UnitInternalNumber ||
		c.RegionCode != "500103" || c.MediumCode != "G13" || c.VolumeL.String() != "35.50" || c.NextInspectionDate != "2019-01" {
		t.Errorf("round trip: %+v", c)
	}
}

// bigWorkbook writes n data rows with excelize's StreamWriter.
func bigWorkbook(tb testing.TB, n int) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must(tb, f.SetSheetName("Sheet1", SheetName))
	sw, err := f.NewStreamWriter(SheetName)
	must(tb, err)
	must(tb, sw.SetRow("A1", header()))
	for i := 0; i < n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		must(tb, sw.SetRow(cell, goodRow(i)))
	}
	must(tb, sw.Flush())
	return mustBytes(tb, f)
}

func TestRead50000Rows(t *testing.T) {
	if testing.Short() {
		t.Skip("50,000 rows")
	}
	const n = 50000
	b := bigWorkbook(t, n)

	var peak atomic.Uint64
	var wg sync.WaitGroup
	done := make(chan struct{})
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	count, invalid := 0, 0
	err := Read(bytes.NewReader(b), n, func(r Row) error {
		count++
		if r.Err != nil || r.Cylinder.Validate(now) != nil {
			invalid++
		}
		return nil
	})
	elapsed := time.Since(start)
	close(done)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if count != n || invalid != 0 {
		t.Fatalf("read %d rows, %d invalid", count, invalid)
	}
	grew := int64(peak.Load()) - int64(base.HeapInuse)
	t.Logf("50,000 rows: file %.1f MiB, read and validated in %v, HeapInuse before %.1f MiB, peak %.1f MiB (+%.1f MiB)",
		float64(len(b))/(1<<20), elapsed.Round(time.Millisecond), float64(base.HeapInuse)/(1<<20),
		float64(peak.Load())/(1<<20), float64(grew)/(1<<20))
	if grew > 200<<20 {
		t.Errorf("heap grew by %d MiB", grew>>20)
	}
}

func BenchmarkRead50000(b *testing.B) {
	data := bigWorkbook(b, 50000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if err := Read(bytes.NewReader(data), 50000, func(Row) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
