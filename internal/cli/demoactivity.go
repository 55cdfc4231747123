package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"cyltrace"
	"cyltrace/internal/store"
)

// The demo's supervision material, so that the views of issue 8 and 9 are
// not empty on `serve --demo`: the makers' factory data of most of their
// archived cylinders, and a few illegal fillings of overdue cylinders.
const (
	demoFactoryPerMaker = 400 // archives of each maker considered
	demoFactorySkip     = 4   // every 4th of them stays without data (a recall candidate if it is a gas cylinder)
	demoViolations      = 8
)

// createDemoActivity adds the material through the store's own submit
// paths (factory records linked to their archives; fillings judged by the
// interlock), deterministically for the demo data.
func createDemoActivity(ctx context.Context, s *store.Store, asOf time.Time, out io.Writer) error {
	makers, err := s.Units(ctx, store.UnitFilter{Kind: cyltrace.KindManufacturer, Limit: 1000})
	if err != nil {
		return err
	}
	published := 0
	for _, m := range makers {
		n, err := demoFactory(ctx, s, m)
		if err != nil {
			return fmt.Errorf("demo factory data of %s: %w", m.Name, err)
		}
		published += n
	}
	violations, err := demoIllegalFillings(ctx, s, asOf)
	if err != nil {
		return fmt.Errorf("demo violations: %w", err)
	}
	fmt.Fprintf(out, "演示监督数据：出厂信息 %d 条，违规充装 %d 条\n", published, violations)
	return nil
}

// demoFactory publishes a maker's factory data of its archived cylinders,
// with the archives' values, leaving every demoFactorySkip-th without.
func demoFactory(ctx context.Context, s *store.Store, maker *cyltrace.Unit) (int, error) {
	list, err := s.Cylinders(ctx, store.CylinderFilter{Manufacturer: maker.Name, Limit: demoFactoryPerMaker})
	if err != nil {
		return 0, err
	}
	var recs []*cyltrace.FactoryRecord
	for i, c := range list {
		if i%demoFactorySkip == demoFactorySkip-1 {
			continue
		}
		recs = append(recs, &cyltrace.FactoryRecord{SourceID: "DEMO-FAC-" + c.ID, ProductNumber: c.ProductNumber,
			VarietyCode: c.VarietyCode, MediumCode: c.MediumCode, ManufactureDate: c.ManufactureDate,
			NominalPressureMPa: c.NominalPressureMPa, VolumeL: c.VolumeL, SupervisionCertNo: "JJ" + c.ManufactureDate[:4] + "-" + c.ProductNumber,
			TraceURL: "https://trace.maker.example.cn/p/" + c.ProductNumber, UnitID: maker.ID, MakerName: maker.Name})
	}
	if len(recs) == 0 {
		return 0, nil
	}
	out, err := s.SubmitFactory(ctx, recs)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, o := range out {
		if o.Status == store.Accepted {
			n++
		}
	}
	return n, nil
}

// demoIllegalFillings has the demo filling client's unit fill a few
// overdue cylinders on the demo's day, judged by the interlock as the API
// does: each becomes a violation for the supervision views.
func demoIllegalFillings(ctx context.Context, s *store.Store, asOf time.Time) (int, error) {
	station, err := demoClientUnit(ctx, s, "demo-filling")
	if err != nil {
		return 0, err
	}
	rows, err := s.OverdueCylinders(ctx, store.SupervisionFilter{Limit: demoViolations}, "")
	if err != nil {
		return 0, err
	}
	rv, err := s.CurrentRules(ctx)
	if err != nil {
		return 0, err
	}
	judge := func(c *cyltrace.Cylinder, locks []store.ActiveLock, f *cyltrace.Filling) ([]cyltrace.Reason, int) {
		return rv.Rules.Check(cyltrace.FillingCheck{Cylinder: c, MediumCode: f.MediumCode, CallerUnitID: station.ID}, f.At()), rv.Rules.Version
	}
	var fills []*cyltrace.Filling
	for i, r := range rows {
		fills = append(fills, &cyltrace.Filling{SourceID: fmt.Sprintf("DEMO-VIO-%d", i+1), CylinderID: r.CylinderID,
			MediumCode: r.MediumCode, Filler: "演示充装工", FillingDate: cyltrace.FormatDate(asOf),
			FillingUnitName: station.Name, UnitID: station.ID})
	}
	if len(fills) == 0 {
		return 0, nil
	}
	out, err := s.SubmitFillingsJudged(ctx, fills, judge)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, o := range out {
		if len(o.Violation) > 0 {
			n++
		}
	}
	return n, nil
}

// demoClientUnit returns the unit of a demo API client.
func demoClientUnit(ctx context.Context, s *store.Store, appKey string) (*cyltrace.Unit, error) {
	c, _, err := s.ClientByAppKey(ctx, appKey)
	if err != nil {
		return nil, err
	}
	return s.Unit(ctx, c.UnitID)
}
