package console

import (
	"net/http"

	"cyltrace"
)

// unitFormPage is the form to create a unit; Errors holds each bad field's
// messages, Error a message for the whole form (a taken code).
type unitFormPage struct {
	base
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

// renderUnitForm shows the form filled with unit and the errors of err.
func (c *Console) renderUnitForm(w http.ResponseWriter, r *http.Request, unit *cyltrace.Unit, err error) {
	p := unitFormPage{base: c.page(w, r, "新建单位", "/console/units"), Code: unit.Code, Name: unit.Name,
		MakerCode: unit.MakerCode, Kinds: kindOptions(unit.Kinds...), Regions: regionOptions(unit.RegionCode),
		Errors: fieldErrors(err)}
	if err != nil && p.Errors == nil {
		p.Error = cyltrace.ErrorMessage(err)
	}
	c.render(w, r, http.StatusOK, "unit_form", p)
}
