package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"cyltrace"

	"github.com/xuri/excelize/v2"
)

// goodFactoryRow is a filled row of the factory workbook as a maker types it.
func goodFactoryRow(n int) []any {
	return []any{
		fmt.Sprintf("SRC-%d", n), fmt.Sprintf("P%08d", n), fmt.Sprintf("01221%07d", n), "2320 焊接气瓶", "G13 液化石油气",
		"2021-08", "2.10", "35.50", fmt.Sprintf("TS2021-%04d", n),
		fmt.Sprintf("https://example.cn/q/%d", n), fmt.Sprintf("https://maker.example.cn/t/%d", n),
	}
}

func factoryHeader() []any {
	h := make([]any, len(factoryColumns))
	for i, c := range factoryColumns {
		h[i] = c.title
	}
	return h
}

func readFactoryAll(tb testing.TB, b []byte, maxRows int) ([]FactoryRow, error) {
	tb.Helper()
	var rows []FactoryRow
	err := ReadFactory(bytes.NewReader(b), maxRows, func(r FactoryRow) error { rows = append(rows, r); return nil })
	return rows, err
}

// factoryWorkbook fills the factory template with n good rows from row 2,
// then sets the cells given (a time.Time as a date cell, a number as a
// number cell, a string as text).
func factoryWorkbook(tb testing.TB, n int, cells map[string]any) []byte {
	tb.Helper()
	f := mustOpen(tb, mustFactoryTemplate(tb))
	for i := range n {
		r := goodFactoryRow(i + 1)
		must(tb, f.SetSheetRow(FactorySheetName, fmt.Sprintf("A%d", i+2), &r))
	}
	for cell, v := range cells {
		must(tb, f.SetCellValue(FactorySheetName, cell, v))
	}
	return mustBytes(tb, f)
}

func mustFactoryTemplate(tb testing.TB) []byte {
	tb.Helper()
	b, err := FactoryTemplate()
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestFactoryTemplate(t *testing.T) {
	f := mustOpen(t, mustFactoryTemplate(t))
	if got := f.GetSheetList(); strings.Join(got, ",") != "出厂信息,代码表,填写说明" {
		t.Fatalf("sheets = %v", got)
	}
	rows, err := f.GetRows(FactorySheetName)
	if err != nil {
		t.Fatal(err)
	}
	want := "来源记录ID,产品编号,镂空码,设备品种,充装介质,制造年月,公称工作压力(MPa),容积(L),监检证书编号,永久性标识二维码,追溯网址"
	if len(rows) != 1 || strings.Join(rows[0], ",") != want {
		t.Fatalf("rows = %q, want the header %s", rows, want)
	}

	// Drop-downs on 设备品种 (D) and 充装介质 (E) from 代码表, over the
	// template's rows; input hints on the month and numbers.
	dvs, err := f.GetDataValidations(FactorySheetName)
	if err != nil {
		t.Fatal(err)
	}
	lists, hints := map[string]*excelize.DataValidation{}, map[string]bool{}
	for _, dv := range dvs {
		if dv.Type == "list" {
			lists[dv.Sqref[:1]] = dv
		} else if dv.ShowInputMessage {
			hints[dv.Sqref[:1]] = true
		}
	}
	for col, ref := range map[string]string{"D": "$A$2:$A$4", "E": "$B$2:$B$21"} {
		dv := lists[col]
		if dv == nil {
			t.Errorf("column %s: no drop-down", col)
			continue
		}
		if !strings.Contains(dv.Formula1, "代码表") || !strings.Contains(dv.Formula1, ref) {
			t.Errorf("column %s: drop-down %q, want 代码表!%s", col, dv.Formula1, ref)
		}
		if wantSqref := fmt.Sprintf("%s2:%s%d", col, col, TemplateRows+1); dv.Sqref != wantSqref {
			t.Errorf("column %s: drop-down over %s, want %s", col, dv.Sqref, wantSqref)
		}
	}
	if len(lists) != 2 {
		t.Errorf("drop-downs on %d columns, want 2 (D, E)", len(lists))
	}
	for _, col := range []string{"F", "G", "H"} {
		if !hints[col] {
			t.Errorf("column %s: no input hint", col)
		}
	}

	// 代码表: hidden, 设备品种 in A and 充装介质 in B.
	if visible, _ := f.GetSheetVisible(codesSheet); visible {
		t.Error("代码表 is visible")
	}
	cols, err := f.GetCols(codesSheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(cols) != 2 || cols[0][0] != "设备品种" || cols[0][2] != "2320 焊接气瓶" || cols[1][0] != "充装介质" || cols[1][13] != "G13 液化石油气" {
		t.Errorf("代码表 = %q", cols)
	}

	// Text format on 镂空码 and the other text, code and month columns; 0.00 on the numbers.
	for cell, fmtID := range map[string]int{"A2": 49, "B2": 49, "C2": 49, "C50001": 49, "D2": 49, "F2": 49, "G2": 2, "H2": 2, "K2": 49} {
		id, err := f.GetCellStyle(FactorySheetName, cell)
		must(t, err)
		st, err := f.GetStyle(id)
		must(t, err)
		if st.NumFmt != fmtID {
			t.Errorf("%s: numFmt %d, want %d", cell, st.NumFmt, fmtID)
		}
	}

	help, err := f.GetRows(helpSheet)
	must(t, err)
	text := fmt.Sprint(help)
	for _, s := range []string{"出厂信息导入模板填写说明", "来源记录ID", "不会重复登记", "yyyy-mm", "012210000001", "开头的 0"} {
		if !strings.Contains(text, s) {
			t.Errorf("填写说明 does not say %q", s)
		}
	}
	// Every column is explained, with whether it is required.
	explained := map[string]string{}
	for _, r := range help {
		if len(r) >= 2 {
			explained[r[0]] = r[1]
		}
	}
	for _, c := range factoryColumns {
		if explained[c.title] != c.required {
			t.Errorf("填写说明: %s required %q, want %q", c.title, explained[c.title], c.required)
		}
	}
}

func TestReadFactoryFilledTemplate(t *testing.T) {
	// Row 3: the month typed as a date cell, the numbers as numbers, a
	// variety code as a number.
	cells := map[string]any{"F3": time.Date(2021, 8, 1, 0, 0, 0, 0, time.UTC), "G3": 2.1, "H3": 35.5, "D3": 2320}
	// Row 4 blank; row 5: the month typed as text in another spelling, no
	// optional column, a code without its name, cells with spaces around.
	row5 := goodFactoryRow(5)
	row5[2], row5[9], row5[10] = "", "", ""
	row5[5], row5[4], row5[0] = "2021/8", "g13", "  SRC-5 "
	for i, v := range row5 {
		cells[colName(i)+"5"] = v
	}
	rows, err := readFactoryAll(t, factoryWorkbook(t, 2, cells), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].Number != 2 || rows[1].Number != 3 || rows[2].Number != 5 {
		t.Fatalf("rows = %+v", rows)
	}
	for i, r := range rows {
		rec := r.Record
		if r.Err != nil {
			t.Fatalf("row %d: %v", r.Number, r.Err)
		}
		if err := rec.Validate(now); err != nil {
			t.Fatalf("row %d: %v", r.Number, err)
		}
		n := []int{1, 2, 5}[i]
		if rec.SourceID != fmt.Sprintf("SRC-%d", n) || rec.ProductNumber != fmt.Sprintf("P%08d", n) || rec.SupervisionCertNo != fmt.Sprintf("TS2021-%04d", n) {
			t.Errorf("row %d text: %+v", r.Number, rec)
		}
		if rec.VarietyCode != "2320" || rec.MediumCode != "G13" || rec.ManufactureDate != "2021-08" {
			t.Errorf("row %d codes and month: %q %q %q", r.Number, rec.VarietyCode, rec.MediumCode, rec.ManufactureDate)
		}
		if rec.NominalPressureMPa.String() != "2.10" || rec.VolumeL.String() != "35.50" {
			t.Errorf("row %d numbers: %s %s", r.Number, rec.NominalPressureMPa, rec.VolumeL)
		}
	}
	if got := rows[0].Record; got.TraceCode != "012210000001" || got.QRContent != "https://example.cn/q/1" || got.TraceURL != "https://maker.example.cn/t/1" {
		t.Errorf("optional columns: %q %q %q", got.TraceCode, got.QRContent, got.TraceURL)
	}
	if got := rows[2].Record; got.TraceCode != "" || got.QRContent != "" || got.TraceURL != "" {
		t.Errorf("empty optional columns: %q %q %q", got.TraceCode, got.QRContent, got.TraceURL)
	}
}

// TestReadFactoryMonth: 制造年月 reads as yyyy-mm whether the cell is an
// Excel date or text.
func TestReadFactoryMonth(t *testing.T) {
	months := []any{
		time.Date(2021, 8, 1, 0, 0, 0, 0, time.UTC),  // a date cell, first of the month
		time.Date(2021, 8, 15, 0, 0, 0, 0, time.UTC), // a date cell within the month
		"2021-08", "2021-8", "2021/08", "2021年8月", "2021-08-15",
	}
	cells := map[string]any{}
	for i, v := range months {
		cells[fmt.Sprintf("F%d", i+2)] = v
	}
	b := factoryWorkbook(t, len(months), cells)
	if typ, _ := mustOpen(t, b).GetCellType(FactorySheetName, "F2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Fatalf("F2 is a text cell (%v), want a date", typ)
	}
	rows, err := readFactoryAll(t, b, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(months) {
		t.Fatalf("%d rows, want %d", len(rows), len(months))
	}
	for i, r := range rows {
		if r.Err != nil || r.Record.ManufactureDate != "2021-08" {
			t.Errorf("制造年月 %v read as %q (%v), want 2021-08", months[i], r.Record.ManufactureDate, r.Err)
		}
		if err := r.Record.Validate(now); err != nil {
			t.Errorf("row %d: %v", r.Number, err)
		}
	}
}

// TestReadFactoryTraceCode: a 镂空码 keeps its leading zero in the template's
// text column, and one typed as a number keeps all its digits.
func TestReadFactoryTraceCode(t *testing.T) {
	// C3 typed into a cell formatted as a number.
	rows, err := readFactoryAll(t, factoryWorkbook(t, 2, map[string]any{"C2": "012210000001", "C3": 122210000002}), 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := rows[0].Record.TraceCode; got != "012210000001" {
		t.Errorf("镂空码 = %q, want 012210000001", got)
	}
	if got := rows[1].Record.TraceCode; got != "122210000002" {
		t.Errorf("numeric 镂空码 = %q, want 122210000002", got)
	}
	if err := rows[0].Record.Validate(now); err != nil {
		t.Errorf("row 2: %v", err)
	}
	// A number stored in exponent form is written with all its digits.
	if got := plainNumber("1.22210000002E+11"); got != "122210000002" {
		t.Errorf("plainNumber = %q", got)
	}
}

// TestReadFactoryTooManyDecimals: 35.555 is kept for Validate to refuse, as
// text and as a number cell, not rounded to the displayed 35.56.
func TestReadFactoryTooManyDecimals(t *testing.T) {
	rows, err := readFactoryAll(t, factoryWorkbook(t, 2, map[string]any{"H2": "35.555", "H3": 35.555}), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, r := range rows {
		if got := r.Record.VolumeL.String(); got != "35.555" {
			t.Errorf("row %d: volume %q, want 35.555 as written", r.Number, got)
		}
		err := r.Record.Validate(now)
		var e *cyltrace.Error
		if !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Field != "volumeL" || !strings.Contains(e.Fields[0].Message, "2位小数") {
			t.Errorf("row %d: %v, want one volumeL error about the decimals", r.Number, err)
		}
	}
}

func TestReadFactoryCellErrors(t *testing.T) {
	// F2: a number that is no date; I2: an error value.
	rows, err := readFactoryAll(t, factoryWorkbook(t, 1, map[string]any{"F2": 99999999, "I2": "#REF!"}), 10)
	if err != nil {
		t.Fatal(err)
	}
	var e *cyltrace.Error
	if !errors.As(rows[0].Err, &e) || len(e.Fields) != 2 || e.Fields[0].Field != "manufactureDate" || e.Fields[1].Field != "supervisionCertNo" {
		t.Fatalf("Err = %v", rows[0].Err)
	}
}

func TestReadFactoryRefusals(t *testing.T) {
	tmpl := mustFactoryTemplate(t)
	t.Run("registration template", func(t *testing.T) {
		reg, err := Template()
		must(t, err)
		_, err = readFactoryAll(t, reg, 10)
		wantCode(t, err, cyltrace.EINVALID, "不是本系统的出厂信息模板：缺少工作表「出厂信息」")
		// and the other way round
		_, err = readAll(t, tmpl, 10)
		wantCode(t, err, cyltrace.EINVALID, "不是本系统的气瓶信息模板：缺少工作表「气瓶信息」")
	})
	t.Run("wrong sheet", func(t *testing.T) {
		f := excelize.NewFile()
		defer f.Close()
		h := factoryHeader()
		must(t, f.SetSheetRow("Sheet1", "A1", &h))
		_, err := readFactoryAll(t, mustBytes(t, f), 10)
		wantCode(t, err, cyltrace.EINVALID, "缺少工作表「出厂信息」")
	})
	t.Run("wrong header", func(t *testing.T) {
		f := mustOpen(t, tmpl)
		must(t, f.SetCellStr(FactorySheetName, "C1", "追溯码"))
		_, err := readFactoryAll(t, mustBytes(t, f), 10)
		wantCode(t, err, cyltrace.EINVALID, "第 3 列（C 列）表头应为「镂空码」，实为「追溯码」")
	})
	t.Run("no header", func(t *testing.T) {
		f := excelize.NewFile()
		defer f.Close()
		must(t, f.SetSheetName("Sheet1", FactorySheetName))
		_, err := readFactoryAll(t, mustBytes(t, f), 10)
		wantCode(t, err, cyltrace.EINVALID, "第 1 行没有表头")
	})
	t.Run("corrupt", func(t *testing.T) {
		_, err := readFactoryAll(t, tmpl[:len(tmpl)/2], 10)
		wantCode(t, err, cyltrace.EINVALID, "文件不是有效的 Excel(.xlsx) 文件")
		_, err = readFactoryAll(t, []byte("来源记录ID,产品编号\n"), 10)
		wantCode(t, err, cyltrace.EINVALID, "文件不是有效的 Excel(.xlsx) 文件")
	})
	t.Run("xls", func(t *testing.T) {
		_, err := readFactoryAll(t, append(append([]byte{}, oleHeader...), make([]byte, 512)...), 10)
		wantCode(t, err, cyltrace.EINVALID, "旧版 .xls")
	})
	t.Run("file too large", func(t *testing.T) {
		_, err := readFactoryAll(t, make([]byte, MaxFileBytes+1), 10)
		wantCode(t, err, cyltrace.ETOOLARGE, "文件超过 64 MiB")
	})
	t.Run("zip bomb", func(t *testing.T) {
		_, err := readFactoryAll(t, zipBomb(t, 201<<20), 10)
		wantCode(t, err, cyltrace.ETOOLARGE, "文件解压后超过 200 MiB，不是正常的出厂信息表")
	})
	t.Run("too many rows", func(t *testing.T) {
		b := factoryWorkbook(t, 4, nil)
		seen := 0
		err := ReadFactory(bytes.NewReader(b), 3, func(FactoryRow) error { seen++; return nil })
		wantCode(t, err, cyltrace.ETOOLARGE, "数据超过 3 行的上限，请分批导入")
		if seen != 3 {
			t.Errorf("fn saw %d rows, want 3", seen)
		}
		if rows, err := readFactoryAll(t, b, 4); err != nil || len(rows) != 4 {
			t.Errorf("4 rows with maxRows 4: %d, %v", len(rows), err)
		}
	})
	t.Run("fn error", func(t *testing.T) {
		stop := errors.New("stop")
		if err := ReadFactory(bytes.NewReader(factoryWorkbook(t, 1, nil)), 3, func(FactoryRow) error { return stop }); err != stop {
			t.Errorf("err = %v, want fn's", err)
		}
	})
}

func TestFactoryErrorWorkbook(t *testing.T) {
	bad := cyltrace.FactoryRecord{
		SourceID: "=cmd()", ProductNumber: `=HYPERLINK("http://x")`, TraceCode: "012210000001",
		VarietyCode: "2320", MediumCode: "G13", ManufactureDate: "2021-08",
		SupervisionCertNo: "@SUM(A1)", QRContent: "-1+2", TraceURL: "\tx",
	}
	bad.NominalPressureMPa, _ = cyltrace.ParseDecimal("2.1")
	bad.VolumeL, _ = cyltrace.ParseDecimal("35.555") // invalid: kept as written
	other := cyltrace.FactoryRecord{SourceID: "SRC-2", ProductNumber: "P2", VarietyCode: "9999", MediumCode: "G13", ManufactureDate: "2030-01"}
	b, err := FactoryErrorWorkbook([]FactoryFailedRow{
		{Number: 7, Record: bad, Reasons: []string{"来源记录ID只能包含英文字母、数字和英文符号", "容积最多2位小数"}},
		{Number: 9, Record: other, Reasons: []string{"设备品种代码不正确"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	f := mustOpen(t, b)
	if got := f.GetSheetList(); len(got) != 1 || got[0] != FactorySheetName {
		t.Fatalf("sheets = %v", got)
	}
	rows, err := f.GetRows(FactorySheetName)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || len(rows[0]) != len(factoryColumns)+1 || rows[0][11] != "错误原因" ||
		rows[1][11] != "来源记录ID只能包含英文字母、数字和英文符号；容积最多2位小数" || rows[2][11] != "设备品种代码不正确" {
		t.Fatalf("rows = %q", rows)
	}
	for _, cell := range []string{"A2", "B2", "I2", "J2", "K2"} {
		if formula, _ := f.GetCellFormula(FactorySheetName, cell); formula != "" {
			t.Errorf("%s is a formula %q", cell, formula)
		}
		if v, _ := f.GetCellValue(FactorySheetName, cell); !strings.HasPrefix(v, "'") {
			t.Errorf("%s = %q, want a leading apostrophe", cell, v)
		}
	}
	if rows[1][0] != "'=cmd()" {
		t.Errorf("A2 = %q, want '=cmd()", rows[1][0])
	}
	if rows[1][2] != "012210000001" || rows[1][3] != "2320 焊接气瓶" || rows[1][4] != "G13 液化石油气" || rows[1][7] != "35.555" || rows[2][3] != "9999" {
		t.Errorf("cells written as %q", rows[1:])
	}

	// It imports again as it was.
	got, err := readFactoryAll(t, b, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Number != 2 || got[1].Number != 3 {
		t.Fatalf("read back %+v", got)
	}
	for i, want := range []cyltrace.FactoryRecord{bad, other} {
		if got[i].Err != nil || got[i].Record != want {
			t.Errorf("round trip row %d:\n got %+v (%v)\nwant %+v", i+1, got[i].Record, got[i].Err, want)
		}
	}
}

// TestSchemaFields: each schema's fields match its columns one to one, a
// decimal column with a *cyltrace.Decimal, every other with a *string.
func TestSchemaFields(t *testing.T) {
	check := func(name string, cols []column, fields []any) {
		if len(fields) != len(cols) {
			t.Fatalf("%s: %d fields for %d columns", name, len(fields), len(cols))
		}
		for i, c := range cols {
			_, isDecimal := fields[i].(*cyltrace.Decimal)
			_, isString := fields[i].(*string)
			if isDecimal != (c.kind == kindDecimal) || isDecimal == isString {
				t.Errorf("%s: column %s has a field %T", name, c.title, fields[i])
			}
		}
	}
	check(SheetName, registration.columns, registration.fields(&cyltrace.Cylinder{}))
	check(FactorySheetName, factory.columns, factory.fields(&cyltrace.FactoryRecord{}))
	// Distinct fields: no column writes over another's.
	rec := &cyltrace.FactoryRecord{}
	for i, f := range factory.fields(rec) {
		set(f, fmt.Sprint(i+1))
	}
	if got := strings.Join(factory.values(rec), ","); got != "1,2,3,4,5,6,7.00,8.00,9,10,11" {
		t.Errorf("factory values = %s", got)
	}
}
