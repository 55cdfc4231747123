package demo

import (
	"fmt"
	"strings"

	"cyltrace"
)

// Summary counts what Generate produced.
type Summary struct {
	Units, Cylinders, Inspections, Fillings, Trails int

	ByStatus map[string]int // by 使用状态
	ByMedium map[string]int // by 充装介质 code

	Overdue      int // in use, past the end of the next-inspection month
	Unregistered int // no 使用登记证编号 yet
	Extended     int // LPG cylinders past 8 years, kept by an inspection
	TraceCoded   int // product number is a 12-digit traceable number
	WithQR       int
	WithRFID     int
	WithoutTag   int
	// RecallCandidates are gas cylinders (G13/G14) made from 2021-01 on
	// without a bound tag (notice §六(四)).
	RecallCandidates int
}

// count adds one cylinder to the summary.
func (g *gen) count(pl *plan, c *cyltrace.Cylinder) {
	s := &g.sum
	s.Cylinders++
	s.ByStatus[c.Status]++
	s.ByMedium[c.MediumCode]++
	if pl.p.st == stOverdue {
		s.Overdue++
	}
	if !pl.registered {
		s.Unregistered++
	}
	if pl.p.st != stScrapped && pl.maxLife > pl.life && int(g.asOfMonth-pl.made) > pl.life {
		s.Extended++
	}
	if len(c.ProductNumber) == 12 && c.ProductNumber[:3] == pl.mk.code {
		s.TraceCoded++
	}
	switch c.TagType {
	case cyltrace.TagQR:
		s.WithQR++
	case cyltrace.TagRFID:
		s.WithRFID++
	default:
		s.WithoutTag++
		if isFuelGas(c.MediumCode) && pl.made >= month(2021*12) {
			s.RecallCandidates++
		}
	}
}

// String lists the counts one per line, in a fixed order.
func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "units          %d\ncylinders      %d\ninspections    %d\nfillings       %d\ntrails         %d\n",
		s.Units, s.Cylinders, s.Inspections, s.Fillings, s.Trails)
	for _, st := range cyltrace.Statuses() {
		fmt.Fprintf(&b, "status %-7s %d\n", st, s.ByStatus[st])
	}
	for _, m := range cyltrace.Media() {
		if n := s.ByMedium[m.Code]; n > 0 {
			fmt.Fprintf(&b, "medium %-7s %d\n", m.Code, n)
		}
	}
	fmt.Fprintf(&b, "overdue        %d\nunregistered   %d\nextended LPG   %d\ntrace-coded    %d\n",
		s.Overdue, s.Unregistered, s.Extended, s.TraceCoded)
	fmt.Fprintf(&b, "QR tag         %d\nRFID tag       %d\nno tag         %d\nrecall cands   %d\n",
		s.WithQR, s.WithRFID, s.WithoutTag, s.RecallCandidates)
	return b.String()
}
