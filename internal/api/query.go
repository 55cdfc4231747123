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
	ok(w, c)
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
