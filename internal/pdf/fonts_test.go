package pdf

import (
	"reflect"
	"testing"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/sfnt"
)

func TestSplitRuns(t *testing.T) {
	tests := []struct {
		in   string
		want []run
	}{
		{"", nil},
		{"A030105", []run{{"A030105", false}}},
		{"气瓶", []run{{"气瓶", true}}},
		{"瓶32渝A00001(21)", []run{{"瓶", true}, {"32", false}, {"渝", true}, {"A00001(21)", false}}},
		{"重庆玉灵燃气有限公司 气瓶二维码标签", []run{{"重庆玉灵燃气有限公司", true}, {" ", false}, {"气瓶二维码标签", true}}},
		{"第 1/5 页", []run{{"第", true}, {" 1/5 ", false}, {"页", true}}},
		{"共 21 个标签，每页 3 列 × 7 行；", []run{{"共", true}, {" 21 ", false}, {"个标签，每页", true}, {" 3 ", false}, {"列", true}, {" × 7 ", false}, {"行；", true}}},
		{"（一）：、。「」", []run{{"（一）：、。「」", true}}},
		{"x—y·z°", []run{{"x—y·z°", false}}},
	}
	for _, tt := range tests {
		if got := splitRuns(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitRuns(%q): got %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

// TestRunsHaveGlyphs checks that the font each character is sent to has a
// glyph for it: the failure NOTES.md warns text extraction cannot see.
func TestRunsHaveGlyphs(t *testing.T) {
	latin := parseFont(t, "fonts/DejaVuSans.ttf")
	cjk := parseFont(t, "fonts/DroidSansFallbackFull.ttf")
	texts := []string{
		"重庆玉灵燃气有限公司 气瓶二维码标签", DefaultTitle,
		"第 12/100 页", "共 2000 个标签，每页 3 列 × 7 行；沿虚线剪开，贴于瓶体醒目处，保持二维码平整清洁。",
		"瓶32渝A00001(21)", "（液化石油气）：、。「」《》", "CQ0123456789ABCDEF",
	}
	for c := rune(0x20); c < 0x7f; c++ {
		texts = append(texts, string(c))
	}
	assertGlyphs(t, texts)
	// And the reason for two fonts: each lacks what the other draws.
	var buf sfnt.Buffer
	if g, _ := cjk.GlyphIndex(&buf, '3'); g != 0 {
		t.Log("Droid Sans Fallback now has digits; two fonts may no longer be needed")
	}
	if g, _ := latin.GlyphIndex(&buf, '瓶'); g != 0 {
		t.Errorf("DejaVu Sans has 瓶: unexpected font file")
	}
}

// assertGlyphs checks that every character of texts has a glyph in the font
// splitRuns sends it to.
func assertGlyphs(t *testing.T, texts []string) {
	t.Helper()
	latin := parseFont(t, "fonts/DejaVuSans.ttf")
	cjk := parseFont(t, "fonts/DroidSansFallbackFull.ttf")
	var buf sfnt.Buffer
	for _, s := range texts {
		for _, r := range splitRuns(s) {
			f, name := latin, "DejaVu Sans"
			if r.cjk {
				f, name = cjk, "Droid Sans Fallback"
			}
			for _, c := range r.text {
				if g, err := f.GlyphIndex(&buf, c); err != nil || g == 0 {
					t.Errorf("%q in %q: %s has no glyph (err %v)", c, s, name, err)
				}
			}
		}
	}
}

func parseFont(t *testing.T, name string) *sfnt.Font {
	t.Helper()
	b, err := fontFiles.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	f, err := sfnt.Parse(b)
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return f
}

// TestFontsDistinct checks what setFont relies on to skip a SetFont: the
// fonts' descriptors tell them apart, and a skipped SetFont leaves the
// wanted font selected.
func TestFontsDistinct(t *testing.T) {
	f := fpdf.New("P", "mm", "A4", "")
	if err := addFonts(f); err != nil {
		t.Fatal(err)
	}
	if f.GetFontDesc(fontLatin, "") == f.GetFontDesc(fontCJK, "") {
		t.Fatal("DejaVu Sans and Droid Sans Fallback have equal descriptors: setFont cannot tell them apart")
	}
	f.AddPage()
	for _, fam := range []string{fontCJK, fontLatin, fontLatin, fontCJK, fontCJK} {
		setFont(f, fam, 9)
		if pt, _ := f.GetFontSize(); f.GetFontDesc("", "") != f.GetFontDesc(fam, "") || pt != 9 {
			t.Errorf("after setFont(%s, 9): another font or size selected", fam)
		}
	}
}
