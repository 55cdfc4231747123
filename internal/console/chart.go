package console

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// chartPoint is one bar of a daily series: its day (yyyy-mm-dd) and count.
type chartPoint struct {
	Day   string
	Value int
}

// Chart geometry, in SVG user units.
const (
	chartWidth  = 720
	chartHeight = 200
	chartLeft   = 48 // room for the axis labels
	chartBottom = 28
	chartTop    = 12
)

// barChart draws a daily series as an SVG bar chart, on the server: the
// page needs no chart JavaScript. Every bar has a <title> with its day and
// count (a tooltip, and what a screen reader reads); the axis shows 0, the
// maximum, and the first and last day. Labels are escaped.
func barChart(title string, points []chartPoint, colour string) template.HTML {
	top := 1
	for _, p := range points {
		top = max(top, p.Value)
	}
	plotW, plotH := float64(chartWidth-chartLeft-8), float64(chartHeight-chartTop-chartBottom)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" role="img" viewBox="0 0 %d %d" width="%d" height="%d" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`,
		chartWidth, chartHeight, chartWidth, chartHeight, html.EscapeString(title))
	base := float64(chartTop) + plotH
	fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#888"/>`, chartLeft, base, chartWidth-8, base)
	fmt.Fprintf(&b, `<text x="%d" y="%.1f" font-size="11" text-anchor="end">0</text>`, chartLeft-4, base+4)
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" text-anchor="end">%d</text>`, chartLeft-4, chartTop+8, top)
	if n := len(points); n > 0 {
		step := plotW / float64(n)
		for i, p := range points {
			h := plotH * float64(p.Value) / float64(top)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" data-day="%s" data-value="%d"><title>%s：%d</title></rect>`,
				float64(chartLeft)+float64(i)*step+1, base-h, max(step-2, 1), h, colour,
				html.EscapeString(p.Day), p.Value, html.EscapeString(p.Day), p.Value)
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11">%s</text>`, chartLeft, chartHeight-8, html.EscapeString(points[0].Day))
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" text-anchor="end">%s</text>`, chartWidth-8, chartHeight-8,
			html.EscapeString(points[n-1].Day))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // built from escaped text only
}
