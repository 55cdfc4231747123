package xlsx

import (
	"io"

	"cyltrace"
)

// The factory workbook (出厂信息): a maker without a platform of its own
// uploads its factory data in the console as Excel, the same records as
// cyltrace.FactoryRecord of the API. Template, import, limits and error
// workbook work as for the registration workbook.

// FactorySheetName is the data sheet of the factory template, its import and
// its error workbook.
const FactorySheetName = "出厂信息"

var factoryColumns = []column{
	{"来源记录ID", "sourceId", kindText, "是", "本单位给这条出厂记录的编号（如本单位台账的记录号），每行不同；英文字母、数字和英文符号，不超过 64 个字符，不能有空格和汉字。同一编号再次上传不会重复登记", 0},
	{"产品编号", "productNumber", kindText, "是", "不超过 50 字；按文本填写，勿转成数字", 0},
	{"镂空码", "traceCode", kindText, "否", "气瓶有镂空码时填写：12 位数字（3 位制造单位代码＋2 位制造年份＋7 位流水号），如 012210000001；按文本填写，开头的 0 要保留；年份位应与制造年月一致", 0},
	{"设备品种", "varietyCode", kindCode, "是", "从下拉列表选择，如 2320 焊接气瓶", 1},
	{"充装介质", "mediumCode", kindCode, "是", "从下拉列表选择，如 G13 液化石油气", 2},
	{"制造年月", "manufactureDate", kindMonth, "是", "yyyy-mm，如 2021-08，不晚于当前月份", 0},
	{"公称工作压力(MPa)", "nominalPressureMPa", kindDecimal, "是", "数字，最多两位小数，如 2.10", 0},
	{"容积(L)", "volumeL", kindDecimal, "是", "数字，最多两位小数，如 35.50", 0},
	{"监检证书编号", "supervisionCertNo", kindText, "是", "不超过 50 字", 0},
	{"永久性标识二维码", "qrContent", kindText, "否", "气瓶永久性标识二维码对应的完整网址，以 http:// 或 https:// 开头，如 https://example.cn/q/123", 0},
	{"追溯网址", "traceUrl", kindText, "否", "本单位该只气瓶的追溯页面网址，以 http:// 或 https:// 开头", 0},
}

// factory is the makers' factory workbook.
var factory = &schema[cyltrace.FactoryRecord]{
	sheet:   FactorySheetName,
	columns: factoryColumns,
	codes: func() ([]string, [][]string) {
		return []string{"设备品种", "充装介质"}, [][]string{labels(cyltrace.Varieties()), labels(cyltrace.Media())}
	},
	help: []string{
		"气瓶出厂信息导入模板填写说明",
		"在「" + FactorySheetName + "」工作表第 2 行起每行填写一只出厂的气瓶，不要修改第 1 行表头、列顺序和工作表名称；每次最多导入的行数以系统提示为准。",
		"来源记录ID 是本单位给每条出厂记录的编号，每行不同，系统以它识别记录：再次上传含同一来源记录ID的行（如整表重新上传，或改正错误数据后再上传）不会重复登记，已上传过的行提示为重复，原记录不变。",
		"制造年月请按文本填写为 yyyy-mm（如 2021-08）；镂空码按文本填写 12 位数字，开头的 0 要保留；压力、容积最多保留两位小数。",
	},
	fields: factoryFields,
}

// factoryFields returns the fields of f in column order.
func factoryFields(f *cyltrace.FactoryRecord) []any {
	return []any{
		&f.SourceID, &f.ProductNumber, &f.TraceCode, &f.VarietyCode, &f.MediumCode,
		&f.ManufactureDate, &f.NominalPressureMPa, &f.VolumeL,
		&f.SupervisionCertNo, &f.QRContent, &f.TraceURL,
	}
}

// FactoryTemplate returns the factory workbook a maker downloads: the sheet
// 出厂信息 with text format on every column but the two numbers (so that a
// 镂空码 keeps its leading zeros and 2021-08 stays as typed), drop-down lists
// on 设备品种 and 充装介质 (from the hidden sheet 代码表), input hints with the
// formats, and the sheet 填写说明.
func FactoryTemplate() ([]byte, error) { return factory.template() }

// FactoryRow is one data row of an imported factory workbook.
type FactoryRow struct {
	Number int                    // the 1-based row number in the sheet
	Record cyltrace.FactoryRecord // the record read from the row, not yet validated
	Err    error                  // a read problem of a cell (error value, impossible date), else nil
}

// ReadFactory streams the sheet 出厂信息 of the workbook in r and calls fn
// for each non-empty data row, in order; the caller validates each record
// with (*cyltrace.FactoryRecord).Validate. It refuses what Read refuses, in
// the same way: a file too large or unpacking too large, a file that is not
// an .xlsx, a workbook without the sheet 出厂信息 or with another header
// (naming the column), and more than maxRows data rows (ETOOLARGE, after fn
// has seen maxRows rows).
func ReadFactory(r io.Reader, maxRows int, fn func(FactoryRow) error) error {
	return factory.read(r, maxRows, func(number int, f *cyltrace.FactoryRecord, err error) error {
		return fn(FactoryRow{Number: number, Record: *f, Err: err})
	})
}

// FactoryFailedRow is a row refused by the factory import, for the error
// workbook.
type FactoryFailedRow struct {
	Number  int                    // the row number in the imported sheet
	Record  cyltrace.FactoryRecord // what was read from it
	Reasons []string               // why it was refused, one sentence each
}

// FactoryErrorWorkbook returns the refused rows as a workbook with the
// factory template's columns and a last column 错误原因, like ErrorWorkbook:
// every cell text, a value a spreadsheet would take for a formula behind an
// apostrophe, and readable again by ReadFactory once corrected.
func FactoryErrorWorkbook(rows []FactoryFailedRow) ([]byte, error) {
	return factory.errorWorkbook(len(rows), func(i int) (*cyltrace.FactoryRecord, []string) {
		return &rows[i].Record, rows[i].Reasons
	})
}
