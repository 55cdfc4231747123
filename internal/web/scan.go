package web

import (
	"net/http"
	"strings"

	"cyltrace"
)

// scanPage is the page a phone shows after scanning a cylinder's QR code.
type scanPage struct {
	layout
	Cylinder publicCylinder
	Fields   []field // the archive's fields in the mock-up's order
}

// field is one row of 气瓶基本信息. Key, its data-field hook, is the archive
// field's JSON name (SPEC.md §3.1); a code's row shows its name.
type field struct {
	Key, Label, Value string
}

func (w *Web) scanPage(v publicCylinder) scanPage {
	return scanPage{
		layout:   w.layout(siteTitle),
		Cylinder: v,
		Fields: []field{
			{"useUnitName", "使用单位名称", v.UseUnitName},
			{"varietyCode", "设备品种", v.VarietyName},
			{"volumeL", "容积(L)", v.VolumeL.String()},
			{"productNumber", "产品编号", v.ProductNumber},
			{"mediumCode", "充装介质", v.MediumName},
			{"nextInspectionDate", "下次检验日期", v.NextInspectionDate},
			{"registrationDate", "登记时间", v.RegistrationDate},
			{"manufactureDate", "制造日期", v.ManufactureDate},
			{"manufacturer", "制造单位", v.Manufacturer},
		},
	}
}

// scan serves GET /q/{code}: the page of the cylinder with that infoCode,
// or its JSON when the code ends in ".json". The code's shape is checked
// before any query.
func (w *Web) scan(rw http.ResponseWriter, r *http.Request) {
	code, asJSON := strings.CutSuffix(r.PathValue("code"), ".json")
	if !cyltrace.ValidInfoCode(code) {
		w.notFound(rw, r, asJSON)
		return
	}
	v, err := w.lookup(r, code)
	if err != nil {
		w.fail(rw, r, asJSON, err)
		return
	}
	if asJSON {
		w.sendJSON(rw, r, http.StatusOK, "ok", v, true)
		return
	}
	w.render(rw, r, http.StatusOK, pageScan, w.scanPage(v), true)
}

// lookup reads the public view of the cylinder bound to a valid infoCode.
func (w *Web) lookup(r *http.Request, infoCode string) (publicCylinder, error) {
	c, err := w.store.CylinderByInfoCode(r.Context(), infoCode)
	if err != nil {
		return publicCylinder{}, err
	}
	trail, err := w.store.Trail(r.Context(), c.ID, trailLimit)
	if err != nil {
		return publicCylinder{}, err
	}
	v := newPublicCylinder(c, trail, w.now())
	f, err := w.store.FactoryOf(r.Context(), c.ID)
	if err != nil {
		return publicCylinder{}, err
	}
	if f != nil {
		v.Factory = &publicFactory{SupervisionCertNo: f.SupervisionCertNo, TraceCode: f.TraceCode, TraceURL: f.TraceURL}
	}
	return v, nil
}
