package cyltrace

import "strings"

// Validate checks a unit and reports every bad field at once as an
// EINVALID *Error. The unit code is the login name (Attachment 2 §三.1),
// so only a code whose check characters are right is accepted.
func (u *Unit) Validate() error {
	v := &checker{} // no field of a unit is compared with the clock
	v.unitCode(u.Code)
	v.text("name", "单位名称", u.Name, true, 100)
	v.unitKinds(u.Kinds)
	v.region(u.RegionCode)
	switch {
	case u.MakerCode == "":
	case len(u.MakerCode) != 3 || !allDigits(u.MakerCode):
		v.add("makerCode", RuleFormat, "制造单位代码应为3位数字（镂空码的前3位），%s 不符合", quote(u.MakerCode))
	case !u.HasKind(KindManufacturer):
		v.add("makerCode", RuleNotAllowed, "只有单位类型包含制造单位时才能填写制造单位代码")
	}
	return v.errs.Err()
}

func (c *checker) unitCode(s string) {
	const field = "code"
	switch {
	case s == "":
		c.add(field, RuleRequired, "单位代码不能为空，请填写统一社会信用代码或组织机构代码")
	case ValidUnitCode(s):
	case ValidUnitCode(strings.ToUpper(s)):
		c.add(field, RuleFormat, "单位代码中的字母应为大写：%s", quote(strings.ToUpper(s)))
	case len(s) == 18:
		c.add(field, RuleFormat, "单位代码 %s 不是有效的统一社会信用代码（校验位不符或含有 I、O、Z、S、V 等不允许的字符）", quote(s))
	case len(s) == 9:
		c.add(field, RuleFormat, "单位代码 %s 不是有效的组织机构代码（校验位不符）", quote(s))
	default:
		c.add(field, RuleFormat, "单位代码应为18位统一社会信用代码或9位组织机构代码（不含“-”），%s 不符合", quote(s))
	}
}

func (c *checker) unitKinds(kinds []UnitKind) {
	const field, name = "kinds", "单位类型"
	if len(kinds) == 0 {
		c.add(field, RuleRequired, "%s至少选择一项（制造单位、充装单位、检验机构、使用单位、配送销售单位）", name)
		return
	}
	var known []string
	for _, k := range UnitKinds() {
		known = append(known, string(k.Kind)+"（"+k.Name+"）")
	}
	seen := make(map[UnitKind]bool, len(kinds))
	for _, k := range kinds {
		switch {
		case seen[k]:
			c.add(field, RuleDuplicate, "%s %s 重复", name, quote(string(k)))
		case kindName(k) == "":
			c.add(field, RuleCode, "%s %s 不存在，应为 %s", name, quote(string(k)), strings.Join(known, "、"))
		}
		seen[k] = true
	}
}

// kindName returns the Chinese name of a unit kind, "" for an unknown one.
func kindName(k UnitKind) string {
	for _, known := range UnitKinds() {
		if known.Kind == k {
			return known.Name
		}
	}
	return ""
}
