package demo

import (
	"math/rand/v2"

	"cyltrace"
)

// category groups cylinders by how they are built, which decides who makes them.
type category int

const (
	catWelded    category = iota // 焊接气瓶: LPG and DME
	catSeamless                  // 无缝气瓶: compressed and liquefied industrial gases
	catAcetylene                 // 溶解乙炔气瓶
	catCryogenic                 // 低温绝热气瓶
)

// makerDef is one invented but plausible cylinder maker. Unit.Validate
// wants a Chongqing region for every unit, so an out-of-town maker is filed
// under the district of its Chongqing sales office, while its credit code
// keeps its home administrative code (admin).
type makerDef struct {
	name, slug, code string
	region           string // Chongqing region code
	admin            string // region part of the credit code
	cat              category
	weight           int
	traceFrom        int    // the year it began stamping 12-digit traceable numbers
	style            int    // how its own product numbers look (productNumber)
	prefix           string // letters of its own product numbers
}

// makerDefs are the makers. The first is the maker named in the notice's own
// example (Attachment 1 §五.4); the others are invented.
var makerDefs = []makerDef{
	{"重庆恒祥石油液化气钢瓶制造有限公司", "hengxiang", "101", "500113", "500113", catWelded, 30, 2017, 0, "A"},
	{"重庆巴渝钢瓶制造有限公司", "bayugp", "102", "500116", "500116", catWelded, 20, 2018, 1, "BY"},
	{"四川蜀安气瓶制造有限公司", "shuan", "215", "500112", "510100", catWelded, 20, 2017, 2, ""},
	{"湖北楚天钢瓶有限公司", "chutian", "318", "500105", "420100", catWelded, 15, 2017, 1, "CTGP"},
	{"浙江瓯江钢瓶有限公司", "oujiang", "426", "500107", "330300", catWelded, 15, 2016, 0, "K"},
	{"重庆长江无缝气瓶有限公司", "cjwf", "107", "500115", "500115", catSeamless, 40, 2018, 1, "SNYC"},
	{"江苏华瑞无缝钢瓶有限公司", "huarui", "532", "500298", "320500", catSeamless, 35, 2017, 2, ""},
	{"天津津港气瓶有限公司", "jingang", "611", "500106", "120100", catSeamless, 25, 2019, 0, "J"},
	{"重庆渝能乙炔气瓶有限公司", "yuneng", "109", "500110", "500110", catAcetylene, 60, 2018, 1, "YQ"},
	{"河南中原溶解乙炔气瓶有限公司", "zhongyuan", "705", "500113", "410100", catAcetylene, 40, 2019, 2, ""},
	{"成都蓉盛低温装备有限公司", "rongsheng", "227", "500108", "510100", catCryogenic, 50, 2018, 0, "D"},
	{"张家港华冷低温容器有限公司", "hualeng", "541", "500151", "320582", catCryogenic, 50, 2019, 1, "HL"},
}

// maker is a makerDef with its unit and its numbering counters.
type maker struct {
	*makerDef
	unit      *unit
	baseMonth month
	traceNext []int // next 7-digit serial per year, indexed from baseMonth's year
	monthSeq  []int // own product numbers issued per month
	yearSeq   []int // own product numbers issued per year
}

func newMaker(d *makerDef, u *unit, base month, months int) *maker {
	years := months/12 + 2
	return &maker{makerDef: d, unit: u, baseMonth: base,
		traceNext: make([]int, years), monthSeq: make([]int, months+1), yearSeq: make([]int, years)}
}

// productNumber returns the number the maker gave a cylinder made in mo and
// whether it is a 12-digit traceable number. From traceFrom on, nearly every
// cylinder carries one, and the notice asks registrants to prefer it.
func (m *maker) productNumber(r *rand.Rand, mo month, wantTrace bool) (string, bool) {
	y := mo.year()
	yi := y - m.baseMonth.year()
	if wantTrace && y >= m.traceFrom {
		if m.traceNext[yi] == 0 {
			// The maker ships to the whole country, so Chongqing sees a
			// sparse run of its serials that does not start at 1.
			m.traceNext[yi] = 1 + r.IntN(200000)
		}
		serial := m.traceNext[yi]
		if serial <= 9999999 {
			m.traceNext[yi] += 1 + r.IntN(3)
			return cyltrace.FormatTraceCode(m.code, y, serial), true
		}
	}
	yy, mm := y%100, int(mo)%12+1
	switch m.style {
	case 0: // A100417: letter, yymm, serial in the month
		m.monthSeq[mo-m.baseMonth]++
		return m.prefix + pad(yy, 2) + pad(mm, 2) + pad(m.monthSeq[mo-m.baseMonth], 2), false
	case 1: // SNYC121433: letters, yy, serial in the year
		m.yearSeq[yi]++
		return m.prefix + pad(yy, 2) + pad(m.yearSeq[yi], 4), false
	default: // 15030217: digits only, yymm, serial in the month
		m.monthSeq[mo-m.baseMonth]++
		return pad(yy, 2) + pad(mm, 2) + pad(m.monthSeq[mo-m.baseMonth], 4), false
	}
}

// pickMaker draws a maker of category c by weight.
func pickMaker(r *rand.Rand, makers []*maker, c category) *maker {
	total := 0
	for _, m := range makers {
		if m.cat == c {
			total += m.weight
		}
	}
	n := r.IntN(total)
	for _, m := range makers {
		if m.cat != c {
			continue
		}
		if n < m.weight {
			return m
		}
		n -= m.weight
	}
	panic("demo: no maker of category")
}
