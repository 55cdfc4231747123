package api

import (
	"net/http"

	"cyltrace"
	"cyltrace/internal/store"
)

// query answers 基础数据查询: one cylinder's archive by infoCode, id,
// qrContent, or manufacturer + productNumber (+ manufactureDate).
func (a *API) query(w http.ResponseWriter, r *http.Request) {
	var q cyltrace.CylinderQuery
	if !a.decodeBody(w, r, &q) {
		return
	}
	if err := q.Validate(); err != nil {
		a.fail(w, r, err)
		return
	}
	c, err := a.findCylinder(r, q)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	f, err := a.store.FactoryOf(r.Context(), c.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	res := queryResult{Cylinder: c}
	if f != nil {
		res.Factory = &factoryInfo{MakerName: f.MakerName, ProductNumber: f.ProductNumber, TraceCode: f.TraceCode,
			VarietyCode: f.VarietyCode, MediumCode: f.MediumCode, ManufactureDate: f.ManufactureDate,
			NominalPressureMPa: f.NominalPressureMPa, VolumeL: f.VolumeL, SupervisionCertNo: f.SupervisionCertNo,
			QRContent: f.QRContent, TraceURL: f.TraceURL}
	}
	ok(w, res)
}

// queryResult is the archive with, when its maker published them, the
// cylinder's factory data.
type queryResult struct {
	*cyltrace.Cylinder
	Factory *factoryInfo `json:"factory,omitempty"`
}

// factoryInfo is the maker's data of the cylinder (出厂信息).
type factoryInfo struct {
	MakerName          string           `json:"makerName"`
	ProductNumber      string           `json:"productNumber"`
	TraceCode          string           `json:"traceCode"`
	VarietyCode        string           `json:"varietyCode"`
	MediumCode         string           `json:"mediumCode"`
	ManufactureDate    string           `json:"manufactureDate"`
	NominalPressureMPa cyltrace.Decimal `json:"nominalPressureMPa"`
	VolumeL            cyltrace.Decimal `json:"volumeL"`
	SupervisionCertNo  string           `json:"supervisionCertNo"`
	QRContent          string           `json:"qrContent"`
	TraceURL           string           `json:"traceUrl"`
}

func (a *API) findCylinder(r *http.Request, q cyltrace.CylinderQuery) (*cyltrace.Cylinder, error) {
	ctx := r.Context()
	switch {
	case q.InfoCode != "":
		return a.store.CylinderByInfoCode(ctx, q.InfoCode)
	case q.ID != "":
		return a.store.Cylinder(ctx, q.ID)
	case q.QRContent != "":
		return a.store.CylinderByQRContent(ctx, q.QRContent)
	case q.ManufactureDate != "":
		return a.store.CylinderByTriple(ctx, q.Manufacturer, q.ProductNumber, q.ManufactureDate)
	}
	list, err := a.store.Cylinders(ctx, store.CylinderFilter{Manufacturer: q.Manufacturer, ProductNumber: q.ProductNumber, Limit: 2})
	switch {
	case err != nil:
		return nil, err
	case len(list) == 0:
		return nil, cyltrace.Errorf(cyltrace.ENOTFOUND, "未找到该气瓶的电子档案")
	case len(list) > 1:
		var fe cyltrace.FieldErrors
		fe.Add("manufactureDate", cyltrace.RuleRequired, "该制造单位和产品编号对应多只气瓶，请同时提供制造年月")
		return nil, fe.Err()
	}
	return list[0], nil
}
