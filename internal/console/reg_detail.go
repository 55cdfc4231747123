package console

import (
	"net/http"
	"net/url"
	"strings"

	"cyltrace"
	"cyltrace/internal/store"
)

// regPage is an application: for its unit while a draft, the forms of
// figure 3 with 下载模板, 导入, the cylinders and their photos; for everyone
// else the detail of figure 8 with the buttons of the user's step.
type regPage struct {
	base
	Reg        *cyltrace.Registration
	RegionName string
	Editable   bool // the unit's user, a draft
	Errors     map[string]string
	Regions    []option
	Rejects    int // rows refused by the last import
	Photos     string
	Items      []itemRow
	Summary    string
	Counts     store.ReviewCounts
	pager

	CanReviewPhotos, CanAccept, CanAudit, CanApprove, CanReject bool
	RejectStep                                                  string // 受理, 审核 or 审批: whose 驳回 it is
	HasCert                                                     bool
}

// itemRow is one cylinder of the list of figure 8.
type itemRow struct {
	ID                                               int64
	Line                                             int
	Variety, ProductNumber, Medium, Manufacturer     string
	Made, Pressure, Volume, LastInspection           string
	NextInspection, InternalNumber, TagType, Archive string
	Review, ReviewNote                               string
	Factory                                          string // 出厂信息核对: 与出厂信息一致 or 无出厂信息
	Excluded                                         bool
	PhotoCount                                       int
	Photos                                           []*cyltrace.RegistrationPhoto
}

func itemRowOf(it *cyltrace.RegistrationItem) itemRow {
	c := &it.Cylinder
	return itemRow{ID: it.ID, Line: it.Line, Variety: varietyName(c.VarietyCode), ProductNumber: c.ProductNumber,
		Medium: mediumName(c.MediumCode), Manufacturer: c.Manufacturer, Made: c.ManufactureDate,
		Pressure: c.NominalPressureMPa.String(), Volume: c.VolumeL.String(), LastInspection: c.LastInspectionDate,
		NextInspection: c.NextInspectionDate, InternalNumber: c.UnitInternalNumber, TagType: c.TagType,
		Archive: c.ID, Review: it.Review, ReviewNote: it.ReviewNote, Excluded: it.Excluded, PhotoCount: it.Photos,
		Factory: factoryLabel(it.FactoryCheck)}
}

// factoryLabel shows the cross-check with the maker's data.
func factoryLabel(check string) string {
	switch check {
	case cyltrace.FactoryMatched:
		return "与出厂信息一致"
	case cyltrace.FactoryNotFound:
		return "无出厂信息"
	}
	return ""
}

func varietyName(code string) string {
	if v, ok := cyltrace.LookupVariety(code); ok {
		return v.Name
	}
	return code
}

func mediumName(code string) string {
	if m, ok := cyltrace.LookupMedium(code); ok {
		return m.Name
	}
	return code
}

func (c *Console) registration(w http.ResponseWriter, r *http.Request) {
	reg := c.loadReg(w, r)
	if reg == nil {
		return
	}
	c.renderReg(w, r, reg, nil)
}

// renderReg shows the application; errs are the field errors of a refused
// save of the blocks, whose values reg then holds.
func (c *Console) renderReg(w http.ResponseWriter, r *http.Request, reg *cyltrace.Registration, errs map[string]string) {
	u := sessionOf(r).User
	title := "使用登记申请"
	if isDistrictStaff(u) {
		title = "特种设备使用登记申请表详情"
	}
	p := regPage{base: c.page(w, r, title, regBase), Reg: reg, RegionName: regionName(reg.RegionCode), Errors: errs,
		Regions: regionOptions(reg.RegionCode)}
	p.Editable = reg.State == cyltrace.RegDraft && isApplicant(u) && u.UnitID == reg.UnitID
	if errs != nil {
		p.Flash = &flash{Error: true, Text: "申请表未保存，请按提示修改"}
	}
	q := r.URL.Query()
	p.Photos = q.Get("photos")
	if p.Photos != "yes" && p.Photos != "no" {
		p.Photos = ""
	}
	page := pageOf(q)
	f := store.ItemFilter{RegistrationID: reg.ID, Photos: p.Photos, Limit: regPerPage, Offset: (page - 1) * regPerPage}
	if err := c.fillItems(r, &p, f, page); err != nil {
		c.serverError(w, r, err)
		return
	}
	var err error
	if p.Editable {
		p.Rejects, err = c.store.RegistrationRejectCount(r.Context(), reg.ID)
	} else {
		p.Counts, err = c.store.RegistrationReviewCounts(r.Context(), reg.ID)
	}
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	c.setActions(&p, u)
	c.render(w, r, http.StatusOK, "registration", p)
}

// fillItems reads one page of the application's cylinders with their photos.
func (c *Console) fillItems(r *http.Request, p *regPage, f store.ItemFilter, page int) error {
	items, total, err := c.store.RegistrationItems(r.Context(), f)
	if err != nil {
		return err
	}
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	photos, err := c.store.RegistrationPhotos(r.Context(), p.Reg.ID, ids)
	if err != nil {
		return err
	}
	for _, it := range items {
		row := itemRowOf(it)
		row.Photos = photos[it.ID]
		p.Items = append(p.Items, row)
	}
	p.Summary = pageSummary(page, regPerPage, len(items), total)
	v := url.Values{}
	if f.Photos != "" {
		v.Set("photos", f.Photos)
	}
	p.pager = newPager(regPath(p.Reg.ID, ""), v, page, f.Offset+len(items) < total)
	return nil
}

// setActions offers the buttons of the step that is the user's: the store
// refuses the others anyway.
func (c *Console) setActions(p *regPage, u *cyltrace.User) {
	if u.RegionCode != p.Reg.RegionCode {
		p.HasCert = p.Reg.CertNumber != ""
		return
	}
	switch p.Reg.State {
	case cyltrace.RegSubmitted:
		p.CanReviewPhotos = u.HasRole(cyltrace.DistrictAcceptor)
		p.CanAccept, p.CanReject, p.RejectStep = p.CanReviewPhotos, p.CanReviewPhotos, "受理"
	case cyltrace.RegAccepted:
		p.CanAudit = u.HasRole(cyltrace.DistrictReviewer)
		p.CanReject, p.RejectStep = p.CanAudit, "审核"
	case cyltrace.RegReviewed:
		p.CanApprove = u.HasRole(cyltrace.DistrictApprover)
		p.CanReject, p.RejectStep = p.CanApprove, "审批"
	}
	p.HasCert = p.Reg.CertNumber != ""
}

// regSave stores the unit and safety-department blocks of a draft.
func (c *Console) regSave(w http.ResponseWriter, r *http.Request) {
	reg := c.loadReg(w, r)
	if reg == nil {
		return
	}
	form := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	reg.UnitName, reg.UnitCode, reg.LegalRep = form("unitName"), form("unitCode"), form("legalRep")
	reg.Phone, reg.Fax, reg.Postcode = form("phone"), form("fax"), form("postcode")
	reg.DeptName, reg.RegionCode, reg.Address = form("deptName"), form("regionCode"), form("address")
	reg.ManagerName, reg.ManagerMobile, reg.ManagerPhone = form("managerName"), form("managerMobile"), form("managerPhone")
	reg.HandlerName, reg.HandlerMobile, reg.HandlerPhone = form("handlerName"), form("handlerMobile"), form("handlerPhone")
	err := reg.Validate()
	if err == nil {
		err = c.store.UpdateRegistration(r.Context(), reg, sessionOf(r).User)
	}
	if errs := fieldErrors(err); errs != nil {
		c.renderReg(w, r, reg, errs)
		return
	}
	if err != nil {
		c.actionError(w, r, regPath(reg.ID, ""), err)
		return
	}
	c.setFlash(w, false, "申请表已保存")
	http.Redirect(w, r, regPath(reg.ID, ""), http.StatusSeeOther)
}
