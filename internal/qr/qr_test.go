package qr

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"cyltrace"
)

// zbarimg returns the path of zbarimg, skipping the test when it is missing.
func zbarimg(tb testing.TB) string {
	tb.Helper()
	p, err := exec.LookPath("zbarimg")
	if err != nil {
		tb.Skip("zbarimg not installed (Debian package zbar-tools): cannot decode QR codes")
	}
	return p
}

// decode runs zbarimg on a PNG and returns what it read.
func decode(tb testing.TB, pngBytes []byte) string {
	tb.Helper()
	bin := zbarimg(tb)
	f := filepath.Join(tb.TempDir(), "label.png")
	if err := os.WriteFile(f, pngBytes, 0o600); err != nil {
		tb.Fatal(err)
	}
	out, err := exec.Command(bin, "-q", "--raw", f).Output()
	if err != nil {
		tb.Fatalf("zbarimg %s: %v (output %q)", f, err, out)
	}
	return strings.TrimSuffix(string(out), "\n")
}

func url200() string {
	u := "https://trace.cqsj.gov.cn/q/CQ0123456789ABCDEF?u="
	return u + strings.Repeat("x", 200-len(u))
}

func TestPNGDecodes(t *testing.T) {
	zbarimg(t)
	long := url200()
	if len(long) != 200 {
		t.Fatalf("long URL has %d bytes, want 200", len(long))
	}
	tests := []struct {
		name string
		l    Label
		size int
	}{
		{"short", Label{URL: "https://t.cn/q/CQ0123456789ABCDEF", Caption: "A030105"}, 256},
		{"no caption", Label{URL: "https://trace.example.cn/q/CQ7ZZZZZZZZZZZZZZZ"}, 256},
		{"query string", Label{URL: "https://trace.example.cn/q?u=http%3A%2F%2Funit.example%2Fc%3Fid%3D42&x=1", Caption: "123990000001"}, 300},
		{"200 chars", Label{URL: long, Caption: "CQ0123456789ABCDEF"}, 512},
		{"small", Label{URL: "https://t.cn/q/CQ0123456789ABCDEF", Caption: "A1"}, 100},
		{"non-ASCII caption", Label{URL: "https://t.cn/q/CQ0123456789ABCDEF", Caption: "瓶32渝A00001(21)"}, 256},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := PNG(tt.l, tt.size)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := decode(t, b), tt.l.URL; got != want {
				t.Errorf("zbarimg read %q, want %q", got, want)
			}
		})
	}
}

func TestPNGGeometry(t *testing.T) {
	tests := []struct {
		caption     string
		size        int
		wantW, minH int
	}{
		{"", 256, 256, 256},
		{"A030105", 256, 256, 256 + 13*2},
		{strings.Repeat("W", 64), 128, 64*7 + 2, 128 + 13}, // too wide for the code: widened
	}
	for _, tt := range tests {
		b, err := PNG(Label{URL: "https://t.cn/q/1", Caption: tt.caption}, tt.size)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		r := img.Bounds()
		if r.Dx() != tt.wantW || r.Dy() < tt.minH {
			t.Errorf("caption %q size %d: got %v, want width %d and height >= %d", tt.caption, tt.size, r.Size(), tt.wantW, tt.minH)
		}
		if tt.caption == "" && r.Dy() != tt.size {
			t.Errorf("no caption: got height %d, want %d", r.Dy(), tt.size)
		}
		if tt.caption != "" && !hasDark(img, image.Rect(0, tt.size, r.Dx(), r.Dy())) {
			t.Errorf("caption %q: nothing drawn under the code", tt.caption)
		}
	}
}

func hasDark(img image.Image, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if c, _, _, _ := img.At(x, y).RGBA(); c < 0x8000 {
				return true
			}
		}
	}
	return false
}

func TestSVG(t *testing.T) {
	l := Label{URL: "https://trace.example.cn/q/CQ0123456789ABCDEF", Caption: `A&B<1>`}
	b, err := SVG(l)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`>A&amp;B&lt;1&gt;</text>`)) {
		t.Errorf("caption not escaped as expected in:\n%s", tail(b))
	}

	var texts []string
	rects := 0
	dec := xml.NewDecoder(bytes.NewReader(b))
	var inText bool
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse as XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "rect":
				rects++
			case "text":
				inText = true
			}
			if tok.Name.Local == "svg" && tok.Name.Space != "http://www.w3.org/2000/svg" {
				t.Errorf("svg namespace: got %q", tok.Name.Space)
			}
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				texts = append(texts, string(tok))
			}
		}
	}
	if got, want := strings.Join(texts, ""), l.Caption; got != want {
		t.Errorf("text: got %q, want %q", got, want)
	}
	m, _ := Modules(l.URL)
	if dark := countRuns(m); rects != dark+1 {
		t.Errorf("got %d <rect>, want %d runs of dark modules and a background", rects, dark)
	}
}

func countRuns(m [][]bool) int {
	n := 0
	for _, row := range m {
		for x := range row {
			if row[x] && (x == 0 || !row[x-1]) {
				n++
			}
		}
	}
	return n
}

func tail(b []byte) []byte { return b[max(0, len(b)-300):] }

func TestModules(t *testing.T) {
	m, err := Modules("https://t.cn/q/CQ0123456789ABCDEF")
	if err != nil {
		t.Fatal(err)
	}
	n := len(m)
	if n < 21+2*QuietZone || (n-2*QuietZone-17)%4 != 0 {
		t.Fatalf("got %d modules a side, not a QR version plus quiet zone", n)
	}
	for y, row := range m {
		if len(row) != n {
			t.Fatalf("row %d: got %d modules, want %d", y, len(row), n)
		}
		for x, dark := range row {
			inQuiet := x < QuietZone || y < QuietZone || x >= n-QuietZone || y >= n-QuietZone
			if inQuiet && dark {
				t.Fatalf("dark module at (%d,%d) in the quiet zone", x, y)
			}
		}
	}
	if !m[QuietZone][QuietZone] {
		t.Error("finder pattern corner is not dark")
	}
}

func TestInvalid(t *testing.T) {
	ok := "https://t.cn/q/1"
	tests := []struct {
		name string
		l    Label
		size int
	}{
		{"empty URL", Label{}, 256},
		{"URL over capacity", Label{URL: "https://t.cn/" + strings.Repeat("x", 2400)}, 256},
		{"URL not UTF-8", Label{URL: "https://t.cn/\xff"}, 256},
		{"caption too long", Label{URL: ok, Caption: strings.Repeat("1", MaxCaption+1)}, 256},
		{"caption control char", Label{URL: ok, Caption: "A\n1"}, 256},
		{"size 0", Label{URL: ok}, 0},
		{"size too big", Label{URL: ok}, MaxSize + 1},
		{"size below module count", Label{URL: ok}, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PNG(tt.l, tt.size)
			assertInvalid(t, "PNG", err)
			if strings.HasPrefix(tt.name, "size") {
				return
			}
			_, err = SVG(tt.l)
			assertInvalid(t, "SVG", err)
		})
	}
}

func TestCapacityEdge(t *testing.T) {
	// Medium correction, byte mode, version 40 holds 2,331 bytes.
	base := "https://t.cn/"
	if _, err := Modules(base + strings.Repeat("x", 2331-len(base))); err != nil {
		t.Errorf("2331 bytes: %v", err)
	}
	_, err := Modules(base + strings.Repeat("x", 2332-len(base)))
	assertInvalid(t, "2332 bytes", err)
}

func assertInvalid(t *testing.T, what string, err error) {
	t.Helper()
	var e *cyltrace.Error
	if !errors.As(err, &e) || e.Code != cyltrace.EINVALID {
		t.Errorf("%s: got %v, want an EINVALID *cyltrace.Error", what, err)
	}
}

func BenchmarkPNG256(b *testing.B) {
	l := Label{URL: "https://trace.cqsj.gov.cn/q/CQ0123456789ABCDEF", Caption: "123990000001"}
	for b.Loop() {
		if _, err := PNG(l, 256); err != nil {
			b.Fatal(err)
		}
	}
}
