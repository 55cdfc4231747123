package console

import (
	"fmt"
	"net/http"
	"strings"

	"cyltrace"
)

// unitCreate stores a new unit from the form; the store audits it.
func (c *Console) unitCreate(w http.ResponseWriter, r *http.Request) {
	if !sessionOf(r).User.HasRole(cyltrace.CityAdmin) {
		c.forbidden(w, r, msgForbidden)
		return
	}
	unit := &cyltrace.Unit{Code: strings.TrimSpace(r.PostFormValue("code")), Name: strings.TrimSpace(r.PostFormValue("name")),
		RegionCode: strings.TrimSpace(r.PostFormValue("regionCode")), MakerCode: strings.TrimSpace(r.PostFormValue("makerCode"))}
	for _, k := range formValues(r.PostForm, "kinds") {
		unit.Kinds = append(unit.Kinds, cyltrace.UnitKind(k))
	}
	err := unit.Validate()
	if err == nil {
		err = c.store.CreateUnit(r.Context(), unit)
	}
	switch cyltrace.ErrorCode(err) {
	case "":
		c.setFlash(w, false, fmt.Sprintf("单位“%s”（%s）已创建", unit.Name, unit.Code))
		http.Redirect(w, r, "/console/units", http.StatusSeeOther)
	case cyltrace.EINVALID, cyltrace.ECONFLICT:
		c.renderUnitForm(w, r, unit, err)
	default:
		c.serverError(w, r, err)
	}
}
