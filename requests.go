package cyltrace

// CylinderQuery names one cylinder for 基础数据查询 (Attachment 1 §四.2): by
// exactly one of infoCode, id, qrContent, or manufacturer + productNumber
// (+ manufactureDate).
type CylinderQuery struct {
	InfoCode        string `json:"infoCode,omitempty"`
	ID              string `json:"id,omitempty"`
	QRContent       string `json:"qrContent,omitempty"`
	Manufacturer    string `json:"manufacturer,omitempty"`
	ProductNumber   string `json:"productNumber,omitempty"`
	ManufactureDate string `json:"manufactureDate,omitempty"`
}

// Validate checks that exactly one way of naming the cylinder is given, and
// well formed.
func (q *CylinderQuery) Validate() error {
	var c checker
	ways := 0
	for _, set := range []bool{q.InfoCode != "", q.ID != "", q.QRContent != "",
		q.Manufacturer != "" || q.ProductNumber != "" || q.ManufactureDate != ""} {
		if set {
			ways++
		}
	}
	switch {
	case ways == 0:
		c.add("infoCode", RuleRequired, "请提供查询条件：信息化编码、气瓶档案ID、二维码，或制造单位加产品编号")
	case ways > 1:
		c.add("infoCode", RuleNotAllowed, "查询条件只能选一种：信息化编码、气瓶档案ID、二维码，或制造单位加产品编号")
	}
	c.infoCode(q.InfoCode)
	c.cylinderID("id", q.ID)
	c.text("qrContent", "二维码", q.QRContent, false, 1000)
	if q.Manufacturer != "" || q.ProductNumber != "" || q.ManufactureDate != "" {
		c.text("manufacturer", "制造单位", q.Manufacturer, true, 100)
		c.text("productNumber", "产品编号", q.ProductNumber, true, 50)
		c.yearMonth("manufactureDate", "制造年月", q.ManufactureDate, false)
	}
	return c.errs.Err()
}

// TagBinding asks to bind a physical tag to a cylinder (信息化标签绑定,
// Attachment 1 §四.3). The cylinder is named by cylinderId or by the
// registration triple; the steel-stamp photo travels beside it.
type TagBinding struct {
	CylinderID      string
	Manufacturer    string
	ProductNumber   string
	ManufactureDate string
	TagType         string
	QRContent       string
}

// Validate checks the binding's fields; a QR tag needs the URL it encodes.
func (b *TagBinding) Validate() error {
	var c checker
	triple := b.Manufacturer != "" || b.ProductNumber != "" || b.ManufactureDate != ""
	switch {
	case b.CylinderID == "" && !triple:
		c.add("cylinderId", RuleRequired, "请提供气瓶档案ID，或制造单位、产品编号和制造年月")
	case b.CylinderID != "" && triple:
		c.add("cylinderId", RuleNotAllowed, "气瓶档案ID与制造单位、产品编号、制造年月只能选一种")
	}
	c.cylinderID("cylinderId", b.CylinderID)
	if triple {
		c.text("manufacturer", "制造单位", b.Manufacturer, true, 100)
		c.text("productNumber", "产品编号", b.ProductNumber, true, 50)
		c.yearMonth("manufactureDate", "制造年月", b.ManufactureDate, true)
	}
	tag := Cylinder{TagType: b.TagType, QRContent: b.QRContent}
	if b.TagType == "" {
		c.add("tagType", RuleRequired, "信息化管理情况不能为空（二维码 或 RFID标签）")
	}
	c.checkTag(&tag)
	return c.errs.Err()
}
