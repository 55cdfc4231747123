package cyltrace

import (
	"net/url"
	"strings"
	"time"
)

// Validate checks the archive against the field table of Attachment 1 §二.1
// (SPEC.md §3.1) and reports every bad field at once as an EINVALID *Error.
// now is the time of the check: no date may lie after it.
//
// A 12-digit productNumber is a 镂空码 candidate, but one whose year digits
// disagree with manufactureDate is not refused here: it may be the maker's
// own product number, which the factory cross-check judges later.
func (c *Cylinder) Validate(now time.Time) error {
	v := &checker{now: now}
	v.cylinderID("id", c.ID)
	v.text("useUnitName", "使用单位名称", c.UseUnitName, true, 100)
	v.region(c.RegionCode)
	_, okVariety := LookupVariety(c.VarietyCode)
	v.code("varietyCode", "设备品种", c.VarietyCode, true, okVariety, true, "2310（无缝气瓶）、2320（焊接气瓶）或 23T0（特种气瓶）")
	v.text("productNumber", "产品编号", c.ProductNumber, true, 50)
	v.medium(c.MediumCode)
	v.text("manufacturer", "制造单位", c.Manufacturer, true, 100)
	made, okMade := v.manufactureDate(c.ManufactureDate)
	v.positive("nominalPressureMPa", "公称工作压力", c.NominalPressureMPa)
	v.positive("volumeL", "容积", c.VolumeL)
	v.inspectionDates(c, made, okMade)
	v.text("unitInternalNumber", "单位内编号", c.UnitInternalNumber, false, 50)
	v.code("status", "使用状态", c.Status, true, contains(Statuses(), c.Status), false, "在用、停用 或 报废")
	v.checkTag(c)
	v.checkRegistration(c, made, okMade)
	return v.errs.Err()
}

// manufactureDate checks 制造年月 and returns it when it is sound, for the
// later dates to be compared with.
func (v *checker) manufactureDate(s string) (YearMonth, bool) {
	made, ok := v.yearMonth("manufactureDate", "制造年月", s, true)
	if ok && YearMonthOf(v.now).Before(made) {
		v.add("manufactureDate", RuleFuture, "制造年月 %s 晚于当前月份（%s）", made, YearMonthOf(v.now))
		return YearMonth{}, false
	}
	return made, ok
}

// inspectionDates checks 最近一次检验日期 and 下次检验日期, each alone and in
// their order: made, then inspected, then due again.
func (v *checker) inspectionDates(c *Cylinder, made YearMonth, okMade bool) {
	last, okLast := v.date("lastInspectionDate", "最近一次检验日期", c.LastInspectionDate, false)
	if okLast && okMade && YearMonthOf(last).Before(made) {
		v.add("lastInspectionDate", RuleOrder, "最近一次检验日期 %s 早于制造年月 %s", c.LastInspectionDate, made)
		okLast = false
	}
	next, okNext := v.yearMonth("nextInspectionDate", "下次检验日期", c.NextInspectionDate, true)
	switch {
	case !okNext:
	case okLast && !YearMonthOf(last).Before(next):
		v.add("nextInspectionDate", RuleOrder, "下次检验日期 %s 应晚于最近一次检验日期所在月份（%s）", next, YearMonthOf(last))
	case okMade && !made.Before(next):
		// Not in the brief's list, but a cylinder due for inspection in
		// the month it was made, or before, is a typo.
		v.add("nextInspectionDate", RuleOrder, "下次检验日期 %s 应晚于制造年月 %s", next, made)
	}
}

// checkTag checks 信息化管理情况, 信息化编码 and 二维码.
//
// A QR tag requires its URL: the source imports "the URL as base data when a
// QR code is registered" (Attachment 1 §四.3) and the registration guide asks
// to "be sure to fill in the URL of the QR code". The reverse does not hold:
// a cylinder may carry the maker's QR mark while its bound tag is RFID, so a
// URL is accepted with any tag type. An infoCode is returned by the binding
// that sets the tag type, so it requires one.
func (v *checker) checkTag(c *Cylinder) {
	v.code("tagType", "信息化管理情况", c.TagType, false, contains(TagTypes(), c.TagType), false, "二维码 或 RFID标签")
	if c.TagType == "" && c.InfoCode != "" {
		v.add("tagType", RuleRequired, "已有信息化编码时，信息化管理情况不能为空（二维码 或 RFID标签）")
	}
	v.infoCode(c.InfoCode)
	if c.QRContent == "" {
		if c.TagType == TagQR {
			v.add("qrContent", RuleRequired, "信息化管理情况为二维码时，二维码（二维码对应的网址 URL）不能为空")
		}
		return
	}
	if v.text("qrContent", "二维码", c.QRContent, false, 1000) && !validURL(c.QRContent) {
		v.add("qrContent", RuleFormat, "二维码应为二维码对应的完整网址（以 http:// 或 https:// 开头），%s 不符合", quote(c.QRContent))
	}
}

// validURL reports whether s is an absolute http or https URL with a host
// and no spaces: what a phone can open after scanning.
func validURL(s string) bool {
	if strings.ContainsFunc(s, func(r rune) bool { return r == ' ' || r == '\u3000' }) {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Hostname() == "" {
		return false
	}
	return u.Scheme == "http" || u.Scheme == "https"
}

// checkRegistration checks the three fields the certificate step writes
// together (Attachment 2 §四.5): all three, or none.
func (v *checker) checkRegistration(c *Cylinder, made YearMonth, okMade bool) {
	okCert := v.text("registrationCertNumber", "使用登记证编号", c.RegistrationCertNumber, false, 50)
	regDate, okDate := v.date("registrationDate", "使用登记日期", c.RegistrationDate, false)
	okAuth := v.text("registrationAuthority", "使用登记机关", c.RegistrationAuthority, false, 200)
	if okMade && okDate && YearMonthOf(regDate).Before(made) {
		v.add("registrationDate", RuleOrder, "使用登记日期 %s 早于制造年月 %s", c.RegistrationDate, made)
	}
	given := []struct {
		field, name, value string
		ok                 bool
	}{
		{"registrationCertNumber", "使用登记证编号", c.RegistrationCertNumber, okCert},
		{"registrationDate", "使用登记日期", c.RegistrationDate, okDate},
		{"registrationAuthority", "使用登记机关", c.RegistrationAuthority, okAuth},
	}
	anyGiven := false
	for _, g := range given {
		anyGiven = anyGiven || g.value != ""
	}
	if !anyGiven {
		return
	}
	for _, g := range given {
		if g.value == "" {
			v.add(g.field, RuleTogether, "使用登记证编号、使用登记日期、使用登记机关应同时填写，缺少%s", g.name)
		}
	}
}
