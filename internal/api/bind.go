package api

import (
	"errors"
	"mime"
	"net/http"
	"slices"

	"cyltrace"
	"cyltrace/internal/store"
)

// maxBindBytes bounds a binding request: a 5 MiB photo and its fields.
const maxBindBytes = 6 << 20

// bindFields are the form fields /tags/bind takes besides the photo.
var bindFields = []string{"cylinderId", "manufacturer", "productNumber", "manufactureDate", "tagType", "qrContent"}

type bindResponse struct {
	CylinderID string `json:"cylinderId"`
	InfoCode   string `json:"infoCode"`
	TagType    string `json:"tagType"`
	QRContent  string `json:"qrContent"`
	StampImage string `json:"stampImage"`
}

// bind binds a physical tag to a cylinder's archive (信息化标签绑定): the
// steel-stamp photo proves which cylinder the tag was fixed to.
func (a *API) bind(w http.ResponseWriter, r *http.Request) {
	req, err := a.readBinding(w, r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	defer r.MultipartForm.RemoveAll()
	c, err := a.bindingCylinder(r, req)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	client := clientOf(r.Context())
	if err := mayBind(client, c); err != nil {
		a.fail(w, r, err)
		return
	}
	files := r.MultipartForm.File["stampImage"]
	f, err := files[0].Open()
	if err != nil {
		a.fail(w, r, err)
		return
	}
	img, err := a.images.Put(f)
	f.Close()
	if err != nil {
		a.fail(w, r, asField("stampImage", err))
		return
	}
	b := &store.Binding{CylinderID: c.ID, TagType: req.TagType, QRContent: req.QRContent, StampImage: img.SHA256,
		UnitID: client.UnitID, ClientID: client.ID}
	if err := a.store.BindTag(r.Context(), b, func() (string, error) { return cyltrace.NewInfoCode(a.rand) }); err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, bindResponse{CylinderID: b.CylinderID, InfoCode: b.InfoCode, TagType: b.TagType, QRContent: b.QRContent,
		StampImage: b.StampImage})
}

// readBinding parses and checks the multipart form.
func (a *API) readBinding(w http.ResponseWriter, r *http.Request) (*cyltrace.TagBinding, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return nil, cyltrace.Errorf(cyltrace.EMEDIATYPE, "信息化标签绑定的 Content-Type 必须是 multipart/form-data")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBindBytes)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, cyltrace.Errorf(cyltrace.ETOOLARGE, "请求体超过 %d MiB 上限（钢印照片不超过 5 MiB）", maxBindBytes>>20)
		}
		return nil, cyltrace.Errorf(cyltrace.EINVALID, "multipart 表单格式错误")
	}
	form := r.MultipartForm
	var fe cyltrace.FieldErrors
	for name, values := range form.Value {
		switch {
		case !slices.Contains(bindFields, name):
			fe.Add(name, cyltrace.RuleNotAllowed, "未知字段 "+name)
		case len(values) > 1:
			fe.Add(name, cyltrace.RuleDuplicate, "字段 "+name+" 只能提交一次")
		}
	}
	for name, files := range form.File {
		switch {
		case name != "stampImage":
			fe.Add(name, cyltrace.RuleNotAllowed, "未知文件字段 "+name+"，钢印照片的字段名应为 stampImage")
		case len(files) > 1:
			fe.Add(name, cyltrace.RuleDuplicate, "钢印照片只能上传一张")
		}
	}
	if len(form.File["stampImage"]) == 0 {
		fe.Add("stampImage", cyltrace.RuleRequired, "请上传气瓶钢印照片（stampImage，JPEG 或 PNG）")
	}
	req := &cyltrace.TagBinding{CylinderID: r.FormValue("cylinderId"), Manufacturer: r.FormValue("manufacturer"),
		ProductNumber: r.FormValue("productNumber"), ManufactureDate: r.FormValue("manufactureDate"),
		TagType: r.FormValue("tagType"), QRContent: r.FormValue("qrContent")}
	if err := req.Validate(); err != nil {
		var e *cyltrace.Error
		errors.As(err, &e)
		fe = append(fe, e.Fields...)
	}
	if err := fe.Err(); err != nil {
		form.RemoveAll()
		return nil, err
	}
	return req, nil
}

func (a *API) bindingCylinder(r *http.Request, req *cyltrace.TagBinding) (*cyltrace.Cylinder, error) {
	if req.CylinderID != "" {
		return a.store.Cylinder(r.Context(), req.CylinderID)
	}
	return a.store.CylinderByTriple(r.Context(), req.Manufacturer, req.ProductNumber, req.ManufactureDate)
}

// mayBind: a filling unit binds the cylinders it uses, a maker the ones it made.
func mayBind(client *cyltrace.APIClient, c *cyltrace.Cylinder) error {
	switch {
	case client.Role == cyltrace.RoleFilling && c.UseUnitID == client.UnitID:
		return nil
	case client.Role == cyltrace.RoleManufacturer && c.Manufacturer == client.UnitName:
		return nil
	case client.Role == cyltrace.RoleFilling:
		return cyltrace.Errorf(cyltrace.EFORBIDDEN, "只能绑定本单位使用的气瓶：该气瓶的使用单位是“%s”", c.UseUnitName)
	}
	return cyltrace.Errorf(cyltrace.EFORBIDDEN, "只能绑定本单位制造的气瓶：该气瓶的制造单位是“%s”", c.Manufacturer)
}

// asField names the field of an image error, so that data.fields lists it.
func asField(field string, err error) error {
	var e *cyltrace.Error
	if !errors.As(err, &e) || e.Code != cyltrace.EINVALID || len(e.Fields) > 0 {
		return err
	}
	var fe cyltrace.FieldErrors
	fe.Add(field, cyltrace.RuleFormat, e.Message)
	return &cyltrace.Error{Code: e.Code, Message: e.Message, Fields: fe}
}
