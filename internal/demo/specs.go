package demo

import "cyltrace"

// spec is one kind of cylinder as it is bought: medium, variety, size and
// pressure, its share of the city's cylinders (per mille) and who uses it.
type spec struct {
	medium, variety string
	volume          int64 // hundredths of a litre
	pressure        int64 // hundredths of a MPa
	weight          int   // per mille of all cylinders
	cat             category
	users           []sector // end users besides the industrial gas companies; nil for fuel gas
}

// specs is the medium mix: LPG is some 70% of the city's cylinders (15 kg
// household bottles above all), industrial gases the rest.
var specs = []spec{
	{cyltrace.MediumLPG, "2320", 3550, 210, 560, catWelded, nil}, // YSP35.5, 15 kg
	{cyltrace.MediumLPG, "2320", 1200, 210, 84, catWelded, nil},  // YSP12, 5 kg
	{cyltrace.MediumLPG, "2320", 11800, 210, 56, catWelded, nil}, // YSP118, 50 kg for restaurants
	{cyltrace.MediumDME, "2320", 3550, 210, 10, catWelded, nil},  // DME in LPG-type bottles
	{"G1", "2310", 4000, 1500, 90, catSeamless, []sector{secHospital, secFactory}},
	{"G2", "2310", 4000, 1500, 40, catSeamless, []sector{secFactory, secLab}},
	{"G3", "2310", 4000, 1500, 35, catSeamless, []sector{secFactory, secLab}},
	{"G15", "2310", 4000, 1500, 45, catSeamless, []sector{secRestaurant, secFactory}},
	{"G17", "23T0", 4000, 300, 40, catAcetylene, []sector{secFactory}},
	{"G5", "2310", 8000, 2000, 10, catSeamless, []sector{secFactory}},
	{"G18", "2310", 4000, 1500, 10, catSeamless, []sector{secHospital}},
	{"G6", "23T0", 17500, 140, 12, catCryogenic, []sector{secHospital}},
	{"G7", "23T0", 17500, 140, 8, catCryogenic, []sector{secLab, secHospital}},
}

// Indexes into specs that the guaranteed profiles name.
const (
	specLPG15 = 0
	specO2    = 4
	specCO2   = 7
)

// isFuelGas reports whether the medium makes a gas cylinder (燃气气瓶) in the
// notice's sense: LPG or DME.
func isFuelGas(medium string) bool {
	return medium == cyltrace.MediumLPG || medium == cyltrace.MediumDME
}

// pickSpec draws a spec by weight.
func (g *gen) pickSpec() int {
	n := g.rng.IntN(1000)
	for i := range specs {
		if n < specs[i].weight {
			return i
		}
		n -= specs[i].weight
	}
	return specLPG15
}

// pickOwner returns the using unit of a new cylinder of spec sp: an LPG
// company for fuel gas; for industrial gases either the industrial gas
// company itself (it rents cylinders out) or an end user of a fitting sector.
func (g *gen) pickOwner(sp *spec) *unit {
	ri := g.pickRegion()
	if sp.users == nil {
		return pickOne(g, g.byRegion[ri][secLPG])
	}
	if g.rng.IntN(100) < 45 {
		return pickOne(g, g.byRegion[ri][secIndGas])
	}
	return pickOne(g, g.byRegion[ri][sp.users[g.rng.IntN(len(sp.users))]])
}

func pickOne(g *gen, us []*unit) *unit { return us[g.rng.IntN(len(us))] }

// pickRegion draws a region by its weight.
func (g *gen) pickRegion() int {
	n := g.rng.IntN(g.weightSum)
	for i, w := range g.weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(g.weights) - 1
}
