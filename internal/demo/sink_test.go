package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"testing"
	"time"

	"cyltrace"
)

// collector is a Sink that keeps everything, checks the dependency order
// Generate promises, and hashes the stream for the determinism test.
type collector struct {
	units  []*cyltrace.Unit
	cyls   []*cyltrace.Cylinder
	insps  []*cyltrace.Inspection
	fills  []*cyltrace.Filling
	trails []*cyltrace.TrailEvent

	current string // the cylinder whose records may follow
	phase   int    // 0 units, 1 cylinder, 2 inspections, 3 fillings, 4 trails
	h       hash.Hash
	byID    map[string]*cyltrace.Cylinder // built on first use by findCylinder
}

func newCollector() *collector { return &collector{h: sha256.New()} }

func (c *collector) write(kind string, v any, extra ...any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.h, "%s %s %v\n", kind, b, extra)
	return nil
}

// step checks that a record of phase p for cylinder id may come now.
func (c *collector) step(p int, id string) error {
	if c.phase == 0 || id != c.current {
		return fmt.Errorf("record of cylinder %q after cylinder %q", id, c.current)
	}
	if p < c.phase {
		return fmt.Errorf("record of phase %d after phase %d", p, c.phase)
	}
	c.phase = p
	return nil
}

func (c *collector) AddUnit(_ context.Context, u *cyltrace.Unit) error {
	if c.phase != 0 {
		return fmt.Errorf("unit %s after the first cylinder", u.Name)
	}
	c.units = append(c.units, u)
	u.ID = int64(len(c.units))
	return c.write("unit", u)
}

func (c *collector) AddCylinder(_ context.Context, cy *cyltrace.Cylinder) error {
	c.cyls = append(c.cyls, cy)
	c.current, c.phase = cy.ID, 1
	return c.write("cylinder", cy, cy.UseUnitID)
}

func (c *collector) AddInspection(_ context.Context, in *cyltrace.Inspection) error {
	if err := c.step(2, in.CylinderID); err != nil {
		return err
	}
	c.insps = append(c.insps, in)
	return c.write("inspection", in, in.UnitID, in.ReceivedAt.UnixNano())
}

func (c *collector) AddFilling(_ context.Context, f *cyltrace.Filling) error {
	if err := c.step(3, f.CylinderID); err != nil {
		return err
	}
	c.fills = append(c.fills, f)
	return c.write("filling", f, f.UnitID, f.ReceivedAt.UnixNano())
}

func (c *collector) AddTrail(_ context.Context, t *cyltrace.TrailEvent) error {
	if err := c.step(4, t.CylinderID); err != nil {
		return err
	}
	c.trails = append(c.trails, t)
	return c.write("trail", t, t.UnitID, t.ReceivedAt.UnixNano())
}

func (c *collector) sum() string { return hex.EncodeToString(c.h.Sum(nil)) }

// testAsOf is the default "today" of the tests.
var testAsOf = time.Date(2025, 11, 25, 0, 0, 0, 0, cyltrace.CST)

// mustGenerate runs Generate into a new collector and fails the test on error.
func mustGenerate(tb testing.TB, opt Options) (*collector, Summary) {
	tb.Helper()
	c := newCollector()
	s, err := Generate(context.Background(), opt, c)
	if err != nil {
		tb.Fatalf("Generate(%+v): %v", opt, err)
	}
	return c, s
}

// endOfDay is the last second of the data set's AsOf: what every record is
// validated against.
func endOfDay(asOf time.Time) time.Time {
	y, m, d := asOf.In(cyltrace.CST).Date()
	return time.Date(y, m, d, 23, 59, 59, 0, cyltrace.CST)
}

// discard is a Sink that only sets unit ids, for the benchmark.
type discard struct{ n int64 }

func (d *discard) AddUnit(_ context.Context, u *cyltrace.Unit) error {
	d.n++
	u.ID = d.n
	return nil
}
func (*discard) AddCylinder(context.Context, *cyltrace.Cylinder) error     { return nil }
func (*discard) AddInspection(context.Context, *cyltrace.Inspection) error { return nil }
func (*discard) AddFilling(context.Context, *cyltrace.Filling) error       { return nil }
func (*discard) AddTrail(context.Context, *cyltrace.TrailEvent) error      { return nil }
