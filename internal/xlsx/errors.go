package xlsx

import (
	"fmt"
	"strings"

	"cyltrace"

	"github.com/xuri/excelize/v2"
)

// FailedRow is a row refused by the import, for the error workbook.
type FailedRow struct {
	Number   int               // the row number in the imported sheet
	Cylinder cyltrace.Cylinder // what was read from it
	Reasons  []string          // why it was refused, one sentence each
}

// ErrorWorkbook returns the refused rows (下载错误数据) as a workbook with the
// template's columns and a last column 错误原因 (each row's reasons joined
// with "；"). Its sheet is 气瓶信息, so that a unit can correct it and import
// it again: Read ignores the extra column. A value that a spreadsheet would
// take for a formula (starting with = + - @, a tab or a carriage return) is
// written as text behind an apostrophe, against formula injection; Read
// removes that apostrophe again. Rows are streamed to the sheet.
func ErrorWorkbook(rows []FailedRow) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetName); err != nil {
		return nil, fmt.Errorf("error workbook: %w", err)
	}
	styles, err := newStyles(f)
	if err != nil {
		return nil, fmt.Errorf("error workbook: %w", err)
	}
	sw, err := f.NewStreamWriter(SheetName)
	if err != nil {
		return nil, fmt.Errorf("error workbook: %w", err)
	}
	for i, c := range columns {
		if err := sw.SetColWidth(i+1, i+1, width(c)); err != nil {
			return nil, fmt.Errorf("error workbook: %w", err)
		}
	}
	if err := sw.SetColWidth(len(columns)+1, len(columns)+1, 60); err != nil {
		return nil, fmt.Errorf("error workbook: %w", err)
	}
	header := make([]any, 0, len(columns)+1)
	for _, c := range columns {
		header = append(header, excelize.Cell{StyleID: styles.header, Value: c.title})
	}
	header = append(header, excelize.Cell{StyleID: styles.header, Value: reasonTitle})
	if err := sw.SetRow("A1", header); err != nil {
		return nil, fmt.Errorf("error workbook: %w", err)
	}
	for i, r := range rows {
		vals := append(values(&r.Cylinder), strings.Join(r.Reasons, "；"))
		cells := make([]any, len(vals))
		for j, v := range vals {
			cells[j] = excelize.Cell{StyleID: styles.text, Value: neutralise(v)}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return nil, fmt.Errorf("error workbook row %d: %w", r.Number, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, fmt.Errorf("error workbook: %w", err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("error workbook: %w", err)
	}
	return buf.Bytes(), nil
}

// dangerous reports whether a spreadsheet would read v as a formula.
func dangerous(v string) bool {
	return v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0]))
}

// neutralise puts an apostrophe before a value that would be a formula.
func neutralise(v string) string {
	if dangerous(v) {
		return "'" + v
	}
	return v
}
