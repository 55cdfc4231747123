package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"cyltrace"
)

// trail is one trail node before it becomes a record.
type trail struct {
	d     day
	sec   int
	node  string
	actor string
	by    *unit // the submitting unit
}

// workSecond is a second of the working day, 08:00 to 18:00.
func (g *gen) workSecond() int { return 8*3600 + g.rng.IntN(10*3600) }

// fillings writes the cylinder's fillings within the window, each followed
// by its trail nodes: an LPG bottle every three to six weeks, an industrial
// one about monthly, and only on days the interlock would allow it.
func (g *gen) fillings(ctx context.Context, sink Sink, pl *plan, c *cyltrace.Cylinder) error {
	fuel := isFuelGas(c.MediumCode)
	if !pl.registered || pl.p.st == stStopped || (fuel && pl.made >= month(2021*12) && c.TagType == "") {
		// The interlock refuses a gas cylinder made since 2021 without an
		// electronic mark (NO_ELECTRONIC_MARK), so such a bottle stands idle.
		return nil
	}
	cycle := 25 + g.rng.IntN(11)
	filler := pl.owner
	if fuel {
		cycle = 21 + g.rng.IntN(22)
	} else if filler.sec != secIndGas {
		filler = filler.supplier
	}
	start := g.asOf - g.fillWindow() + 1
	for d := start + day(g.rng.IntN(cycle)); d <= g.asOf; d += day(cycle - 3 + g.rng.IntN(7)) {
		if !pl.fillable(d) {
			continue
		}
		sec := g.workSecond()
		g.seqF++
		f := &cyltrace.Filling{
			SourceID:        "DEMO-F-" + pad(g.seqF, 7),
			CylinderID:      c.ID,
			MediumCode:      c.MediumCode,
			Filler:          filler.fillers[g.rng.IntN(len(filler.fillers))],
			FillingDate:     d.String(),
			FillingUnitName: filler.name(),
			FillingTime:     dateTime(d, sec),
			UnitID:          filler.u.ID,
			ReceivedAt:      g.received(filler, d, sec),
		}
		if err := sink.AddFilling(ctx, f); err != nil {
			return fmt.Errorf("add filling %s: %w", f.SourceID, err)
		}
		g.sum.Fillings++
		g.trails = append(g.trails, trail{d, sec, cyltrace.NodeFilling, filler.name(), filler})
		g.afterFilling(pl, filler, d, sec, fuel)
	}
	return nil
}

// afterFilling adds what happens to a filled bottle: an LPG bottle is
// delivered (by a distribution unit or the company's own deliverer) and put
// to use, or sold over the counter; an industrial one is sometimes delivered.
func (g *gen) afterFilling(pl *plan, filler *unit, d day, sec int, fuel bool) {
	n := g.rng.IntN(100)
	if !fuel {
		if n < 30 {
			g.later(d, sec+3600+g.rng.IntN(6*3600), cyltrace.NodeDelivery, filler.name(), filler)
		}
		return
	}
	o := pl.owner
	switch {
	case n < 70:
		at := sec + 3600 + g.rng.IntN(29*3600)
		if o.distributor != nil {
			g.later(d, at, cyltrace.NodeDelivery, o.distributor.name(), o.distributor)
		} else {
			g.later(d, at, cyltrace.NodeDelivery, o.couriers[g.rng.IntN(len(o.couriers))], o)
		}
		if n >= 55 { // delivered and put to use
			g.later(d, at+1800+g.rng.IntN(3*3600), cyltrace.NodeUse, o.name(), o)
		}
	case n < 85:
		g.later(d, sec+1800+g.rng.IntN(8*3600), cyltrace.NodeSale, o.name(), o)
	}
}

// later adds a trail node at second sec counted from day d, unless that is
// after AsOf: the data set knows nothing of tomorrow.
func (g *gen) later(d day, sec int, node, actor string, by *unit) {
	d += day(sec / secondsPerDay)
	sec %= secondsPerDay
	if d > g.asOf {
		return
	}
	g.trails = append(g.trails, trail{d, sec, node, actor, by})
}

// emitTrails hands the cylinder's trail nodes to the sink in time order.
func (g *gen) emitTrails(ctx context.Context, sink Sink, c *cyltrace.Cylinder) error {
	slices.SortStableFunc(g.trails, func(a, b trail) int {
		return int(a.d.unix(a.sec) - b.d.unix(b.sec))
	})
	for _, t := range g.trails {
		g.seqT++
		ev := &cyltrace.TrailEvent{
			SourceID:   "DEMO-T-" + pad(g.seqT, 7),
			CylinderID: c.ID,
			Time:       dateTime(t.d, t.sec),
			Node:       t.node,
			ActorName:  t.actor,
			UnitID:     t.by.u.ID,
			ReceivedAt: g.received(t.by, t.d, t.sec),
		}
		if err := sink.AddTrail(ctx, ev); err != nil {
			return fmt.Errorf("add trail %s: %w", ev.SourceID, err)
		}
		g.sum.Trails++
	}
	return nil
}

// received is when the city system got a record of second sec of day d from
// unit by: minutes later once the unit has docked; records from before its
// docking arrived with its first upload.
func (g *gen) received(by *unit, d day, sec int) time.Time {
	at := d.unix(sec) + int64(60+g.rng.IntN(3600))
	if join := by.join.unix(10 * 3600); at < join {
		at = join
	}
	return time.Unix(min(at, g.endOfDay), 0).UTC()
}
