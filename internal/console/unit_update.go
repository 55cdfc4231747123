package console

import (
	"fmt"
	"net/http"
	"strings"

	"cyltrace"
)

// unitUpdate saves the edit form; the code comes from the URL, never the
// form, and the store audits the values before and after.
func (c *Console) unitUpdate(w http.ResponseWriter, r *http.Request) {
	if !sessionOf(r).User.HasRole(cyltrace.CityAdmin) {
		c.forbidden(w, r, msgForbidden)
		return
	}
	unit := &cyltrace.Unit{Code: r.PathValue("code"), Name: strings.TrimSpace(r.PostFormValue("name")),
		RegionCode: strings.TrimSpace(r.PostFormValue("regionCode")), MakerCode: strings.TrimSpace(r.PostFormValue("makerCode"))}
	for _, k := range formValues(r.PostForm, "kinds") {
		unit.Kinds = append(unit.Kinds, cyltrace.UnitKind(k))
	}
	err := unit.Validate()
	if err == nil {
		err = c.store.UpdateUnit(r.Context(), unit)
	}
	switch cyltrace.ErrorCode(err) {
	case "":
		c.setFlash(w, false, fmt.Sprintf("单位“%s”（%s）已保存", unit.Name, unit.Code))
		http.Redirect(w, r, "/console/units", http.StatusSeeOther)
	case cyltrace.ENOTFOUND:
		c.notFound(w, r)
	case cyltrace.EINVALID, cyltrace.ECONFLICT:
		c.renderUnitEditForm(w, r, unit, err)
	default:
		c.serverError(w, r, err)
	}
}
