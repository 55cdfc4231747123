package images

import (
	"bytes"
	"image/gif"
	"runtime"
	"testing"

	"cyltrace"
)

func TestPutRefusesOtherFormats(t *testing.T) {
	var gifData bytes.Buffer
	if err := gif.Encode(&gifData, picture(80, 80), nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"gif", gifData.Bytes()},
		{"text", []byte("这不是图片 — just some text that is long enough to be sniffed")},
		{"pdf", []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")},
		{"webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00")},
		{"png signature on garbage", append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0x42}, 500)...)},
		{"jpeg signature cut", []byte{0xff, 0xd8}},
	}
	s := mustStore(t, 5<<20)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Put(bytes.NewReader(tt.data))
			e := wantCode(t, err, cyltrace.EINVALID)
			if e.Message != msgNotImage {
				t.Errorf("message = %q, want %q", e.Message, msgNotImage)
			}
		})
	}
}

func TestPutRefusesCorrupt(t *testing.T) {
	png := mustPNG(t, 100, 100)
	jpg := mustJPEG(t, 100, 100)
	tests := []struct {
		name string
		data []byte
	}{
		{"truncated png", png[:len(png)/2]},
		{"png header only", png[:33]},
		{"png bad crc", append(append([]byte{}, png[:30]...), append([]byte{png[30] ^ 0xff}, png[31:]...)...)},
		{"truncated jpeg", jpg[:len(jpg)/2]},
		{"jpeg header only", jpg[:20]},
	}
	s := mustStore(t, 5<<20)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Put(bytes.NewReader(tt.data))
			e := wantCode(t, err, cyltrace.EINVALID)
			if e.Message != msgCorrupt {
				t.Errorf("message = %q, want %q", e.Message, msgCorrupt)
			}
		})
	}
}

func TestPutRefusesBadDimensions(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"png 100000×100000", pngHeader(100000, 100000), "图片尺寸过大（100000×100000 像素），不能超过 5000 万像素"},
		{"png 10000×5001", pngHeader(10000, 5001), "图片尺寸过大（10000×5001 像素），不能超过 5000 万像素"},
		// image/png itself refuses a header whose pixel count overflows.
		{"png max int32 sides", pngHeader(1<<31-1, 1<<31-1), msgCorrupt},
		{"jpeg 60000×60000", jpegClaiming(t, 60000, 60000), "图片尺寸过大（60000×60000 像素），不能超过 5000 万像素"},
		{"png 32×32", mustPNG(t, 32, 32), "图片尺寸过小（32×32 像素），至少需要 64×64 像素"},
		{"jpeg 640×63", mustJPEG(t, 640, 63), "图片尺寸过小（640×63 像素），至少需要 64×64 像素"},
		{"png 100000×1", pngHeader(100000, 1), "图片尺寸过小（100000×1 像素），至少需要 64×64 像素"},
	}
	s := mustStore(t, 5<<20)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := s.Put(bytes.NewReader(tt.data))
			runtime.ReadMemStats(&after)
			e := wantCode(t, err, cyltrace.EINVALID)
			if e.Message != tt.want {
				t.Errorf("message = %q, want %q", e.Message, tt.want)
			}
			if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
				t.Errorf("refusing allocated %d bytes, want under 1 MiB (no decode)", got)
			}
		})
	}
}
