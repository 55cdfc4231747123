package xlsx

import (
	"strings"

	"cyltrace"
)

// SheetName is the data sheet of the template, the import and the error workbook.
const SheetName = "气瓶信息"

// registration is the use-registration workbook (使用登记).
var registration = &schema[cyltrace.Cylinder]{
	sheet:   SheetName,
	columns: columns,
	codes:   codeLists,
	help: []string{
		"气瓶使用登记导入模板填写说明",
		"在「" + SheetName + "」工作表第 2 行起每行填写一只气瓶，不要修改第 1 行表头、列顺序和工作表名称；每次最多导入的行数以系统提示为准。",
		"日期请按文本填写：制造年月、下次检验日期为 yyyy-mm（如 2021-08），最近一次检验日期为 yyyy-mm-dd（如 2023-05-20）；压力、容积最多保留两位小数。",
	},
	fields: cylinderFields,
}

// The other sheets of the template.
const (
	helpSheet  = "填写说明"
	codesSheet = "代码表"
)

// Limits of an import.
const (
	MaxFileBytes      = 64 << 20  // the .xlsx file as uploaded
	MaxUnzipBytes     = 200 << 20 // all zip entries, uncompressed
	UnzipXMLSizeLimit = 16 << 20  // a sheet XML above this is streamed from a temporary file
	TemplateRows      = 50000     // data rows the template's drop-downs and formats cover
)

// kind is how a column's cells are read.
type kind int

const (
	kindText    kind = iota // free text
	kindCode                // "500103 渝中区": the code part is kept
	kindChoice              // one of a fixed list, the value itself (在用)
	kindMonth               // yyyy-mm
	kindDate                // yyyy-mm-dd
	kindDecimal             // decimal(10,2)
)

// column is one column of the template, in order.
type column struct {
	title    string // the source's field name, the header cell
	field    string // the JSON name of the record's field (cyltrace.Cylinder, cyltrace.FactoryRecord)
	kind     kind
	required string // "是", "否" or a condition, for 填写说明
	help     string // format and example, for 填写说明
	list     int    // for coded columns: the column of 代码表 holding its list (1-based), else 0
}

var columns = []column{
	{"使用单位名称", "useUnitName", kindText, "是", "不超过 100 字", 0},
	{"设备区域", "regionCode", kindCode, "是", "从下拉列表选择，如 500103 渝中区（导入时取前面的 6 位区域编码）", 1},
	{"设备品种", "varietyCode", kindCode, "是", "从下拉列表选择，如 2310 无缝气瓶", 3},
	{"产品编号", "productNumber", kindText, "是", "产品编号（镂空码），不超过 50 字；按文本填写，勿转成数字", 0},
	{"充装介质", "mediumCode", kindCode, "是", "从下拉列表选择，如 G13 液化石油气", 2},
	{"制造单位", "manufacturer", kindText, "是", "不超过 100 字", 0},
	{"制造年月", "manufactureDate", kindMonth, "是", "yyyy-mm，如 2021-08", 0},
	{"公称工作压力(MPa)", "nominalPressureMPa", kindDecimal, "是", "数字，最多两位小数，如 2.10", 0},
	{"容积(L)", "volumeL", kindDecimal, "是", "数字，最多两位小数，如 35.50", 0},
	{"最近一次检验日期", "lastInspectionDate", kindDate, "否", "yyyy-mm-dd，如 2023-05-20", 0},
	{"下次检验日期", "nextInspectionDate", kindMonth, "是", "yyyy-mm，如 2027-05", 0},
	{"单位内编号", "unitInternalNumber", kindText, "否", "不超过 50 字", 0},
	{"使用状态", "status", kindChoice, "是", "从下拉列表选择：在用、停用、报废", 4},
	{"信息化管理情况", "tagType", kindChoice, "否", "从下拉列表选择：二维码、RFID标签", 5},
	{"二维码", "qrContent", kindText, "信息化管理情况为二维码时必填", "二维码对应的完整网址，如 https://example.cn/q/123", 0},
}

// reasonTitle is the last column of the error workbook.
const reasonTitle = "错误原因"

// codeLists returns the lists of 代码表, one per column of that sheet, with
// their titles; columns[i].list indexes them from 1.
func codeLists() (titles []string, lists [][]string) {
	var regions []string
	for _, r := range cyltrace.Regions() {
		regions = append(regions, r.Code+" "+r.Name)
	}
	return []string{"设备区域", "充装介质", "设备品种", "使用状态", "信息化管理情况"},
		[][]string{regions, labels(cyltrace.Media()), labels(cyltrace.Varieties()), cyltrace.Statuses(), cyltrace.TagTypes()}
}

// labels returns the drop-down entries of a code list: "G13 液化石油气".
func labels(codes []cyltrace.Code) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = c.Code + " " + c.Name
	}
	return out
}

// codeLabel returns the code of a coded column with its name ("500103
// 渝中区", "G13 液化石油气") when it is known, else the code as it is.
func codeLabel(field, code string) string {
	switch field {
	case "regionCode":
		if r, ok := cyltrace.LookupRegion(code); ok {
			return r.Code + " " + r.Name
		}
	case "varietyCode":
		return label(code, cyltrace.LookupVariety)
	case "mediumCode":
		return label(code, cyltrace.LookupMedium)
	}
	return code
}

func label(code string, lookup func(string) (cyltrace.Code, bool)) string {
	if c, ok := lookup(code); ok {
		return c.Code + " " + c.Name
	}
	return code
}

// cylinderFields returns the fields of c in column order.
func cylinderFields(c *cyltrace.Cylinder) []any {
	return []any{
		&c.UseUnitName, &c.RegionCode, &c.VarietyCode, &c.ProductNumber, &c.MediumCode, &c.Manufacturer,
		&c.ManufactureDate, &c.NominalPressureMPa, &c.VolumeL,
		&c.LastInspectionDate, &c.NextInspectionDate, &c.UnitInternalNumber,
		&c.Status, &c.TagType, &c.QRContent,
	}
}

// codePart returns the code of a "500103 渝中区"-style cell: the text before
// the first space (ASCII, full-width or tab), upper-cased (g13 → G13).
func codePart(s string) string {
	if i := strings.IndexFunc(s, func(r rune) bool { return r == ' ' || r == '\u3000' || r == '\t' }); i >= 0 {
		s = s[:i]
	}
	return strings.ToUpper(s)
}

// colName returns the column letter of 0-based column i (A … Z, enough here).
func colName(i int) string { return string(rune('A' + i)) }
