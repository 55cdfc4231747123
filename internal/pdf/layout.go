package pdf

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"
)

// The page layout, in millimetres on A4 (210×297).
const (
	pageW  = 210.0
	pageH  = 297.0
	margin = 10.0
	gridX  = margin
	gridY  = 25.0 // below the two header lines
	cellW  = (pageW - 2*margin) / Columns
	cellH  = (pageH - margin - gridY) / Rows

	qrSide   = 26.0 // the code with its quiet zone
	qrTop    = 1.2  // from the top of the cell
	textPad  = 2.0  // left and right, for text fitted to the cell
	pnSize   = 9.0  // product number, points
	codeSize = 7.0  // info code, points
)

// drawHeader writes the title, the page number and a line of instructions.
func drawHeader(f *fpdf.Fpdf, title string, page, pages, labels int) {
	f.SetTextColor(0, 0, 0)
	pageStr := fmt.Sprintf("第 %d/%d 页", page, pages)
	pw := textWidth(f, pageStr, 9)
	drawText(f, pageW-margin-pw, 16, pageStr, 9)
	size := fitSize(f, title, 14, 8, pageW-2*margin-pw-6)
	drawText(f, margin, 16, title, size)

	f.SetTextColor(90, 90, 90)
	drawText(f, margin, 22, fmt.Sprintf("共 %d 个标签，每页 %d 列 × %d 行；沿虚线剪开，贴于瓶体醒目处，保持二维码平整清洁。", labels, Columns, Rows), 7.5)
	f.SetTextColor(0, 0, 0)
}

// drawCell draws one label with its top-left corner at (x, y).
func drawCell(f *fpdf.Fpdf, x, y float64, l Label, modules [][]bool) {
	f.SetDrawColor(170, 170, 170)
	f.SetLineWidth(0.15)
	f.SetDashPattern([]float64{1.2, 1.2}, 0)
	f.Rect(x, y, cellW, cellH, "D")
	f.SetDashPattern(nil, 0)

	drawModules(f, x+(cellW-qrSide)/2, y+qrTop, qrSide, modules)

	baseline := y + qrTop + qrSide + 3.4
	centred(f, x, baseline, l.ProductNumber, pnSize)
	f.SetTextColor(80, 80, 80)
	centred(f, x, baseline+3.4, l.InfoCode, codeSize)
	f.SetTextColor(0, 0, 0)
}

// centred draws s centred in a cell starting at x, shrunk to fit its width.
func centred(f *fpdf.Fpdf, x, baseline float64, s string, size float64) {
	if s == "" {
		return
	}
	size = fitSize(f, s, size, 4, cellW-2*textPad)
	w := textWidth(f, s, size)
	drawText(f, x+(cellW-w)/2, baseline, s, size)
}

// drawModules draws the dark modules as one filled path of rectangles, one a
// horizontal run, in a coordinate system of one unit a module. A single fill
// leaves no hairline seams between neighbouring modules when rasterised, and
// integer coordinates keep the page stream small.
func drawModules(f *fpdf.Fpdf, x, y, side float64, m [][]bool) {
	k := f.GetConversionRatio() // points per millimetre
	unit := side / float64(len(m)) * k
	var b strings.Builder
	fmt.Fprintf(&b, "q 0 g %s 0 0 %s %s %s cm\n", pt(unit), pt(-unit), pt(x*k), pt((pageH-y)*k))
	for row, line := range m {
		for col := 0; col < len(line); {
			if !line[col] {
				col++
				continue
			}
			start := col
			for col < len(line) && line[col] {
				col++
			}
			fmt.Fprintf(&b, "%d %d %d 1 re\n", start, row, col-start)
		}
	}
	b.WriteString("f Q")
	f.RawWriteStr(b.String())
}

func pt(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }
