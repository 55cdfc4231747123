package demo

import (
	"context"
	"fmt"
	"strings"

	"cyltrace"
)

// cylinder generates cylinder i with its history and hands it to the sink.
func (g *gen) cylinder(ctx context.Context, sink Sink, i int) error {
	pl := g.newPlan(g.profileFor(i))
	c, err := g.archive(pl)
	if err != nil {
		return err
	}
	if err := sink.AddCylinder(ctx, c); err != nil {
		return fmt.Errorf("add cylinder %s: %w", c.ID, err)
	}
	g.count(pl, c)
	for _, in := range pl.insp {
		if err := sink.AddInspection(ctx, g.inspectionRecord(c, in)); err != nil {
			return fmt.Errorf("add inspection: %w", err)
		}
		g.sum.Inspections++
	}
	g.trails = g.trails[:0]
	for _, in := range pl.insp {
		if in.d >= pl.reg && pl.registered {
			// Trail records flow once the cylinder is in the system;
			// earlier inspections came in with the imported archive.
			g.trails = append(g.trails, trail{d: in.d, sec: g.workSecond(), node: cyltrace.NodeInspection, actor: in.agency.name(), by: in.agency})
		}
	}
	if err := g.fillings(ctx, sink, pl, c); err != nil {
		return err
	}
	return g.emitTrails(ctx, sink, c)
}

// archive builds the cylinder's archive as the city system holds it on AsOf.
func (g *gen) archive(pl *plan) (*cyltrace.Cylinder, error) {
	id, err := cyltrace.NewCylinderID(g.src)
	if err != nil {
		return nil, fmt.Errorf("cylinder id: %w", err)
	}
	o, sp := pl.owner, pl.sp
	pn, traced := pl.mk.productNumber(g.rng, pl.made, g.rng.IntN(100) < 95)
	o.internal++
	c := &cyltrace.Cylinder{
		ID:                 id,
		UseUnitName:        o.name(),
		UseUnitID:          o.u.ID,
		RegionCode:         o.u.RegionCode,
		VarietyCode:        sp.variety,
		ProductNumber:      pn,
		MediumCode:         sp.medium,
		Manufacturer:       pl.mk.name,
		ManufactureDate:    pl.made.String(),
		NominalPressureMPa: cyltrace.DecimalFromHundredths(sp.pressure),
		VolumeL:            cyltrace.DecimalFromHundredths(sp.volume),
		NextInspectionDate: (pl.made + month(pl.interval)).String(),
		UnitInternalNumber: g.internalNumber(o),
		Status:             cyltrace.StatusInUse,
	}
	if last, ok := pl.lastPeriodic(); ok {
		c.LastInspectionDate, c.NextInspectionDate = last.d.String(), last.next.String()
	}
	switch pl.p.st {
	case stScrapped:
		c.Status = cyltrace.StatusScrapped
	case stStopped:
		c.Status = cyltrace.StatusStopped
	}
	if pl.registered {
		c.RegistrationCertNumber = o.cert
		c.RegistrationDate = pl.reg.String()
		c.RegistrationAuthority = g.regions[o.region].Authority
	}
	return c, g.tag(pl, c, traced)
}

// internalNumber returns the unit's next 单位内编号: gas companies number
// their bottles plainly, others put their initials first.
func (g *gen) internalNumber(o *unit) string {
	if o.sec == secLPG {
		return pad(o.internal, 6)
	}
	return strings.ToUpper(o.slug[:2]) + pad(o.internal, 5)
}

// tag binds a QR code or an RFID tag, or leaves the cylinder without one.
// Gas cylinders made from 2021 on carry the maker's QR mark (notice §五),
// save a few that a recall view should find.
func (g *gen) tag(pl *plan, c *cyltrace.Cylinder, traced bool) error {
	t := pl.p.tag
	if t == tagDraw {
		n := g.rng.IntN(100)
		switch {
		case isFuelGas(c.MediumCode) && pl.made >= month(2021*12):
			t = pick3(n, 96, 0, tagQR, tagRFID, tagNone)
		case isFuelGas(c.MediumCode):
			t = pick3(n, 55, 20, tagQR, tagRFID, tagNone)
		default:
			t = pick3(n, 30, 30, tagQR, tagRFID, tagNone)
		}
	}
	if t == tagNone {
		return nil
	}
	code, err := cyltrace.NewInfoCode(g.src)
	if err != nil {
		return fmt.Errorf("info code: %w", err)
	}
	c.InfoCode = code
	if t == tagRFID {
		c.TagType = cyltrace.TagRFID
		return nil
	}
	c.TagType = cyltrace.TagQR
	if traced && isFuelGas(c.MediumCode) {
		c.QRContent = "https://trace." + pl.mk.slug + ".example.cn/c/" + c.ProductNumber
	} else {
		c.QRContent = "https://trace." + pl.owner.slug + ".example.cn/c/" + c.UnitInternalNumber
	}
	return nil
}

// pick3 maps n in [0,100) to a when below pa, to b when below pa+pb, else c.
func pick3(n, pa, pb, a, b, c int) int {
	switch {
	case n < pa:
		return a
	case n < pa+pb:
		return b
	}
	return c
}

// inspectionRecord turns a generated inspection into the record the
// inspection body submits.
func (g *gen) inspectionRecord(c *cyltrace.Cylinder, in inspection) *cyltrace.Inspection {
	g.seqI++
	rec := &cyltrace.Inspection{
		SourceID:         "DEMO-I-" + pad(g.seqI, 7),
		CylinderID:       c.ID,
		InspectionDate:   in.d.String(),
		InspectionAgency: in.agency.name(),
		Conclusion:       "合格",
		InspectionType:   cyltrace.InspectionPeriodic,
		UnitID:           in.agency.u.ID,
		ReceivedAt:       g.received(in.agency, in.d, 17*3600),
	}
	if in.scrap {
		// A scrapped cylinder is never due again: Inspection.Validate
		// lets a scrap disposal leave 下次检验日期 empty.
		rec.Conclusion, rec.InspectionType = "报废", cyltrace.InspectionScrap
	} else {
		rec.NextInspectionDate = in.next.String()
	}
	return rec
}
