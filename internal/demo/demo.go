package demo

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"cyltrace"
)

// Options says what to generate.
type Options struct {
	Seed      uint64
	Cylinders int       // number of cylinders
	AsOf      time.Time // "today" for the data set (a date in CST); statuses like overdue are relative to it
	// FillDays is how many days up to AsOf carry fillings (default
	// DefaultFillDays): a longer window makes the big databases the
	// supervision views are measured on (ten fillings a cylinder take
	// about a year).
	FillDays int
}

// DefaultFillDays is the filling window of Options.FillDays when zero.
const DefaultFillDays = 56

// fillWindow returns the run's filling window in days.
func (g *gen) fillWindow() day {
	if g.opt.FillDays > 0 {
		return day(g.opt.FillDays)
	}
	return DefaultFillDays
}

// Sink receives the data in dependency order: all units first, then each
// cylinder immediately followed by its own inspections, fillings and trail
// events. The records are fresh values the sink may keep.
type Sink interface {
	AddUnit(ctx context.Context, u *cyltrace.Unit) error // the sink sets u.ID
	AddCylinder(ctx context.Context, c *cyltrace.Cylinder) error
	AddInspection(ctx context.Context, in *cyltrace.Inspection) error
	AddFilling(ctx context.Context, f *cyltrace.Filling) error
	AddTrail(ctx context.Context, t *cyltrace.TrailEvent) error
}

// gen holds one run's state. It is not safe for concurrent use.
type gen struct {
	opt       Options
	rng       *rand.Rand
	src       *rand.ChaCha8 // the rng's source, read directly for codes
	rules     cyltrace.RuleTable
	regions   []cyltrace.Region
	asOf      day
	asOfMonth month
	baseMonth month // the earliest manufacture month, with a margin
	endOfDay  int64 // the last second of AsOf, Unix time

	weights     []int // region weights, in region order
	weightSum   int
	regionIndex map[string]int
	units       []*unit
	byRegion    [][numSectors][]*unit
	makers      []*maker
	codes       map[string]bool // credit codes issued
	names       map[string]bool // unit names issued
	slugs       map[string]bool // host names issued
	certSeq     int

	seqI, seqF, seqT int     // sourceId serials of inspections, fillings, trails
	trails           []trail // the current cylinder's trail, reused
	sum              Summary
}

// Generate produces the data set of opt and hands it to sink. It returns what
// it generated; on an error from the sink or ctx it stops and returns the
// summary so far with the error.
func Generate(ctx context.Context, opt Options, sink Sink) (Summary, error) {
	if opt.Cylinders < 0 {
		return Summary{}, errors.New("demo: negative number of cylinders")
	}
	if opt.AsOf.IsZero() {
		return Summary{}, errors.New("demo: AsOf is required")
	}
	g := newGen(opt)
	g.buildUnits()
	for _, x := range g.units {
		if err := sink.AddUnit(ctx, x.u); err != nil {
			return g.sum, fmt.Errorf("demo: add unit %s: %w", x.u.Name, err)
		}
		g.sum.Units++
	}
	for i := range opt.Cylinders {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return g.sum, err
			}
		}
		if err := g.cylinder(ctx, sink, i); err != nil {
			return g.sum, fmt.Errorf("demo: %w", err)
		}
	}
	return g.sum, nil
}

func newGen(opt Options) *gen {
	// The seed fills the first 8 bytes of the ChaCha8 key; a fixed label
	// fills the rest so that seed 0 is not the all-zero key.
	var key [32]byte
	binary.LittleEndian.PutUint64(key[:8], opt.Seed)
	copy(key[8:], "cyltrace demo data v1")
	src := rand.NewChaCha8(key)
	g := &gen{
		opt: opt, rng: rand.New(src), src: src,
		rules: cyltrace.DefaultRuleTable(), regions: cyltrace.Regions(),
		regionIndex: map[string]int{},
		codes:       map[string]bool{}, names: map[string]bool{}, slugs: map[string]bool{},
		sum: Summary{ByStatus: map[string]int{}, ByMedium: map[string]int{}},
	}
	g.asOf = dayOfTime(opt.AsOf)
	g.asOfMonth = g.asOf.month()
	g.baseMonth = g.asOfMonth - maxAge - 24
	g.endOfDay = g.asOf.unix(secondsPerDay - 1)
	g.byRegion = make([][numSectors][]*unit, len(g.regions))
	for i, r := range g.regions {
		g.regionIndex[r.Code] = i
		w := regionWeight(r.Code)
		g.weights = append(g.weights, w)
		g.weightSum += w
	}
	return g
}
