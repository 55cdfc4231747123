package demo

import (
	"strings"

	"cyltrace"
)

// sector is what kind of organisation a unit is; it decides its name, its
// kinds and which cylinders it owns or serves.
type sector int

const (
	secLPG          sector = iota // 燃气公司: fills and owns LPG cylinders
	secIndGas                     // 工业气体公司: fills industrial gases, owns some cylinders
	secInspection                 // 气瓶检验机构
	secDistribution               // 配送服务部
	secHospital                   // 医院: oxygen, N₂O, liquid oxygen
	secFactory                    // 工厂: welding and process gases
	secRestaurant                 // 餐饮: CO₂ for drinks
	secLab                        // 检测、科研: nitrogen, argon, liquid nitrogen
	secMaker                      // 气瓶制造单位
	secRegulator                  // 市场监督管理局: the city bureau and the district bureaus
	numSectors
)

// unit is a generated unit with what the generator needs to know about it.
type unit struct {
	u           *cyltrace.Unit
	sec         sector
	slug        string   // host name part of its own traceability site
	region      int      // index into the regions
	join        day      // when it docked and, for using units, first registered
	cert        string   // 使用登记证编号 of a using unit: one per unit
	supplier    *unit    // the industrial gas company that fills an end user's cylinders
	distributor *unit    // the distribution unit an LPG company hands deliveries to, if any
	fillers     []string // its filling staff (充装人员)
	couriers    []string // its own deliverers, when it delivers itself
	internal    int      // last 单位内编号 issued
}

func (x *unit) name() string { return x.u.Name }

// nameTemplates are the name patterns per sector: {w} is a trade name, {d} the
// short district name, {D} the full district name.
var nameTemplates = [numSectors][]string{
	secLPG:          {"重庆{w}燃气有限公司", "重庆市{d}{w}液化气有限公司", "重庆{w}能源有限公司", "重庆{d}{w}燃气有限责任公司"},
	secIndGas:       {"重庆{w}气体有限公司", "重庆{w}工业气体有限公司", "重庆市{d}{w}气体有限公司"},
	secInspection:   {"重庆{w}气瓶检测有限公司"},
	secDistribution: {"重庆{w}燃气配送有限公司", "重庆市{d}{w}液化气配送服务部"},
	secHospital:     {"重庆{w}医院有限公司", "重庆{w}口腔医院有限公司", "重庆{d}{w}康复医院有限公司"},
	secFactory:      {"重庆{w}机械制造有限公司", "重庆{w}汽车零部件有限公司", "重庆{w}钢结构工程有限公司", "重庆{w}焊接材料有限公司", "重庆{d}{w}建材有限公司"},
	secRestaurant:   {"重庆{w}火锅餐饮有限公司", "重庆{d}{w}餐饮管理有限公司", "重庆{w}饮品有限公司", "重庆{w}大酒店有限公司"},
	secLab:          {"重庆{w}检测技术有限公司", "重庆{w}生物科技有限公司", "重庆{w}新材料有限公司"},
}

// slugSuffix tells units of the same trade name apart in host names.
var slugSuffix = [numSectors]string{"gas", "qt", "jc", "ps", "yy", "jx", "cy", "lab", "gp", "scjg"}

// kindsOf returns the unit kinds of a sector. LPG and industrial gas
// companies fill their own cylinders, so they are using units as well.
func kindsOf(s sector, delivers bool) []cyltrace.UnitKind {
	switch s {
	case secLPG:
		if delivers {
			return []cyltrace.UnitKind{cyltrace.KindFilling, cyltrace.KindUsing, cyltrace.KindDistribution}
		}
		return []cyltrace.UnitKind{cyltrace.KindFilling, cyltrace.KindUsing}
	case secIndGas:
		return []cyltrace.UnitKind{cyltrace.KindFilling, cyltrace.KindUsing}
	case secInspection:
		return []cyltrace.UnitKind{cyltrace.KindInspection}
	case secDistribution:
		return []cyltrace.UnitKind{cyltrace.KindDistribution}
	case secMaker:
		return []cyltrace.UnitKind{cyltrace.KindManufacturer}
	case secRegulator:
		return []cyltrace.UnitKind{cyltrace.KindRegulator}
	}
	return []cyltrace.UnitKind{cyltrace.KindUsing}
}

// regionWeight is a district's rough share of cylinders: the main urban
// districts and the big northeastern districts weigh most, the mountain
// counties least.
func regionWeight(code string) int {
	switch code {
	case "500112":
		return 6
	case "500107", "500101":
		return 5
	case "500105", "500106", "500108", "500113", "500102", "500116", "500117", "500234":
		return 4
	case "500109", "500110", "500118", "500235", "500236", "500298":
		return 3
	case "500198", "500229", "500232", "500238", "500240", "500299":
		return 1
	}
	return 2
}

// orgAlphabet is the character set of codes issued since 2015 (MA…), which
// leaves out the letters GB 32100 does not use.
const orgAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditCode returns a new, unused unified social credit code. Public
// bodies (事业单位: district hospitals, inspection institutes) carry the
// prefix 12, companies 91.
func (g *gen) creditCode(public bool, admin string) string {
	prefix := "91"
	if public {
		prefix = "12"
	}
	for {
		var b [8]byte
		if !public && g.rng.IntN(10) < 4 {
			b[0], b[1] = 'M', 'A' // registered after the 2015 reform
			for i := 2; i < 8; i++ {
				b[i] = orgAlphabet[g.rng.IntN(len(orgAlphabet))]
			}
		} else {
			for i := range b {
				b[i] = byte('0' + g.rng.IntN(10))
			}
		}
		code := cyltrace.MakeUSCC(prefix + admin + cyltrace.MakeOrgCode(string(b[:])))
		if !g.codes[code] {
			g.codes[code] = true
			return code
		}
	}
}

// uniqueName fills a template with trade names, district being the region's
// name, until the name is unused; after a few tries it combines two trade
// names, which always runs free.
func (g *gen) uniqueName(tpl string, district string) (string, word) {
	for try := 0; ; try++ {
		w := tradeNames[g.rng.IntN(len(tradeNames))]
		if try > 8 {
			w2 := tradeNames[g.rng.IntN(len(tradeNames))]
			w = word{w.han + w2.han, w.pinyin + w2.pinyin}
		}
		name := strings.NewReplacer("{w}", w.han, "{d}", districtShort(district), "{D}", district).Replace(tpl)
		if !g.names[name] {
			g.names[name] = true
			return name, w
		}
	}
}

// uniqueSlug returns base, or base with a number when another unit has it.
func (g *gen) uniqueSlug(base string) string {
	s := base
	for n := 2; g.slugs[s]; n++ {
		s = base + pad(n, 1)
	}
	g.slugs[s] = true
	return s
}

// addUnit creates a unit of sector s in region ri with the given name.
func (g *gen) addUnit(s sector, ri int, name, slug string, public bool) *unit {
	reg := g.regions[ri]
	x := &unit{sec: s, region: ri, slug: g.uniqueSlug(slug)}
	x.join = g.joinDay(s)
	x.u = &cyltrace.Unit{
		Code:       g.creditCode(public, reg.Code),
		Name:       name,
		RegionCode: reg.Code,
		CreatedAt:  x.join.utc(9 * 3600),
	}
	g.addToRegion(x)
	return x
}

func (g *gen) addToRegion(x *unit) {
	g.units = append(g.units, x)
	g.byRegion[x.region][x.sec] = append(g.byRegion[x.region][x.sec], x)
}

// joinDay is when a unit docked with the city system: within the notice's
// roll-out (fuel gas first, by 2022-06-30; the rest by 2022-09-30), or
// earlier when AsOf is before it.
func (g *gen) joinDay(s sector) day {
	from, to := dayOf(2021, 6, 1), dayOf(2022, 9, 30)
	if s == secLPG {
		to = dayOf(2022, 6, 30)
	}
	if latest := g.asOf - 120; to > latest {
		to = latest
		from = min(from, to-480)
	}
	return from + day(g.rng.IntN(int(to-from)+1))
}
