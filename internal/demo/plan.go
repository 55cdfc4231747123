package demo

import "cyltrace"

// state is what a cylinder's archive says about it on AsOf.
type state int

const (
	stInDate       state = iota // registered, in use, inspection in date
	stOverdue                   // registered, in use, missed its last due inspection
	stScrapped                  // 报废 after a 报废处置 inspection
	stStopped                   // 停用
	stUnregistered              // imported, registration not yet approved
)

// stateWeights are the shares (per cent) of the states among the cylinders
// that no guaranteed profile covers.
var stateWeights = [...]int{stInDate: 82, stOverdue: 6, stScrapped: 5, stStopped: 3, stUnregistered: 4}

// The tag of a cylinder: none, a QR code or an RFID tag bound to its archive.
const (
	tagDraw = iota // decided by the cylinder's medium and age
	tagNone
	tagQR
	tagRFID
)

// profile forces some choices for one cylinder.
type profile struct {
	st       state
	spec     int // index into specs
	tag      int
	recall   bool // a gas cylinder made from 2021-01 on: the notice demands a mark
	pre2021  bool // made before 2021
	extended bool // an LPG cylinder kept past 8 years by an inspection
}

// guaranteed are the first cylinders' profiles, so that even a data set of a
// few dozen cylinders shows every state the views and the interlock know.
var guaranteed = []profile{
	{st: stInDate, spec: specLPG15, tag: tagQR},
	{st: stInDate, spec: specLPG15, tag: tagRFID, pre2021: true},
	{st: stInDate, spec: specO2, tag: tagNone},
	{st: stOverdue, spec: specLPG15, tag: tagDraw},
	{st: stScrapped, spec: specLPG15, tag: tagDraw},
	{st: stStopped, spec: specCO2, tag: tagDraw},
	{st: stUnregistered, spec: specLPG15, tag: tagNone},
	{st: stInDate, spec: specLPG15, tag: tagNone, recall: true},
	{st: stInDate, spec: specLPG15, tag: tagQR, extended: true},
}

// profileFor returns the guaranteed profile of cylinder i, or one drawn by
// the weights.
func (g *gen) profileFor(i int) profile {
	if i < len(guaranteed) {
		return guaranteed[i]
	}
	p := profile{spec: g.pickSpec(), tag: tagDraw}
	n := g.rng.IntN(100)
	for s, w := range stateWeights {
		if n < w {
			p.st = state(s)
			break
		}
		n -= w
	}
	return p
}

// inspection is one generated inspection of a cylinder.
type inspection struct {
	d       day
	next    month // the due month it sets; none for a scrap disposal
	scrap   bool
	extends bool // passed at or past design life: the LPG 8+4 extension
	agency  *unit
}

// plan is one cylinder's life before it becomes records.
type plan struct {
	p          profile
	sp         *spec
	interval   int // inspection interval in months
	life       int // design life in months
	maxLife    int // life in months after an extension; equal to life without one
	owner      *unit
	mk         *maker
	made       month
	firstUse   day
	registered bool
	reg        day
	stop       day // stopped: the day it was taken out of use
	missed     month
	scrapMonth month
	scrapDay   day
	insp       []inspection
}

// classOf returns the rule-table class of a spec. Every spec has one, as the
// table ends in catch-all classes per variety.
func (g *gen) classOf(sp *spec) cyltrace.RuleClass {
	c, ok := g.rules.ClassFor(sp.variety, sp.medium)
	if !ok {
		panic("demo: no rule class for " + sp.variety + "/" + sp.medium)
	}
	return c
}

// lifeEnd is the first day on which the cylinder is past its service life,
// given whether an inspection extended it.
func (pl *plan) lifeEnd(extended bool) day {
	if extended {
		return (pl.made + month(pl.maxLife)).firstDay()
	}
	return (pl.made + month(pl.life)).firstDay()
}

// dueAt returns the next inspection month in force on day d: that of the
// last periodic inspection before or on d, or the first due after manufacture.
func (pl *plan) dueAt(d day) (due month, extended bool) {
	due = pl.made + month(pl.interval)
	for _, in := range pl.insp {
		if in.d > d || in.scrap {
			break
		}
		due = in.next
		extended = extended || in.extends
	}
	return due, extended
}

// fillable reports whether the interlock would let the cylinder be filled on
// d: registered, not stopped or scrapped, in date and within its service life.
func (pl *plan) fillable(d day) bool {
	if !pl.registered || d < pl.reg || pl.p.st == stStopped || pl.p.st == stUnregistered {
		return false
	}
	if pl.p.st == stScrapped && d >= pl.scrapDay {
		return false
	}
	due, ext := pl.dueAt(d)
	return d <= due.lastDay() && d < pl.lifeEnd(ext)
}

// lastPeriodic returns the last periodic inspection. The archive's 最近一次
// 检验日期 and 下次检验日期 come from it even for a scrapped cylinder: the
// scrap disposal sets no next date, and Cylinder.Validate wants the next
// date after the last one.
func (pl *plan) lastPeriodic() (inspection, bool) {
	for i := len(pl.insp) - 1; i >= 0; i-- {
		if !pl.insp[i].scrap {
			return pl.insp[i], true
		}
	}
	return inspection{}, false
}
