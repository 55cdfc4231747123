package xlsx

import (
	"fmt"
	"strings"

	"cyltrace"
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
	return registration.errorWorkbook(len(rows), func(i int) (*cyltrace.Cylinder, []string) {
		return &rows[i].Cylinder, rows[i].Reasons
	})
}

// errorWorkbook writes n refused rows of the workbook of s, row(i) giving
// the i-th record and its reasons: the template's columns and 错误原因.
func (s *schema[T]) errorWorkbook(n int, row func(i int) (*T, []string)) ([]byte, error) {
	header := make([]string, 0, len(s.columns)+1)
	widths := make([]float64, 0, len(s.columns)+1)
	for _, c := range s.columns {
		header = append(header, c.title)
		widths = append(widths, width(c))
	}
	header = append(header, reasonTitle)
	widths = append(widths, 60)
	b, err := textSheet(s.sheet, header, widths, n, func(i int) []string {
		rec, reasons := row(i)
		return append(s.values(rec), strings.Join(reasons, "；"))
	})
	if err != nil {
		return nil, fmt.Errorf("error workbook: %w", err)
	}
	return b, nil
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
