package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"cyltrace"
)

const testTitle = "重庆玉灵燃气有限公司 气瓶二维码标签"

// labels returns n labels; the second has a product number with Chinese,
// the third a 200-byte URL (a denser code).
func labels(n int) []Label {
	ls := make([]Label, n)
	for i := range ls {
		code := fmt.Sprintf("CQ%016X", 0xA000+i)
		ls[i] = Label{
			URL:           "https://trace.cqsj.example.cn/q/" + code,
			ProductNumber: fmt.Sprintf("12399%07d", i+1),
			InfoCode:      code,
		}
	}
	if n > 1 {
		ls[1].ProductNumber = "瓶32渝A00001(21)"
	}
	if n > 2 {
		u := ls[2].URL + "?u="
		ls[2].URL = u + strings.Repeat("x", 200-len(u))
	}
	return ls
}

// tool returns the path of a command-line tool, skipping the test when it
// is missing.
func tool(tb testing.TB, name, pkg string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		tb.Skipf("%s not installed (Debian package %s): cannot check the PDF with it", name, pkg)
	}
	return p
}

// mustSheet writes a sheet of n labels to a temporary file.
func mustSheet(tb testing.TB, n int) (string, []byte) {
	tb.Helper()
	b, err := Sheet(LabelSheet{Title: testTitle, Labels: labels(n), Created: time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)})
	if err != nil {
		tb.Fatal(err)
	}
	f := filepath.Join(tb.TempDir(), fmt.Sprintf("labels-%d.pdf", n))
	if err := os.WriteFile(f, b, 0o600); err != nil {
		tb.Fatal(err)
	}
	return f, b
}

func execTool(tb testing.TB, bin string, args ...string) string {
	tb.Helper()
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			tb.Fatalf("%s %v: %v: %s", bin, args, err, ee.Stderr)
		}
		tb.Fatalf("%s %v: %v", bin, args, err)
	}
	return string(out)
}

func TestPageCount(t *testing.T) {
	pdfinfo := tool(t, "pdfinfo", "poppler-utils")
	pagesRE := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`)
	a4RE := regexp.MustCompile(`(?m)^Page size:\s+595\.2\d* x 841\.8\d* pts`) // 210×297 mm
	for _, tt := range []struct{ labels, pages int }{{1, 1}, {21, 1}, {22, 2}, {100, 5}} {
		f, _ := mustSheet(t, tt.labels)
		info := execTool(t, pdfinfo, f)
		m := pagesRE.FindStringSubmatch(info)
		if m == nil {
			t.Fatalf("%d labels: no page count in pdfinfo output:\n%s", tt.labels, info)
		}
		if got, _ := strconv.Atoi(m[1]); got != tt.pages || Pages(tt.labels) != tt.pages {
			t.Errorf("%d labels: got %d pages (Pages says %d), want %d", tt.labels, got, Pages(tt.labels), tt.pages)
		}
		if !a4RE.MatchString(info) {
			t.Errorf("%d labels: not A4 portrait:\n%s", tt.labels, info)
		}
	}
}

func TestText(t *testing.T) {
	pdftotext := tool(t, "pdftotext", "poppler-utils")
	f, _ := mustSheet(t, 22)
	text := execTool(t, pdftotext, "-layout", f, "-")
	for _, want := range []string{testTitle, "第 1/2 页", "第 2/2 页", "123990000001", "瓶32渝A00001(21)", "CQ000000000000A000", "CQ000000000000A015"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext output lacks %q", want)
		}
	}
}

func TestFontsEmbedded(t *testing.T) {
	pdffonts := tool(t, "pdffonts", "poppler-utils")
	f, _ := mustSheet(t, 3)
	out := execTool(t, pdffonts, f)
	for _, name := range []string{fontLatin, fontCJK} {
		line := ""
		for l := range strings.Lines(out) {
			if strings.Contains(l, name) {
				line = l
			}
		}
		// name type encoding emb sub uni object ID. poppler says "sub no"
		// for lack of a subset tag in the name; TestSize shows the subsetting.
		if fs := strings.Fields(line); len(fs) < 7 || fs[len(fs)-5] != "yes" {
			t.Errorf("font %s not embedded:\n%s", name, out)
		}
	}
}

func TestRender(t *testing.T) {
	pdftoppm := tool(t, "pdftoppm", "poppler-utils")
	f, _ := mustSheet(t, 21)
	prefix := filepath.Join(t.TempDir(), "page")
	execTool(t, pdftoppm, "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", f, prefix)
	b, err := os.ReadFile(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	// A4 at 50 dpi is 413×585.
	if got := img.Bounds().Size(); got.X < 410 || got.X > 416 || got.Y < 582 || got.Y > 588 {
		t.Errorf("page 1 at 50 dpi: got %v pixels, want about 413×585", got)
	}
	if got := darkShare(img); got < 0.05 || got > 0.5 {
		t.Errorf("page 1: %.1f%% of pixels dark, want a page of codes (5–50%%)", 100*got)
	}
	if len(b) < 20_000 {
		t.Errorf("page 1 PNG is %d bytes: too plain for 21 codes", len(b))
	}
}

func darkShare(img image.Image) float64 {
	r := img.Bounds()
	dark := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if c, _, _, _ := img.At(x, y).RGBA(); c < 0x8000 {
				dark++
			}
		}
	}
	return float64(dark) / float64(r.Dx()*r.Dy())
}

// TestPrintedCodesScan renders pages as a printer at 150 dpi would, cuts
// the cells apart as the filling unit does, and decodes each code with
// zbarimg, as a phone scans one label at a time.
func TestPrintedCodesScan(t *testing.T) {
	pdftoppm := tool(t, "pdftoppm", "poppler-utils")
	zbarimg := tool(t, "zbarimg", "zbar-tools")
	const dpi = 150
	f, _ := mustSheet(t, 22)
	ls := labels(22)
	for _, page := range []int{1, 2} {
		dir := t.TempDir()
		prefix := filepath.Join(dir, "page")
		p := strconv.Itoa(page)
		execTool(t, pdftoppm, "-png", "-r", strconv.Itoa(dpi), "-f", p, "-l", p, "-singlefile", f, prefix)
		cells := cutCells(t, prefix+".png", dpi, min(PerPage, len(ls)-(page-1)*PerPage))
		got := strings.Fields(execTool(t, zbarimg, append([]string{"-q", "--raw"}, cells...)...))
		var want []string
		for _, l := range ls[(page-1)*PerPage : min(len(ls), page*PerPage)] {
			want = append(want, l.URL)
		}
		if !slices.Equal(got, want) {
			t.Errorf("page %d: zbarimg read %d codes %q, want %d: %q", page, len(got), got, len(want), want)
		}
	}
}

// cutCells writes the first n cells of a page rendered at dpi to PNG files
// and returns their names, in label order.
func cutCells(tb testing.TB, pagePNG string, dpi float64, n int) []string {
	tb.Helper()
	b, err := os.ReadFile(pagePNG)
	if err != nil {
		tb.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		tb.Fatal(err)
	}
	px := func(mm float64) int { return int(mm * dpi / 25.4) }
	sub, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok {
		tb.Fatalf("%T cannot be cut", img)
	}
	var names []string
	for i := range n {
		x, y := gridX+float64(i%Columns)*cellW, gridY+float64(i/Columns)*cellH
		cell := sub.SubImage(image.Rect(px(x), px(y), px(x+cellW), px(y+cellH)))
		name := filepath.Join(filepath.Dir(pagePNG), fmt.Sprintf("cell%02d.png", i))
		var buf bytes.Buffer
		if err := png.Encode(&buf, cell); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(name, buf.Bytes(), 0o600); err != nil {
			tb.Fatal(err)
		}
		names = append(names, name)
	}
	return names
}

func TestSize(t *testing.T) {
	for _, tt := range []struct{ labels, maxKB int }{{1, 80}, {21, 150}, {2000, 4000}} {
		_, b := mustSheet(t, tt.labels)
		t.Logf("%d labels: %d bytes", tt.labels, len(b))
		if len(b) > tt.maxKB<<10 {
			t.Errorf("%d labels: got %d bytes, want at most %d KB (fonts subset?)", tt.labels, len(b), tt.maxKB)
		}
	}
}

func TestInvalid(t *testing.T) {
	bad := func(i int, mod func(*Label)) []Label {
		ls := labels(5)
		mod(&ls[i])
		return ls
	}
	tests := []struct {
		name     string
		s        LabelSheet
		code     string
		contains string
	}{
		{"empty", LabelSheet{Title: testTitle}, cyltrace.EINVALID, "为空"},
		{"too many", LabelSheet{Labels: labels(MaxLabels + 1)}, cyltrace.ETOOLARGE, "最多打印 2000 个"},
		{"empty URL", LabelSheet{Labels: bad(2, func(l *Label) { l.URL = "" })}, cyltrace.EINVALID, "第 3 个标签"},
		{"URL over capacity", LabelSheet{Labels: bad(0, func(l *Label) { l.URL += strings.Repeat("x", 2400) })}, cyltrace.EINVALID, "第 1 个标签"},
		{"long product number", LabelSheet{Labels: bad(4, func(l *Label) { l.ProductNumber = strings.Repeat("1", MaxText+1) })}, cyltrace.EINVALID, "第 5 个标签的产品编号"},
		{"control char", LabelSheet{Labels: bad(1, func(l *Label) { l.InfoCode = "CQ\t1" })}, cyltrace.EINVALID, "第 2 个标签的信息化编码"},
		{"long title", LabelSheet{Title: strings.Repeat("瓶", MaxTitle+1), Labels: labels(1)}, cyltrace.EINVALID, "标题"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Sheet(tt.s)
			var e *cyltrace.Error
			if !errors.As(err, &e) || e.Code != tt.code || !strings.Contains(e.Message, tt.contains) {
				t.Errorf("got %v, want a %s *cyltrace.Error mentioning %q", err, tt.code, tt.contains)
			}
		})
	}
	if _, err := Sheet(LabelSheet{Labels: labels(MaxLabels)}); err != nil {
		t.Errorf("%d labels: %v", MaxLabels, err)
	}
}

func BenchmarkSheet21(b *testing.B) {
	ls := labels(PerPage)
	for b.Loop() {
		if _, err := Sheet(LabelSheet{Title: testTitle, Labels: ls}); err != nil {
			b.Fatal(err)
		}
	}
}
