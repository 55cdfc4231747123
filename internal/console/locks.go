package console

import (
	"net/http"

	"cyltrace"
	"cyltrace/internal/store"
)

// locksPage finds a cylinder and shows its active locks.
type locksPage struct {
	base
	Code     string
	NotFound bool
	Cylinder *cylinderView
	Locks    []store.ActiveLock
}

type cylinderView struct {
	ID, InfoCode, UseUnit, Region, Variety, Medium, Status string
}

func (c *Console) locks(w http.ResponseWriter, r *http.Request) {
	u := sessionOf(r).User
	if !canLock(u) {
		c.forbidden(w, r, msgForbidden)
		return
	}
	p := locksPage{base: c.page(w, r, "气瓶锁定", "/console/locks"), Code: r.URL.Query().Get("code")}
	if p.Code != "" {
		cyl, locks, err := c.findCylinder(r, p.Code)
		switch {
		case cyltrace.ErrorCode(err) == cyltrace.ENOTFOUND:
			p.NotFound = true
		case err != nil:
			c.serverError(w, r, err)
			return
		case !inScope(u, cyl):
			c.forbidden(w, r, "该气瓶不属于您所在区域，无权查看或锁定")
			return
		default:
			p.Cylinder, p.Locks = viewCylinder(cyl), locks
		}
	}
	c.render(w, r, http.StatusOK, "locks", p)
}

// findCylinder resolves an information code or an archive id.
func (c *Console) findCylinder(r *http.Request, code string) (*cyltrace.Cylinder, []store.ActiveLock, error) {
	cyl, locks, err := c.store.CylinderForCheck(r.Context(), "infoCode", code)
	if cyltrace.ErrorCode(err) == cyltrace.ENOTFOUND {
		return c.store.CylinderForCheck(r.Context(), "id", code)
	}
	return cyl, locks, err
}

// inScope reports whether u may act on cyl: the city bureau on any, a
// district user on those of their own region.
func inScope(u *cyltrace.User, cyl *cyltrace.Cylinder) bool {
	if u.HasRole(cyltrace.CityAdmin) {
		return true
	}
	return canLock(u) && u.RegionCode != "" && u.RegionCode == cyl.RegionCode
}

func viewCylinder(cyl *cyltrace.Cylinder) *cylinderView {
	v := &cylinderView{ID: cyl.ID, InfoCode: cyl.InfoCode, UseUnit: cyl.UseUnitName, Region: cyl.RegionCode,
		Variety: cyl.VarietyCode, Medium: cyl.MediumCode, Status: cyl.Status}
	if reg, ok := cyltrace.LookupRegion(cyl.RegionCode); ok {
		v.Region = reg.Name
	}
	v.Variety = codeNames([]string{cyl.VarietyCode}, cyltrace.LookupVariety)
	v.Medium = codeNames([]string{cyl.MediumCode}, cyltrace.LookupMedium)
	return v
}
