package qr

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"cyltrace"
)

// PNG returns a black-and-white PNG of l: the code, size pixels square with
// its quiet zone, and the caption centred under it. Each module is a whole
// number of pixels; what size leaves over is white margin. The caption is
// drawn in ASCII (other characters become '?'); when it is wider than size the
// picture is widened rather than the caption cut.
func PNG(l Label, size int) ([]byte, error) {
	if size < 1 || size > MaxSize {
		return nil, cyltrace.Errorf(cyltrace.EINVALID, "二维码图片尺寸应在 1 到 %d 像素之间，收到 %d", MaxSize, size)
	}
	m, err := prepare(l)
	if err != nil {
		return nil, err
	}
	n := len(m)
	if size < n {
		return nil, cyltrace.Errorf(cyltrace.EINVALID, "二维码图片尺寸过小：此网址的二维码至少需要 %d 像素，收到 %d", n, size)
	}

	text := asciiOnly(l.Caption)
	face := basicfont.Face7x13
	scale, width, band := 1, size, 0
	if text != "" {
		scale = captionScale(len(text)*face.Advance, size)
		width = max(size, (len(text)*face.Advance+2)*scale)
		band = (face.Height + 4) * scale
	}

	img := image.NewPaletted(image.Rect(0, 0, width, size+band), color.Palette{color.White, color.Black})
	ppm := size / n
	x0 := (width-size)/2 + (size-n*ppm)/2
	y0 := (size - n*ppm) / 2
	for y, row := range m {
		for x, dark := range row {
			if dark {
				fill(img, x0+x*ppm, y0+y*ppm, ppm)
			}
		}
	}
	if text != "" {
		drawCaption(img, text, face, scale, (width-len(text)*face.Advance*scale)/2, size+scale)
	}

	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("qr: encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// captionScale is the whole factor the 7×13 font is drawn at: about a tenth
// of the code's side in height, smaller when the caption would not fit the
// code's width, never below 1.
func captionScale(textWidth, size int) int {
	s := max(1, size/128)
	for s > 1 && textWidth*s > size {
		s--
	}
	return s
}

// drawCaption draws text at scale with its top-left corner at (x, y).
func drawCaption(img *image.Paletted, text string, face *basicfont.Face, scale, x, y int) {
	mask := image.NewAlpha(image.Rect(0, 0, len(text)*face.Advance, face.Height))
	d := font.Drawer{Dst: mask, Src: image.Opaque, Face: face, Dot: fixed.P(0, face.Ascent)}
	d.DrawString(text)
	b := mask.Bounds()
	for my := b.Min.Y; my < b.Max.Y; my++ {
		for mx := b.Min.X; mx < b.Max.X; mx++ {
			if mask.AlphaAt(mx, my).A >= 0x80 {
				fill(img, x+mx*scale, y+my*scale, scale)
			}
		}
	}
}

// fill paints a black side×side square at (x, y).
func fill(img *image.Paletted, x, y, side int) {
	for dy := range side {
		off := img.PixOffset(x, y+dy)
		for i := range side {
			img.Pix[off+i] = 1
		}
	}
}

// asciiOnly replaces every character the 7×13 font lacks by '?'.
func asciiOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return '?'
		}
		return r
	}, s)
}
