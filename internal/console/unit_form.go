package console

import (
	"net/http"

	"cyltrace"
)

// unitFormPage is the form to create a unit; Errors holds each bad field's
// messages, Error a message for the whole form (a taken code).
type unitFormPage struct {
	base
	Edit                  bool   // editing an existing unit: its code is fixed
	Action                string // where the form posts
	Code, Name, MakerCode string
	Kinds                 []option
	Regions               []option
	Errors                map[string]string
	Error                 string
}

func (c *Console) unitForm(w http.ResponseWriter, r *http.Request) {
	if !sessionOf(r).User.HasRole(cyltrace.CityAdmin) {
		c.forbidden(w, r, msgForbidden)
		return
	}
	c.renderUnitForm(w, r, &cyltrace.Unit{}, nil)
}

// unitEditForm shows an existing unit in the form.
func (c *Console) unitEditForm(w http.ResponseWriter, r *http.Request) {
	if !sessionOf(r).User.HasRole(cyltrace.CityAdmin) {
		c.forbidden(w, r, msgForbidden)
		return
	}
	unit, err := c.store.UnitByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		c.unitError(w, r, err)
		return
	}
	c.renderUnitEditForm(w, r, unit, nil)
}

func (c *Console) unitError(w http.ResponseWriter, r *http.Request, err error) {
	if cyltrace.ErrorCode(err) == cyltrace.ENOTFOUND {
		c.notFound(w, r)
		return
	}
	c.serverError(w, r, err)
}

// renderUnitForm shows the form filled with unit and the errors of err.
func (c *Console) renderUnitForm(w http.ResponseWriter, r *http.Request, unit *cyltrace.Unit, err error) {
	p := unitFormPage{base: c.page(w, r, "新建单位", "/console/units"), Action: "/console/units/new", Code: unit.Code, Name: unit.Name,
		MakerCode: unit.MakerCode, Kinds: kindOptions(unit.Kinds...), Regions: regionOptions(unit.RegionCode),
		Errors: fieldErrors(err)}
	if err != nil && p.Errors == nil {
		p.Error = cyltrace.ErrorMessage(err)
	}
	c.render(w, r, http.StatusOK, "unit_form", p)
}

// renderUnitEditForm shows the edit form of unit with the errors of err.
func (c *Console) renderUnitEditForm(w http.ResponseWriter, r *http.Request, unit *cyltrace.Unit, err error) {
	p := unitFormPage{base: c.page(w, r, "编辑单位", "/console/units"), Edit: true,
		Action: "/console/units/" + unit.Code + "/edit", Code: unit.Code, Name: unit.Name,
		MakerCode: unit.MakerCode, Kinds: kindOptions(unit.Kinds...), Regions: regionOptions(unit.RegionCode),
		Errors: fieldErrors(err)}
	if err != nil && p.Errors == nil {
		p.Error = cyltrace.ErrorMessage(err)
	}
	c.render(w, r, http.StatusOK, "unit_form", p)
}
