package pdf

import (
	"strings"

	"github.com/go-pdf/fpdf"
)

const (
	ptMM    = 25.4 / 72 // millimetres in a point
	lead    = 1.15      // line spacing, in font sizes
	capRise = 0.36      // from a line's middle down to its baseline, in font sizes
	boxPad  = 1.0       // room left and right in a box, mm
	boxPadY = 0.5       // room above and below, mm
	// minLine is the smallest size a cell's text is shrunk to on one line:
	// below it two larger lines read better.
	minLine = 6.0
)

// align is where a line sits in the width it is given.
type align int

const (
	alignLeft align = iota
	alignCentre
	alignRight
)

// fitLine draws s on the baseline within [x, x+w], at size or, when longer,
// shrunk until it fits: however long s is, it never leaves its place.
func fitLine(f *fpdf.Fpdf, x, w, baseline float64, s string, size float64, a align) {
	size = fitSize(f, s, size, 0, w)
	switch a {
	case alignCentre:
		x += (w - textWidth(f, s, size)) / 2
	case alignRight:
		x += w - textWidth(f, s, size)
	}
	drawText(f, x, baseline, s, size)
}

// boxText draws lines centred in the box (x, y, w, h), all at one size: the
// largest up to size at which every line fits the width and all of them the
// height.
func boxText(f *fpdf.Fpdf, x, y, w, h float64, lines []string, size float64) {
	n := float64(len(lines))
	size = min(size, (h-2*boxPadY)/(n*lead*ptMM))
	for _, l := range lines {
		size = fitSize(f, l, size, 0, w-2*boxPad)
	}
	step := size * lead * ptMM
	top := y + (h-n*step)/2
	for i, l := range lines {
		baseline := top + (float64(i)+0.5)*step + capRise*size*ptMM
		fitLine(f, x+boxPad, w-2*boxPad, baseline, l, size, alignCentre)
	}
}

// cellLines is s as the lines of a table cell of width w: one line, unless
// that line would have to shrink below minLine, then two of about equal
// width.
func cellLines(f *fpdf.Fpdf, s string, size, w float64) []string {
	if fitSize(f, s, size, 0, w-2*boxPad) >= minLine {
		return []string{s}
	}
	return splitHalves(f, s)
}

// splitHalves cuts s where the wider half is narrowest; it breaks anywhere,
// since Chinese has no spaces to break at.
func splitHalves(f *fpdf.Fpdf, s string) []string {
	best, bestW := 0, textWidth(f, s, 1)
	for i := range s {
		if i == 0 {
			continue
		}
		if w := max(textWidth(f, s[:i], 1), textWidth(f, s[i:], 1)); w < bestW {
			best, bestW = i, w
		}
	}
	if best == 0 {
		return []string{s}
	}
	return []string{strings.TrimSpace(s[:best]), strings.TrimSpace(s[best:])}
}
