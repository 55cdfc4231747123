package xlsx

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Template returns the registration workbook a unit downloads (下载模板): the
// sheet 气瓶信息 with the header row of the source's field names, text format
// on the code, date and number columns so that Excel keeps 2021-08 as typed,
// drop-down lists on every coded column (taken from the hidden sheet 代码表),
// input hints with the formats, and the sheet 填写说明 explaining each column.
func Template() ([]byte, error) { return registration.template() }

// template returns the template of the workbook of s.
func (s *schema[T]) template() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := s.buildTemplate(f); err != nil {
		return nil, fmt.Errorf("build template: %w", err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("write template: %w", err)
	}
	return buf.Bytes(), nil
}

func (s *schema[T]) buildTemplate(f *excelize.File) error {
	if err := f.SetSheetName("Sheet1", s.sheet); err != nil {
		return err
	}
	styles, err := newStyles(f)
	if err != nil {
		return err
	}
	last := colName(len(s.columns) - 1)
	// Column formats first: a data cell takes its column's style.
	for i, c := range s.columns {
		col := colName(i)
		style := styles.text
		if c.kind == kindDecimal {
			style = styles.decimal
		}
		if err := f.SetColStyle(s.sheet, col, style); err != nil {
			return err
		}
		if err := f.SetColWidth(s.sheet, col, col, width(c)); err != nil {
			return err
		}
	}
	for i, c := range s.columns {
		cell := colName(i) + "1"
		if err := f.SetCellStr(s.sheet, cell, c.title); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(s.sheet, "A1", last+"1", styles.header); err != nil {
		return err
	}
	if err := f.SetPanes(s.sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := s.codeSheet(f); err != nil {
		return err
	}
	if err := s.validations(f); err != nil {
		return err
	}
	return s.helpSheetFill(f, styles)
}

type styleIDs struct{ header, text, decimal, wrap int }

func newStyles(f *excelize.File) (styleIDs, error) {
	var s styleIDs
	var err error
	text := "@"
	if s.header, err = f.NewStyle(&excelize.Style{
		Font:         &excelize.Font{Bold: true},
		Fill:         excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment:    &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		CustomNumFmt: &text,
	}); err != nil {
		return s, err
	}
	if s.text, err = f.NewStyle(&excelize.Style{NumFmt: 49}); err != nil { // 49 is "@", text
		return s, err
	}
	if s.decimal, err = f.NewStyle(&excelize.Style{NumFmt: 2}); err != nil { // 2 is "0.00"
		return s, err
	}
	s.wrap, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	return s, err
}

func width(c column) float64 {
	switch c.kind {
	case kindCode:
		return 20
	case kindMonth, kindDate, kindDecimal, kindChoice:
		return 16
	}
	switch c.field {
	case "qrContent", "traceUrl":
		return 40
	}
	return 24
}

// codeSheet writes the hidden sheet 代码表: one list per column under a title.
func (s *schema[T]) codeSheet(f *excelize.File) error {
	if _, err := f.NewSheet(codesSheet); err != nil {
		return err
	}
	titles, lists := s.codes()
	for j, list := range lists {
		col := colName(j)
		if err := f.SetCellStr(codesSheet, col+"1", titles[j]); err != nil {
			return err
		}
		for i, v := range list {
			if err := f.SetCellStr(codesSheet, fmt.Sprintf("%s%d", col, i+2), v); err != nil {
				return err
			}
		}
		if err := f.SetColWidth(codesSheet, col, col, 28); err != nil {
			return err
		}
	}
	return f.SetSheetVisible(codesSheet, false)
}

// validations adds the drop-down lists of the coded columns and the format
// hints of the date and number columns, over the data rows 2 … TemplateRows+1.
func (s *schema[T]) validations(f *excelize.File) error {
	_, lists := s.codes()
	lastRow := TemplateRows + 1
	for i, c := range s.columns {
		col := colName(i)
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s2:%s%d", col, col, lastRow))
		switch {
		case c.list > 0:
			lc := colName(c.list - 1)
			dv.SetSqrefDropList(fmt.Sprintf("'%s'!$%s$2:$%s$%d", codesSheet, lc, lc, len(lists[c.list-1])+1))
			dv.SetError(excelize.DataValidationErrorStyleStop, c.title, "请从下拉列表中选择"+c.title)
			dv.SetInput(c.title, "请从下拉列表中选择")
		case c.kind == kindMonth || c.kind == kindDate || c.kind == kindDecimal:
			dv.SetInput(c.title, c.help)
		default:
			continue
		}
		if err := f.AddDataValidation(s.sheet, dv); err != nil {
			return fmt.Errorf("column %s: %w", c.title, err)
		}
	}
	return nil
}

// helpSheetFill writes 填写说明: the schema's title and paragraphs, a blank
// row, then a row per column with whether it is required and its format.
func (s *schema[T]) helpSheetFill(f *excelize.File, st styleIDs) error {
	if _, err := f.NewSheet(helpSheet); err != nil {
		return err
	}
	rows := make([][]any, 0, len(s.help)+2+len(s.columns))
	for _, line := range s.help {
		rows = append(rows, []any{line})
	}
	rows = append(rows, []any{}, []any{"列名", "是否必填", "格式及示例"})
	head := len(rows) // the 1-based row of the column table's header
	for _, c := range s.columns {
		rows = append(rows, []any{c.title, c.required, c.help})
	}
	for i, r := range rows {
		if err := f.SetSheetRow(helpSheet, fmt.Sprintf("A%d", i+1), &r); err != nil {
			return err
		}
	}
	for _, w := range []struct {
		col   string
		width float64
	}{{"A", 22}, {"B", 30}, {"C", 70}} {
		if err := f.SetColWidth(helpSheet, w.col, w.col, w.width); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(helpSheet, fmt.Sprintf("A%d", head+1), fmt.Sprintf("C%d", len(rows)), st.wrap); err != nil {
		return err
	}
	return f.SetCellStyle(helpSheet, fmt.Sprintf("A%d", head), fmt.Sprintf("C%d", head), st.header)
}
