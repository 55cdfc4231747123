package pdf

import (
	"fmt"
	"strconv"
	"time"

	"github.com/go-pdf/fpdf"
)

// The certificate's layout, in millimetres on landscape A4 (297×210).
const (
	landW       = 297.0
	landH       = 210.0
	landMargin  = 10.0
	footerLine  = landH - 8 // baseline of every page's footer
	footerSize  = 8.0
	frameBottom = landH - 16 // page 1's border, clear of the footer

	// Page 1: labels at labelX, values from valueX to valueEnd, underlined;
	// the title centred between labelX and valueEnd.
	labelX   = 45.0
	valueX   = 95.0
	valueEnd = 252.0
	signX    = 150.0 // the authority and the date, bottom right
	fieldTop = 74.0  // baseline of the first field
	fieldGap = 12.0
	textSize = 13.0

	// The summary table: a heading, a line about the unit, then the table.
	tableTop = 29.0
	headH    = 11.0
	rowH     = 7.0
	headSize = 8.0
	rowSize  = 8.0
)

// drawCertificate draws page 1: the certificate proper.
func drawCertificate(f *fpdf.Fpdf, c Certificate, date time.Time, pages int) {
	f.SetDrawColor(0, 0, 0)
	f.SetLineWidth(0.8)
	f.Rect(landMargin, landMargin, landW-2*landMargin, frameBottom-landMargin, "D")
	f.SetLineWidth(0.25)
	f.Rect(landMargin+2, landMargin+2, landW-2*landMargin-4, frameBottom-landMargin-4, "D")

	fitLine(f, labelX, valueEnd-labelX, 42, "特种设备使用登记证", 28, alignCentre)
	fitLine(f, labelX, valueEnd-labelX, 54, "编号："+c.Number, 12, alignCentre)

	fields := [][2]string{
		{"使用单位：", c.UnitName},
		{"统一社会信用代码：", c.UnitCode},
		{"单位地址：", c.Address},
		{"设备类别：", "气瓶"},
		{"数量：", fmt.Sprintf("%d 只", len(c.Cylinders))},
	}
	for i, fd := range fields {
		drawField(f, labelX, valueX, fieldTop+float64(i)*fieldGap, fd[0], fd[1])
	}
	note := fmt.Sprintf("注：本证附《气瓶基本信息汇总表》共 %d 页，汇总表是本证的组成部分，列明本证登记的每只气瓶。", pages-1)
	fitLine(f, labelX, valueEnd-labelX, fieldTop+float64(len(fields))*fieldGap+2, note, 10.5, alignLeft)

	drawField(f, signX, 0, 160, "使用登记机关：", c.Authority)
	drawField(f, signX, 0, 172, "使用登记日期：", date.Format("2006年01月02日"))
}

// drawField draws a label at x and its value on an underline up to valueEnd.
// The value starts at vx, so that a column of fields lines up, or right after
// a label too wide for that.
func drawField(f *fpdf.Fpdf, x, vx, baseline float64, label, value string) {
	vx = max(vx, x+drawText(f, x, baseline, label, textSize))
	fitLine(f, vx+1, valueEnd-vx-2, baseline, value, textSize, alignLeft)
	f.SetLineWidth(0.2)
	f.Line(vx, baseline+1.5, valueEnd, baseline+1.5)
}

// drawFooter writes what identifies a loose page: the certificate number and
// the page number.
func drawFooter(f *fpdf.Fpdf, number string, page, pages int) {
	f.SetTextColor(80, 80, 80)
	half := (landW - 2*landMargin) / 2
	fitLine(f, landMargin, half, footerLine, "使用登记证编号："+number, footerSize, alignLeft)
	fitLine(f, landMargin+half, half, footerLine, fmt.Sprintf("第 %d 页 共 %d 页", page, pages), footerSize, alignRight)
	f.SetTextColor(0, 0, 0)
}

// column is one column of the summary table.
type column struct {
	name     string   // in error messages
	head     []string // the header, as lines
	width    float64  // mm; the widths add up to the page less its margins
	required bool
	value    func(i int, cy CertificateCylinder) string
}

// columns are the summary table's columns, in the order of DOMAIN.md §4.
var columns = []column{
	{"序号", []string{"序号"}, 10, false, func(i int, _ CertificateCylinder) string { return strconv.Itoa(i + 1) }},
	{"设备品种", []string{"设备品种"}, 20, false, func(_ int, cy CertificateCylinder) string { return cy.Variety }},
	{"产品编号", []string{"产品编号"}, 30, true, func(_ int, cy CertificateCylinder) string { return cy.ProductNumber }},
	{"充装介质", []string{"充装介质"}, 20, false, func(_ int, cy CertificateCylinder) string { return cy.Medium }},
	{"制造单位", []string{"制造单位"}, 41, false, func(_ int, cy CertificateCylinder) string { return cy.Manufacturer }},
	{"制造年月", []string{"制造年月"}, 15, false, func(_ int, cy CertificateCylinder) string { return cy.ManufactureDate }},
	{"公称工作压力", []string{"公称工作", "压力(MPa)"}, 16, false, func(_ int, cy CertificateCylinder) string { return cy.NominalPressure }},
	{"容积", []string{"容积(L)"}, 14, false, func(_ int, cy CertificateCylinder) string { return cy.Volume }},
	{"最近一次检验日期", []string{"最近一次", "检验日期"}, 19, false, func(_ int, cy CertificateCylinder) string { return cy.LastInspection }},
	{"下次检验日期", []string{"下次", "检验日期"}, 19, false, func(_ int, cy CertificateCylinder) string { return cy.NextInspection }},
	{"单位内编号", []string{"单位内编号"}, 22, false, func(_ int, cy CertificateCylinder) string { return cy.InternalNumber }},
	{"登记情况", []string{"登记情况"}, 14, false, func(_ int, cy CertificateCylinder) string { return cy.RegistrationState }},
	{"信息化管理情况", []string{"信息化", "管理情况"}, 18, false, func(_ int, cy CertificateCylinder) string { return cy.TagType }},
	{"使用登记日期", []string{"使用登记", "日期"}, 19, false, func(_ int, cy CertificateCylinder) string { return cy.RegistrationDate }},
}

// drawTablePage draws one page of the summary table: rows are the cylinders
// from index first on.
func drawTablePage(f *fpdf.Fpdf, c Certificate, first int, rows []CertificateCylinder) {
	width := landW - 2*landMargin
	fitLine(f, landMargin, width, 17, "气瓶基本信息汇总表", 15, alignCentre)
	unit := "使用单位：" + c.UnitName
	if c.UnitCode != "" {
		unit += "　统一社会信用代码：" + c.UnitCode
	}
	fitLine(f, landMargin, width*0.75, 25, unit, 9, alignLeft)
	fitLine(f, landMargin+width*0.75, width*0.25, 25, fmt.Sprintf("共 %d 只", len(c.Cylinders)), 9, alignRight)

	f.SetFillColor(232, 232, 232)
	f.Rect(landMargin, tableTop, width, headH, "F")
	x := landMargin
	for _, col := range columns {
		boxText(f, x, tableTop, col.width, headH, col.head, headSize)
		x += col.width
	}
	for r, cy := range rows {
		drawRow(f, tableTop+headH+float64(r)*rowH, first+r, cy)
	}
	drawGrid(f, len(rows))
}

// drawRow draws the i-th cylinder's row with its top at y.
func drawRow(f *fpdf.Fpdf, y float64, i int, cy CertificateCylinder) {
	x := landMargin
	for _, col := range columns {
		s := col.value(i, cy)
		boxText(f, x, y, col.width, rowH, cellLines(f, s, rowSize, col.width), rowSize)
		x += col.width
	}
}

// drawGrid rules the header and n rows.
func drawGrid(f *fpdf.Fpdf, n int) {
	bottom := tableTop + headH + float64(n)*rowH
	f.SetDrawColor(0, 0, 0)
	f.SetLineWidth(0.2)
	f.Line(landMargin, tableTop, landW-landMargin, tableTop)
	for r := 0; r <= n; r++ {
		y := tableTop + headH + float64(r)*rowH
		f.Line(landMargin, y, landW-landMargin, y)
	}
	x := landMargin
	f.Line(x, tableTop, x, bottom)
	for _, col := range columns {
		x += col.width
		f.Line(x, tableTop, x, bottom)
	}
}
