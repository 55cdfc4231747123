package xlsx

import "cyltrace"

// schema is one kind of workbook the package reads and writes: the
// registration workbook (气瓶信息) and the makers' factory workbook (出厂信息)
// share the template, the import and the error workbook, and differ only in
// what a schema holds. T is the record a data row is read into.
type schema[T any] struct {
	sheet   string   // the data sheet; it also names the workbook in messages (「不是本系统的气瓶信息模板」)
	columns []column // the data sheet's columns, in order
	// codes returns the lists of the hidden sheet 代码表, one per column of
	// that sheet, with their titles; columns[i].list indexes them from 1.
	codes func() (titles []string, lists [][]string)
	help  []string // the first lines of 填写说明: a title, then one paragraph a line
	// fields returns pointers to the fields of a record in column order,
	// each a *string or a *cyltrace.Decimal.
	fields func(*T) []any
}

// values returns the cells of rec in column order, as a person would type
// them: codes with their names ("G13 液化石油气") when known, decimals with
// two decimals ("35.50") or as written when invalid.
func (s *schema[T]) values(rec *T) []string {
	fields := s.fields(rec)
	out := make([]string, len(fields))
	for i, f := range fields {
		switch f := f.(type) {
		case *string:
			out[i] = *f
			if s.columns[i].kind == kindCode {
				out[i] = codeLabel(s.columns[i].field, *f)
			}
		case *cyltrace.Decimal:
			out[i] = f.String()
		}
	}
	return out
}

// set stores the normalised cell value v of a column into its field, as
// fields points to it; a decimal that does not parse keeps its text, for
// Validate to report.
func set(field any, v string) {
	switch f := field.(type) {
	case *string:
		*f = v
	case *cyltrace.Decimal:
		*f, _ = cyltrace.ParseDecimal(v)
	}
}
