package cyltrace

import (
	"fmt"
	"strings"
	"time"
)

// FactoryRecord is a maker's product data of one cylinder it shipped
// (出厂信息, notice §三(一), §四, §五): what a filling unit checks each
// cylinder against when it registers it (逐只核对气瓶出厂信息, §三(二)).
type FactoryRecord struct {
	SourceID           string  `json:"sourceId"`            // the maker platform's own id: the idempotency key
	ProductNumber      string  `json:"productNumber"`       // 产品编号
	TraceCode          string  `json:"traceCode,omitempty"` // the 12-digit 镂空码, where the cylinder has one
	VarietyCode        string  `json:"varietyCode"`         // 设备品种
	MediumCode         string  `json:"mediumCode"`          // 充装介质
	ManufactureDate    string  `json:"manufactureDate"`     // 制造年月 yyyy-mm
	NominalPressureMPa Decimal `json:"nominalPressureMPa"`  // 公称工作压力(MPa)
	VolumeL            Decimal `json:"volumeL"`             // 容积(L)
	SupervisionCertNo  string  `json:"supervisionCertNo"`   // 监检证书编号
	QRContent          string  `json:"qrContent,omitempty"` // the permanent mark's QR content
	TraceURL           string  `json:"traceUrl,omitempty"`  // the maker's own traceability page of the cylinder

	ID         int64     `json:"-"`
	UnitID     int64     `json:"-"` // the maker: the submitting unit
	ClientID   int64     `json:"-"`
	MakerName  string    `json:"-"` // the maker's name, as registration rows name it (制造单位)
	ReceivedAt time.Time `json:"-"`
}

// Validate checks a factory record and reports every bad field at once.
// A traceCode's year digits must agree with the manufacture month.
func (f *FactoryRecord) Validate(now time.Time) error {
	v := &checker{now: now}
	v.sourceID(f.SourceID)
	v.text("productNumber", "产品编号", f.ProductNumber, true, 50)
	_, okVariety := LookupVariety(f.VarietyCode)
	v.code("varietyCode", "设备品种", f.VarietyCode, true, okVariety, true, "2310（无缝气瓶）、2320（焊接气瓶）或 23T0（特种气瓶）")
	v.medium(f.MediumCode)
	made, okMade := v.manufactureDate(f.ManufactureDate)
	v.positive("nominalPressureMPa", "公称工作压力", f.NominalPressureMPa)
	v.positive("volumeL", "容积", f.VolumeL)
	v.text("supervisionCertNo", "监检证书编号", f.SupervisionCertNo, true, 50)
	if f.TraceCode != "" {
		tc, err := ParseTraceCode(f.TraceCode)
		switch {
		case err != nil:
			v.add("traceCode", RuleFormat, "%s", ErrorMessage(err))
		case okMade && !tc.MatchesYear(made):
			v.add("traceCode", RuleMatch, "镂空码 %s 的年份位 %02d 与制造年月 %s 不符", f.TraceCode, tc.Year2, made)
		}
	}
	if v.text("qrContent", "永久性标识二维码", f.QRContent, false, 1000) && !validURL(f.QRContent) {
		v.add("qrContent", RuleFormat, "永久性标识二维码应为二维码对应的完整网址（以 http:// 或 https:// 开头），%s 不符合", quote(f.QRContent))
	}
	if v.text("traceUrl", "制造单位追溯网址", f.TraceURL, false, 500) && !validURL(f.TraceURL) {
		v.add("traceUrl", RuleFormat, "制造单位追溯网址应以 http:// 或 https:// 开头，%s 不符合", quote(f.TraceURL))
	}
	return v.errs.Err()
}

// Factory cross-check outcomes of a registration row (出厂信息核对).
const (
	FactoryMatched    = "matched"    // the maker's data agree
	FactoryMismatched = "mismatched" // they differ: an error the unit must fix
	FactoryNotFound   = "not_found"  // the maker published nothing for it: allowed, marked
)

// FactoryMismatches lists the fields of c that differ from the maker's data
// (medium, volume, pressure, manufacture month), as Chinese sentences.
func FactoryMismatches(c *Cylinder, f *FactoryRecord) []string {
	var out []string
	if c.MediumCode != f.MediumCode {
		out = append(out, "充装介质应为 "+mediumLabel(f.MediumCode)+"（出厂信息），填写为 "+mediumLabel(c.MediumCode))
	}
	if c.VolumeL != f.VolumeL {
		out = append(out, "容积应为 "+f.VolumeL.String()+" L（出厂信息），填写为 "+c.VolumeL.String())
	}
	if c.NominalPressureMPa != f.NominalPressureMPa {
		out = append(out, "公称工作压力应为 "+f.NominalPressureMPa.String()+" MPa（出厂信息），填写为 "+c.NominalPressureMPa.String())
	}
	if c.ManufactureDate != f.ManufactureDate {
		out = append(out, "制造年月应为 "+f.ManufactureDate+"（出厂信息），填写为 "+c.ManufactureDate)
	}
	return out
}

// ApplyFactory gives c the maker's values: a cylinder registered against
// factory data carries them. The product number stays as the unit typed it
// (what is stamped on the cylinder).
func ApplyFactory(c *Cylinder, f *FactoryRecord) {
	c.Manufacturer = f.MakerName
	c.VarietyCode, c.MediumCode, c.ManufactureDate = f.VarietyCode, f.MediumCode, f.ManufactureDate
	c.NominalPressureMPa, c.VolumeL = f.NominalPressureMPa, f.VolumeL
	if c.QRContent == "" && f.QRContent != "" {
		c.QRContent = f.QRContent
		if c.TagType == "" {
			c.TagType = TagQR
		}
	}
}

// CheckMaker refuses a traceCode whose first three digits are not the
// maker's code, or any traceCode from a maker without a code: a maker
// cannot publish another maker's cylinders.
func (f *FactoryRecord) CheckMaker(maker *Unit) error {
	if f.TraceCode == "" || (maker.MakerCode != "" && strings.HasPrefix(f.TraceCode, maker.MakerCode)) {
		return nil
	}
	var fe FieldErrors
	if maker.MakerCode == "" {
		fe.Add("traceCode", RuleMatch, fmt.Sprintf("单位“%s”未登记制造单位代码，不能发布镂空码；请联系市局登记制造单位代码", maker.Name))
	} else {
		fe.Add("traceCode", RuleMatch, fmt.Sprintf("镂空码 %s 的前3位应为本单位的制造单位代码 %s：不能发布其他制造单位的气瓶",
			f.TraceCode, maker.MakerCode))
	}
	return fe.Err()
}
