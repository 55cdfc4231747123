package images

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"

	"cyltrace"
)

// Limits on what counts as a useful photo.
const (
	// MinSide is the smallest width and height accepted, in pixels.
	MinSide = 64
	// MaxPixels bounds width×height, and so the memory a full decode needs.
	MaxPixels = 50_000_000
)

// The formats an Image can have.
const (
	FormatJPEG = "jpeg"
	FormatPNG  = "png"
)

// Magic bytes. A PNG must start with its signature and the IHDR chunk
// header, so that the signature alone in front of garbage is not a PNG.
const (
	jpegMagic = "\xff\xd8\xff"
	pngMagic  = "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"
)

// Messages shown to the clerk.
const (
	msgNotImage = "钢印照片必须是 JPEG 或 PNG 图片"
	msgCorrupt  = "图片已损坏，无法读取"
)

// sniff returns the format of data by its first bytes, or "" when it is
// neither JPEG nor PNG.
func sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte(jpegMagic)):
		return FormatJPEG
	case bytes.HasPrefix(data, []byte(pngMagic)):
		return FormatPNG
	}
	return ""
}

// decodeConfig reads only the header of an image of the given format.
// It uses the format's own decoder rather than image.DecodeConfig, so that
// whatever other formats the program registers never matter here.
func decodeConfig(r io.Reader, format string) (image.Config, error) {
	if format == FormatJPEG {
		return jpeg.DecodeConfig(r)
	}
	return png.DecodeConfig(r)
}

// inspect checks that data is a whole, sensibly sized image of the format
// and returns its width and height. The size is checked from the header
// before the full decode allocates anything.
func inspect(data []byte, format string) (width, height int, err error) {
	cfg, err := decodeConfig(bytes.NewReader(data), format)
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return 0, 0, cyltrace.Errorf(cyltrace.EINVALID, msgCorrupt)
	}
	w, h := cfg.Width, cfg.Height
	if int64(w)*int64(h) > MaxPixels {
		return 0, 0, cyltrace.Errorf(cyltrace.EINVALID,
			"图片尺寸过大（%d×%d 像素），不能超过 %d 万像素", w, h, MaxPixels/10_000)
	}
	if w < MinSide || h < MinSide {
		return 0, 0, cyltrace.Errorf(cyltrace.EINVALID,
			"图片尺寸过小（%d×%d 像素），至少需要 %d×%d 像素", w, h, MinSide, MinSide)
	}
	var img image.Image
	if format == FormatJPEG {
		img, err = jpeg.Decode(bytes.NewReader(data))
	} else {
		img, err = png.Decode(bytes.NewReader(data))
	}
	if err != nil || img.Bounds().Dx() != w || img.Bounds().Dy() != h {
		return 0, 0, cyltrace.Errorf(cyltrace.EINVALID, msgCorrupt)
	}
	return w, h, nil
}

// tooLarge is the error for a file over max bytes.
func tooLarge(max int64) error {
	return cyltrace.Errorf(cyltrace.ETOOLARGE, "图片不能超过 %s", humanSize(max))
}

// humanSize writes n bytes the way the limit was most likely configured.
func humanSize(n int64) string {
	const kib, mib = 1 << 10, 1 << 20
	switch {
	case n >= mib && n%mib == 0:
		return fmt.Sprintf("%d MiB", n/mib)
	case n >= kib && n%kib == 0:
		return fmt.Sprintf("%d KiB", n/kib)
	}
	return fmt.Sprintf("%d 字节", n)
}
