package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"cyltrace"

	"github.com/xuri/excelize/v2"
)

// Row is one data row of an imported workbook.
type Row struct {
	Number   int               // the 1-based row number in the sheet
	Cylinder cyltrace.Cylinder // the archive read from the row, not yet validated
	Err      error             // a read problem of a cell (error value, impossible date), else nil
}

// oleHeader starts a legacy .xls or an encrypted workbook.
var oleHeader = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

// Read streams the sheet 气瓶信息 of the workbook in r and calls fn for each
// non-empty data row, in order, with excelize's Rows iterator: the sheet is
// never loaded as a whole. It stops at the first error of fn and returns it.
//
// It refuses, with a *cyltrace.Error: a file over MaxFileBytes or unpacking
// to more than MaxUnzipBytes (ETOOLARGE, before parsing), a file that is not
// an .xlsx (EINVALID), a workbook without the sheet 气瓶信息 or whose header
// differs from the template's (EINVALID, naming the column), and more than
// maxRows data rows (ETOOLARGE). In the last case fn has already seen maxRows
// rows: the caller discards what it collected.
func Read(r io.Reader, maxRows int, fn func(Row) error) error {
	return registration.read(r, maxRows, func(number int, c *cyltrace.Cylinder, err error) error {
		return fn(Row{Number: number, Cylinder: *c, Err: err})
	})
}

// read is Read for the workbook of s: fn gets each data row's number, its
// record and the read problems of its cells.
func (s *schema[T]) read(r io.Reader, maxRows int, fn func(number int, rec *T, err error) error) error {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return fmt.Errorf("read upload: %w", err)
	}
	if len(data) > MaxFileBytes {
		return cyltrace.Errorf(cyltrace.ETOOLARGE, "文件超过 %d MiB，请分批导入", MaxFileBytes>>20)
	}
	if err := s.checkZip(data); err != nil {
		return err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    MaxUnzipBytes,
		UnzipXMLSizeLimit: UnzipXMLSizeLimit,
	})
	if err != nil {
		return notXLSX()
	}
	defer f.Close()
	if idx, err := f.GetSheetIndex(s.sheet); err != nil || idx < 0 {
		return s.notTemplate(fmt.Sprintf("缺少工作表「%s」", s.sheet))
	}
	date1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	rows, err := f.Rows(s.sheet)
	if err != nil {
		return notXLSX()
	}
	defer rows.Close()

	header := false
	count := 0
	for number := 1; rows.Next(); number++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return notXLSX()
		}
		if blank(cells) {
			continue
		}
		if !header {
			if err := s.checkHeader(cells); err != nil {
				return err
			}
			header = true
			continue
		}
		count++
		if count > maxRows {
			return cyltrace.Errorf(cyltrace.ETOOLARGE, "数据超过 %d 行的上限，请分批导入", maxRows)
		}
		var rec T
		if err := fn(number, &rec, s.parseRow(&rec, cells, date1904)); err != nil {
			return err
		}
	}
	if rows.Error() != nil {
		return notXLSX()
	}
	if !header {
		return s.notTemplate("第 1 行没有表头")
	}
	return nil
}

func notXLSX() error {
	return cyltrace.Errorf(cyltrace.EINVALID, "文件不是有效的 Excel(.xlsx) 文件，请使用系统提供的模板填写后上传")
}

func (s *schema[T]) notTemplate(why string) error {
	return cyltrace.Errorf(cyltrace.EINVALID, "不是本系统的%s模板：%s，请下载模板后按模板填写", s.sheet, why)
}

// checkZip refuses what is not a zip, and a zip whose entries declare more
// than MaxUnzipBytes uncompressed. archive/zip fails a read past the declared
// size, so an entry cannot unpack to more than it declares.
func (s *schema[T]) checkZip(data []byte) error {
	if bytes.HasPrefix(data, oleHeader) {
		return cyltrace.Errorf(cyltrace.EINVALID, "文件不是有效的 Excel(.xlsx) 文件：旧版 .xls 或加密的文件请另存为不加密的 .xlsx 后上传")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return notXLSX()
	}
	var total uint64
	for _, e := range zr.File {
		total += e.UncompressedSize64
		if total > MaxUnzipBytes {
			return cyltrace.Errorf(cyltrace.ETOOLARGE, "文件解压后超过 %d MiB，不是正常的%s表，已拒绝", MaxUnzipBytes>>20, s.sheet)
		}
	}
	return nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// checkHeader compares the header row with the template's titles; columns
// after the last one (the error workbook's 错误原因) are ignored.
func (s *schema[T]) checkHeader(cells []string) error {
	for i, c := range s.columns {
		got := ""
		if i < len(cells) {
			got = strings.TrimSpace(cells[i])
		}
		if got != c.title {
			return s.notTemplate(fmt.Sprintf("第 %d 列（%s 列）表头应为「%s」，实为「%s」", i+1, colName(i), c.title, got))
		}
	}
	return nil
}

// parseRow reads the cells of one data row into rec and returns the read
// problems of its cells.
func (s *schema[T]) parseRow(rec *T, cells []string, date1904 bool) error {
	var errs cyltrace.FieldErrors
	fields := s.fields(rec)
	for i, c := range s.columns {
		v := ""
		if i < len(cells) {
			v = strings.TrimSpace(cells[i])
		}
		v = unquote(v)
		if isErrorValue(v) {
			errs.Add(c.field, cyltrace.RuleFormat, fmt.Sprintf("%s 单元格是错误值 %s", c.title, v))
			continue
		}
		switch c.kind {
		case kindCode:
			v = codePart(plainNumber(v))
		case kindMonth, kindDate:
			var ok bool
			if v, ok = dateCell(v, c.kind, date1904); !ok {
				errs.Add(c.field, cyltrace.RuleFormat, fmt.Sprintf("%s 单元格 %s 不是有效日期", c.title, v))
				continue
			}
		case kindText:
			v = plainNumber(v)
		case kindDecimal:
			v = shortNumber(v)
		}
		set(fields[i], v)
	}
	return errs.Err()
}

// unquote removes the apostrophe ErrorWorkbook puts before a value that
// would be a formula, so that a corrected error workbook imports as written.
func unquote(v string) string {
	if len(v) > 1 && v[0] == '\'' && dangerous(v[1:]) {
		return v[1:]
	}
	return v
}

func isErrorValue(v string) bool {
	switch v {
	case "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA":
		return true
	}
	return false
}

var (
	numberRe  = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)
	textDate  = regexp.MustCompile(`^([0-9]{4})[-/.年]([0-9]{1,2})(?:[-/.月]([0-9]{1,2})日?)?月?$`)
	isoCellRe = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T`)
)

// plainNumber writes a number stored in exponent form (1.23456789012E+11, as
// a text column typed as a number may hold it) with all its digits.
func plainNumber(v string) string {
	if !strings.ContainsAny(v, "eE") || !numberRe.MatchString(v) {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// shortNumber rounds a stored binary float to the 15 significant digits a
// spreadsheet shows (35.500000000000007 → 35.5); a value typed with more
// decimals than allowed (15.555) keeps them for Validate to report.
func shortNumber(v string) string {
	if !numberRe.MatchString(v) {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	short, err := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
	if err != nil {
		return v
	}
	return strconv.FormatFloat(short, 'f', -1, 64)
}

// dateCell normalises a date column's cell: an Excel date (a serial number,
// or an ISO date-time of a t="d" cell) becomes yyyy-mm or yyyy-mm-dd; a text
// date 2021-8, 2021/08/01 or 2021年8月 is zero-padded with dashes, and in a
// month column a text date with an existing day (2021-08-15) becomes its
// month, as the same date typed as a date cell does. Other text is returned
// as is for Validate to report; ok is false only for a number that is no
// possible date.
func dateCell(v string, k kind, date1904 bool) (string, bool) {
	layout := "2006-01"
	if k == kindDate {
		layout = "2006-01-02"
	}
	switch {
	case v == "":
		return v, true
	case numberRe.MatchString(v):
		serial, err := strconv.ParseFloat(v, 64)
		if err != nil || serial < 1 || serial > 2958465 || math.IsNaN(serial) {
			return v, false
		}
		t, err := excelize.ExcelDateToTime(serial, date1904)
		if err != nil {
			return v, false
		}
		return t.Format(layout), true
	case isoCellRe.MatchString(v):
		t, err := time.Parse("2006-01-02T15:04:05", strings.TrimSuffix(v, "Z"))
		if err != nil {
			return v, true
		}
		return t.Format(layout), true
	}
	m := textDate.FindStringSubmatch(v)
	if m == nil {
		return v, true
	}
	out := m[1] + "-" + pad(m[2])
	switch {
	case m[3] == "":
	case k == kindDate:
		out += "-" + pad(m[3])
	default:
		// A full date typed as text in a month column: the month, as for a
		// date cell, when the day exists; else as written, for Validate.
		if _, err := time.Parse("2006-01-02", out+"-"+pad(m[3])); err != nil {
			return v, true
		}
	}
	return out, true
}

func pad(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}
