package console

import (
	"net/http"
	"net/url"

	"cyltrace"
	"cyltrace/internal/store"
)

// Makers' factory data (出厂信息, notice §三(一)) in the console: a maker
// sees what it published and where each cylinder is registered, and
// uploads records as Excel when it has no platform of its own; the city
// bureau sees each maker's coverage.

const factoryBase = "/console/factory"

// isMaker reports whether u is a user of a manufacturer.
func (c *Console) isMaker(r *http.Request, u *cyltrace.User) bool {
	if u.UnitID == 0 || !u.HasRole(cyltrace.UnitUser) {
		return false
	}
	unit, err := c.store.Unit(r.Context(), u.UnitID)
	return err == nil && unit.HasKind(cyltrace.KindManufacturer)
}

// factoryPage lists a maker's factory records with where each is registered.
type factoryPage struct {
	base
	Rows    []factoryRow
	Summary string
	Rejects int
	pager
}

type factoryRow struct {
	Product, TraceCode, Medium, Made, Volume, Pressure, CertNo string
	Registered                                                 bool
	Region, UseUnit, RegCert, Status                           string
}

func (c *Console) factory(w http.ResponseWriter, r *http.Request) {
	u := sessionOf(r).User
	if !c.isMaker(r, u) {
		c.forbidden(w, r, "只有制造单位的用户可以查看和发布出厂信息")
		return
	}
	page := pageOf(r.URL.Query())
	list, total, err := c.store.FactoryRecords(r.Context(), u.UnitID, perPage, (page-1)*perPage)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	p := factoryPage{base: c.page(w, r, "出厂信息", factoryBase)}
	for _, fr := range list {
		f := fr.Record
		p.Rows = append(p.Rows, factoryRow{Product: f.ProductNumber, TraceCode: f.TraceCode, Medium: mediumName(f.MediumCode),
			Made: f.ManufactureDate, Volume: f.VolumeL.String(), Pressure: f.NominalPressureMPa.String(),
			CertNo: f.SupervisionCertNo, Registered: fr.CylinderID != "", Region: regionName(fr.RegionCode),
			UseUnit: fr.UseUnitName, RegCert: fr.CertNumber, Status: fr.Status})
	}
	p.Summary = pageSummary(page, perPage, len(list), total)
	p.pager = newPager(factoryBase, url.Values{}, page, (page-1)*perPage+len(list) < total)
	c.render(w, r, http.StatusOK, "factory", p)
}

// coveragePage is each maker's factory-data coverage, for the city bureau.
type coveragePage struct {
	base
	Rows []store.MakerCoverage
}

func (c *Console) factoryCoverage(w http.ResponseWriter, r *http.Request) {
	if !sessionOf(r).User.HasRole(cyltrace.CityAdmin) {
		c.forbidden(w, r, msgForbidden)
		return
	}
	list, err := c.store.MakerCoverages(r.Context())
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "factory_coverage", coveragePage{base: c.page(w, r, "出厂信息覆盖情况", factoryBase+"/coverage"), Rows: list})
}
