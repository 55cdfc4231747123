package qr

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
)

// SVG returns a scalable SVG of l: the code as black <rect> elements on a
// white background, in a viewBox one unit per module (quiet zone included),
// and the caption as a <text> centred under it. Its nominal size is 8 px a
// module; scale it freely.
func SVG(l Label) ([]byte, error) {
	m, err := prepare(l)
	if err != nil {
		return nil, err
	}
	n := len(m)
	// The caption is about a tenth of the code's side, as in the PNG.
	fontSize := max(2, float64(n)/10)
	height := float64(n)
	if l.Caption != "" {
		height += fontSize * 1.5
	}

	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 %d %s" width="%d" height="%s" shape-rendering="crispEdges">`+"\n",
		n, num(height), 8*n, num(8*height))
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%d" height="%s" fill="#fff"/>`+"\n", n, num(height))
	b.WriteString(`<g fill="#000">` + "\n")
	for y, row := range m {
		for x := 0; x < n; {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < n && row[x] {
				x++
			}
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="1"/>`+"\n", start, y, x-start)
		}
	}
	b.WriteString("</g>\n")
	if l.Caption != "" {
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="%s" text-anchor="middle" fill="#000">`,
			num(float64(n)/2), num(float64(n)+fontSize), num(fontSize))
		if err := xml.EscapeText(&b, []byte(l.Caption)); err != nil {
			return nil, fmt.Errorf("qr: escape caption: %w", err)
		}
		b.WriteString("</text>\n")
	}
	b.WriteString("</svg>\n")
	return b.Bytes(), nil
}

// num formats a length with at most two decimals.
func num(f float64) string {
	return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
}
