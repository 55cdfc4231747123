package images

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"cyltrace"
)

// mustStore returns a Store in a fresh directory accepting maxBytes.
func mustStore(tb testing.TB, maxBytes int64) *Store {
	tb.Helper()
	s, err := New(tb.TempDir()+"/images", maxBytes)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return s
}

// picture returns a w×h picture with some structure, so that encoders
// produce realistic files.
func picture(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(x * 7), uint8(y * 5), uint8((x ^ y) * 3), 255})
		}
	}
	return img
}

// mustPNG encodes a w×h picture as PNG.
func mustPNG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, picture(w, h)); err != nil {
		tb.Fatalf("png.Encode: %v", err)
	}
	return buf.Bytes()
}

// mustJPEG encodes a w×h picture as JPEG.
func mustJPEG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, picture(w, h), &jpeg.Options{Quality: 80}); err != nil {
		tb.Fatalf("jpeg.Encode: %v", err)
	}
	return buf.Bytes()
}

// pngHeader returns a PNG signature and a valid IHDR chunk declaring w×h
// 8-bit RGBA pixels, followed by a tiny IDAT: a decoder that trusted the
// header would allocate w×h×4 bytes.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // depth 8, RGBA, deflate, no filter, no interlace
	chunk(&b, "IHDR", ihdr)
	chunk(&b, "IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	return b.Bytes()
}

// chunk appends one PNG chunk with its CRC.
func chunk(b *bytes.Buffer, typ string, data []byte) {
	b.Write(binary.BigEndian.AppendUint32(nil, uint32(len(data))))
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	b.WriteString(typ)
	b.Write(data)
	b.Write(binary.BigEndian.AppendUint32(nil, crc.Sum32()))
}

// jpegClaiming returns a real JPEG whose frame header is patched to declare
// w×h pixels.
func jpegClaiming(tb testing.TB, w, h uint16) []byte {
	tb.Helper()
	data := mustJPEG(tb, 64, 64)
	i := bytes.Index(data, []byte{0xff, 0xc0})
	if i < 0 {
		tb.Fatal("no SOF0 marker in encoded JPEG")
	}
	// FF C0, length (2), precision (1), height (2), width (2).
	binary.BigEndian.PutUint16(data[i+5:], h)
	binary.BigEndian.PutUint16(data[i+7:], w)
	return data
}

// wantCode fails unless err is a *cyltrace.Error with the code.
func wantCode(tb testing.TB, err error, code string) *cyltrace.Error {
	tb.Helper()
	var e *cyltrace.Error
	if !errors.As(err, &e) || e.Code != code {
		tb.Fatalf("error = %v, want a *cyltrace.Error with code %q", err, code)
	}
	return e
}
