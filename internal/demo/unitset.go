package demo

import "cyltrace"

// buildUnits creates every unit: the makers, then region by region the
// inspection bodies, distributors, gas companies and end users. The number of
// gas companies and end users grows with the number of cylinders so that a
// large data set does not pile thousands of cylinders on one hospital.
func (g *gen) buildUnits() {
	n := g.opt.Cylinders
	for i := range makerDefs {
		g.makers = append(g.makers, g.addMaker(&makerDefs[i]))
	}
	for ri, reg := range g.regions {
		w := regionWeight(reg.Code)
		g.addUnit(secInspection, ri, "重庆市"+reg.Name+"特种设备检验所", "tjs"+reg.Code, true)
		if w >= 4 {
			g.named(secInspection, ri)
		}
		g.named(secDistribution, ri)
		for range 1 + w/2 + w*n/1_500_000 {
			g.named(secLPG, ri)
		}
		for range 1 + w/3 + w*n/3_000_000 {
			g.named(secIndGas, ri)
		}
		g.addUnit(secHospital, ri, "重庆市"+reg.Name+"人民医院", "rmyy"+reg.Code, true)
		for range w * n / 1_000_000 {
			g.named(secHospital, ri)
		}
		for range 1 + w*n/500_000 {
			g.named(secFactory, ri)
		}
		for range 1 + w*n/2_000_000 {
			g.named(secRestaurant, ri)
		}
		for range 1 + w*n/2_000_000 {
			g.named(secLab, ri)
		}
	}
	// The bureaus: the city bureau, then each district's registration
	// authority (the region table's 登记机构名称).
	g.addUnit(secRegulator, g.regionIndex["500112"], "重庆市市场监督管理局", "scjgj", true)
	for ri, reg := range g.regions {
		g.addUnit(secRegulator, ri, reg.Authority, "scjg"+reg.Code, true)
	}
	for _, x := range g.units {
		g.finishUnit(x)
	}
}

// named creates a unit of sector s in region ri with a generated name.
func (g *gen) named(s sector, ri int) *unit {
	tpls := nameTemplates[s]
	name, w := g.uniqueName(tpls[g.rng.IntN(len(tpls))], g.regions[ri].Name)
	return g.addUnit(s, ri, name, w.pinyin+slugSuffix[s], false)
}

// addMaker creates a maker's unit.
func (g *gen) addMaker(d *makerDef) *maker {
	x := &unit{sec: secMaker, region: g.regionIndex[d.region], slug: g.uniqueSlug(d.slug)}
	x.join = g.joinDay(secMaker)
	x.u = &cyltrace.Unit{
		Code:       g.creditCode(false, d.admin),
		Name:       d.name,
		RegionCode: d.region,
		MakerCode:  d.code,
		CreatedAt:  x.join.utc(9 * 3600),
	}
	g.names[d.name] = true
	g.addToRegion(x)
	months := int(g.asOfMonth-g.baseMonth) + 1
	return newMaker(d, x, g.baseMonth, months)
}

// finishUnit links a unit to its partners and gives it staff, kinds and, for
// a using unit, its registration certificate.
func (g *gen) finishUnit(x *unit) {
	delivers := false
	switch x.sec {
	case secLPG:
		if d := g.byRegion[x.region][secDistribution]; len(d) > 0 && g.rng.IntN(2) == 0 {
			x.distributor = d[g.rng.IntN(len(d))]
		} else {
			delivers = true
			x.couriers = g.people(2 + g.rng.IntN(5))
		}
		x.fillers = g.people(3 + g.rng.IntN(6))
	case secIndGas:
		x.fillers = g.people(2 + g.rng.IntN(4))
	case secHospital, secFactory, secRestaurant, secLab:
		s := g.byRegion[x.region][secIndGas]
		x.supplier = s[g.rng.IntN(len(s))]
	}
	x.u.Kinds = kindsOf(x.sec, delivers)
	if x.u.HasKind(cyltrace.KindUsing) {
		// One certificate per using unit (DOMAIN.md §4), numbered in the
		// default template 瓶32渝A + serial + (year of first registration).
		g.certSeq++
		x.cert = "瓶32渝A" + pad(g.certSeq, 5) + "(" + pad(x.join.month().year()%100, 2) + ")"
	}
}

// people returns n personal names.
func (g *gen) people(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = personName(g.rng)
	}
	return out
}
