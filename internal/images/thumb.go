package images

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"io"

	"golang.org/x/image/draw"
)

// Thumbnail decodes a stored image and returns a JPEG whose longer side is
// at most side pixels, for the lists of the console. Images already small
// enough are scaled anyway, so that every thumbnail is a JPEG.
func Thumbnail(r io.Reader, side int) ([]byte, error) {
	src, _, err := image.Decode(r)
	if err != nil {
		return nil, fmt.Errorf("thumbnail: %w", err)
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w >= h && w > side {
		w, h = side, max(1, h*side/w)
	} else if h > w && h > side {
		w, h = max(1, w*side/h), side
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	// ApproxBiLinear: a thumbnail is looked at, not measured; it is fast.
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 80}); err != nil {
		return nil, fmt.Errorf("thumbnail: %w", err)
	}
	return buf.Bytes(), nil
}
