package pdf

import (
	"embed"
	"fmt"
	"unicode"

	"github.com/go-pdf/fpdf"
)

// The vendored fonts, with their licences beside them in fonts/. DejaVu Sans
// has Latin, digits and punctuation but no CJK; Droid Sans Fallback has CJK
// but no Latin letters or digits. So every string is drawn as runs, each in
// the font that has its glyphs (see splitRuns).
//
//go:embed fonts/DejaVuSans.ttf fonts/DroidSansFallbackFull.ttf
var fontFiles embed.FS

// Font family names registered with fpdf.
const (
	fontLatin = "dejavu"
	fontCJK   = "droid"
)

// addFonts registers both fonts with f; fpdf embeds only the glyphs used.
func addFonts(f *fpdf.Fpdf) error {
	for _, ff := range []struct{ family, file string }{
		{fontLatin, "fonts/DejaVuSans.ttf"},
		{fontCJK, "fonts/DroidSansFallbackFull.ttf"},
	} {
		b, err := fontFiles.ReadFile(ff.file)
		if err != nil {
			return fmt.Errorf("pdf: read font %s: %w", ff.file, err)
		}
		f.AddUTF8FontFromBytes(ff.family, "", b)
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("pdf: add fonts: %w", err)
	}
	return nil
}

// run is a stretch of text drawn in one font.
type run struct {
	text string
	cjk  bool
}

// splitRuns cuts s into maximal runs of CJK and of other characters. Spaces
// and other characters that are neither go with the non-CJK run, in DejaVu.
func splitRuns(s string) []run {
	var runs []run
	start, cur := 0, false
	for i, r := range s {
		c := isCJK(r)
		switch {
		case i == 0:
			cur = c
		case c != cur:
			runs = append(runs, run{s[start:i], cur})
			start, cur = i, c
		}
	}
	if start < len(s) {
		runs = append(runs, run{s[start:], cur})
	}
	return runs
}

// isCJK reports whether r is drawn with Droid Sans Fallback: Chinese
// characters and the CJK blocks of punctuation, fullwidth forms, kana, hangul
// and bopomofo, which DejaVu Sans lacks.
func isCJK(r rune) bool {
	switch {
	case r < 0x2e80:
		return false
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo):
		return true
	case r >= 0x3000 && r <= 0x303f, // CJK symbols and punctuation: 、。「」
		r >= 0x3200 && r <= 0x33ff, // enclosed CJK letters, CJK compatibility
		r >= 0xfe30 && r <= 0xfe4f, // CJK compatibility forms
		r >= 0xff00 && r <= 0xffef: // halfwidth and fullwidth forms: （）：，
		return true
	}
	return false
}

// textWidth is the width of s in the current unit at size points.
func textWidth(f *fpdf.Fpdf, s string, size float64) float64 {
	w := 0.0
	for _, r := range splitRuns(s) {
		setFont(f, family(r), size)
		w += f.GetStringWidth(r.text)
	}
	return w
}

// drawText draws s with its baseline starting at (x, y), switching fonts per
// run, and returns its width.
func drawText(f *fpdf.Fpdf, x, y float64, s string, size float64) float64 {
	x0 := x
	for _, r := range splitRuns(s) {
		setFont(f, family(r), size)
		f.Text(x, y, r.text)
		x += f.GetStringWidth(r.text)
	}
	return x - x0
}

// fitSize is the largest size not above size (and not below min) at which s
// is at most width wide.
func fitSize(f *fpdf.Fpdf, s string, size, min, width float64) float64 {
	w := textWidth(f, s, size)
	if w <= width || w == 0 {
		return size
	}
	return max(min, size*width/w)
}

// setFont selects family at size unless it is selected already. fpdf writes
// a font operator to the page at every SetFont, even one that changes
// nothing, about 60 bytes with its hashed font names; measuring every cell
// of a table before drawing it made those most of a page. The current
// family is recognised by its descriptor, since fpdf does not report its
// name; TestFontsDistinct checks that the two fonts' descriptors differ.
func setFont(f *fpdf.Fpdf, family string, size float64) {
	if pt, _ := f.GetFontSize(); pt == size && f.GetFontDesc("", "") == f.GetFontDesc(family, "") {
		return
	}
	f.SetFont(family, "", size)
}

func family(r run) string {
	if r.cjk {
		return fontCJK
	}
	return fontLatin
}
