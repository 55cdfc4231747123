package xlsx

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// MaxTableRows bounds an exported table: an export is of the filtered rows
// a bureau looks at, not a dump of the database.
const MaxTableRows = 100_000

// Table writes one sheet named sheet with a header row and rows of text, as
// the supervision views export them (导出). Every cell is text; a value a
// spreadsheet would take for a formula is neutralised with an apostrophe
// (no formula injection through a unit's name). Rows are streamed.
func Table(sheet string, header []string, rows [][]string) ([]byte, error) {
	if len(rows) > MaxTableRows {
		return nil, fmt.Errorf("export: %d rows, more than %d", len(rows), MaxTableRows)
	}
	widths := make([]float64, len(header))
	for i, h := range header {
		widths[i] = max(10, float64(len([]rune(h)))*2.2)
	}
	b, err := textSheet(sheet, header, widths, len(rows), func(i int) []string { return rows[i] })
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return b, nil
}

// textSheet writes a workbook of one sheet: a header row, then n rows of
// text cells, row(i) giving the i-th, streamed; widths gives the columns'
// widths. A value a spreadsheet would take for a formula is neutralised.
func textSheet(sheet string, header []string, widths []float64, n int, row func(i int) []string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	styles, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = excelize.Cell{StyleID: styles.header, Value: h}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return nil, err
	}
	for r := range n {
		vals := row(r)
		cells := make([]any, len(vals))
		for i, v := range vals {
			cells[i] = excelize.Cell{StyleID: styles.text, Value: neutralise(v)}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return nil, fmt.Errorf("sheet row %d: %w", r+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
