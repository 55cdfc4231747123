package console

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestBarChartIsWellFormedSVG(t *testing.T) {
	svg := string(barChart("每日充装<量>", []chartPoint{{"2026-11-24", 3}, {"2026-11-25", 0}, {"2026-11-26", 6}}, "#1f4e8c"))
	dec := xml.NewDecoder(strings.NewReader(svg))
	rects := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "rect" {
			rects++
		}
	}
	if rects != 3 {
		t.Errorf("bars: %d, want 3", rects)
	}
	if !strings.Contains(svg, "每日充装&lt;量&gt;") || !strings.Contains(svg, `data-value="6"`) {
		t.Errorf("title not escaped or values missing:\n%s", svg)
	}
	if !strings.Contains(svg, `height="160.0" fill`) { // the largest bar fills the plot
		t.Errorf("largest bar not full height:\n%s", svg)
	}
}
