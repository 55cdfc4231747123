package demo

// maxAge is how far back manufacture goes: the last 15 years before AsOf.
const maxAge = 15 * 12

// newPlan decides one cylinder's maker, age, registration and inspections
// so that they agree with its state.
func (g *gen) newPlan(p profile) *plan {
	sp := &specs[p.spec]
	c := g.classOf(sp)
	pl := &plan{p: p, sp: sp, interval: c.IntervalYears * 12, life: c.DesignLifeYears * 12}
	pl.maxLife = max(pl.life, c.MaxLifeYears*12)
	pl.owner = g.pickOwner(sp)
	pl.mk = pickMaker(g.rng, g.makers, sp.cat)
	pl.made = g.asOfMonth - month(g.age(pl))
	pl.firstUse = min(pl.made.firstDay()+10+day(g.rng.IntN(80)), g.asOf)
	if p.st != stUnregistered {
		pl.registered = true
		pl.reg = pl.firstUse + 3 + day(g.rng.IntN(23)) // within 30 days of first use
		if join := pl.owner.join; pl.reg < join {
			// In use before its unit docked: registered in one of the
			// unit's batch applications after it joined.
			pl.reg = join + day(g.rng.IntN(90))
		}
		pl.reg = min(pl.reg, g.asOf)
	}
	switch p.st {
	case stStopped:
		from, to := pl.reg+30, g.asOf-g.fillWindow()
		pl.stop = g.asOf
		if from <= to {
			pl.stop = from + day(g.rng.IntN(int(to-from)+1))
		}
	case stScrapped:
		d := pl.scrapMonth.firstDay() + day(g.rng.IntN(28))
		d = min(max(d, pl.reg+1), g.asOf)
		pl.scrapDay = d
	}
	g.inspect(pl)
	return pl
}

// age returns the cylinder's age in months on AsOf, chosen so that the state
// holds: in date and within service life, overdue by up to 18 months, or
// scrapped at an inspection due after its unit joined. It also sets the
// missed or scrap month.
func (g *gen) age(pl *plan) int {
	p, lpg := pl.p, pl.maxLife > pl.life
	switch p.st {
	case stOverdue:
		ago := 1 + g.rng.IntN(18)
		pl.missed = g.asOfMonth - month(ago)
		return ago + pl.interval*g.dues(pl, ago, lpg)
	case stScrapped:
		at := g.scrapAge(pl, lpg)
		from := min(pl.owner.join.month()+2, g.asOfMonth)
		ago := g.rng.IntN(max(0, min(int(g.asOfMonth-from), maxAge-at)) + 1)
		pl.scrapMonth = g.asOfMonth - month(ago)
		return ago + at
	case stStopped:
		if lpg {
			return g.between(12, pl.life-1, p)
		}
		return g.between(12, min(pl.life, maxAge)-1, p)
	case stUnregistered:
		return g.between(0, min(pl.interval-1, 30), p)
	}
	if lpg && (p.extended || (!p.recall && g.rng.IntN(100) < 15)) {
		// Past year 8 on AsOf, so the inspection in year 8 extended it;
		// month 96 itself is left out: its inspection may not be done yet.
		return g.between(pl.life+1, pl.maxLife-1, p)
	}
	return g.between(1, min(pl.life, maxAge)-1, p)
}

// dues draws how many intervals before the missed month the cylinder was
// made, staying within 15 years; LPG cylinders miss their first inspection
// so that they never pass their design life unseen.
func (g *gen) dues(pl *plan, ago int, lpg bool) int {
	if lpg {
		return 1
	}
	k := (maxAge - ago) / pl.interval
	if k < 1 {
		return 1
	}
	return 1 + g.rng.IntN(k)
}

// scrapAge draws the age in months at which a cylinder was scrapped, at one
// of its inspections: an LPG bottle mostly at the end of its design life,
// some at the end of the extended life or failed at the first inspection;
// other cylinders failed at any inspection within 15 years. The scrap
// disposal must fall after its unit docked, so the scrap is recent and the
// cylinder correspondingly old.
func (g *gen) scrapAge(pl *plan, lpg bool) int {
	n := g.rng.IntN(100)
	switch {
	case lpg && n < 25:
		return pl.interval
	case lpg && n < 40:
		return pl.maxLife
	case lpg:
		return pl.life
	}
	return pl.interval * (1 + g.rng.IntN(maxAge/pl.interval))
}

// between draws an age in [lo, hi] months that honours the profile's bounds
// on the manufacture date; when they cannot be met (an early AsOf) it
// ignores them.
func (g *gen) between(lo, hi int, p profile) int {
	l, h := lo, hi
	if p.recall {
		h = min(h, int(g.asOfMonth-month(2021*12)))
	}
	if p.pre2021 {
		l = max(l, int(g.asOfMonth-month(2020*12+11)))
	}
	if l > h {
		l, h = lo, hi
	}
	if h < l {
		h = l
	}
	return l + g.rng.IntN(h-l+1)
}

// inspect writes the periodic inspections every interval from the
// manufacture month, up to AsOf and the state's end: the missed due of an
// overdue cylinder, the scrap disposal, the day it was stopped.
func (g *gen) inspect(pl *plan) {
	due, extended := pl.made+month(pl.interval), false
	for {
		if pl.p.st == stOverdue && due >= pl.missed {
			return
		}
		if pl.p.st == stScrapped && due >= pl.scrapMonth {
			pl.insp = append(pl.insp, inspection{d: pl.scrapDay, scrap: true, agency: g.agency(pl)})
			return
		}
		d := due.firstDay() + day(g.rng.IntN(28))
		if d > g.asOf || (pl.p.st == stStopped && d >= pl.stop) {
			return
		}
		// Passing an inspection at or past design life extends an LPG
		// cylinder to its maximum life (the 8+4 rule).
		ext := pl.maxLife > pl.life && int(due-pl.made) >= pl.life
		extended = extended || ext
		limit := pl.made + month(pl.life)
		if extended {
			limit = pl.made + month(pl.maxLife)
		}
		next := min(due+month(pl.interval), limit)
		if next <= due {
			return
		}
		pl.insp = append(pl.insp, inspection{d: d, next: next, extends: ext, agency: g.agency(pl)})
		due = next
	}
}

// agency picks the inspection body: usually one of the cylinder's district.
func (g *gen) agency(pl *plan) *unit {
	ri := pl.owner.region
	if g.rng.IntN(10) == 0 {
		ri = g.rng.IntN(len(g.regions))
	}
	return pickOne(g, g.byRegion[ri][secInspection])
}
