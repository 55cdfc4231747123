package cyltrace

import (
	"fmt"
	"strings"
)

// The FieldError rules that only a rule table breaks.
const (
	RuleCoverage    = "coverage"    // some variety + medium combination is matched by no class
	RuleUnreachable = "unreachable" // a class, or a medium of it, is always matched by an earlier class first
)

// The bounds a submitted rule table must keep. They are sanity limits on
// what the bureau types, not safety rules: the rules are the table.
const (
	minIntervalYears = 1
	maxIntervalYears = 10
	minDesignLife    = 1
	maxDesignLife    = 50
	maxMaxLife       = 60
	maxClassKey      = 40
	maxClassName     = 50
)

// The confidence levels of DOMAIN.md: stated in the notice, read in a
// regulation, from summaries, or not confirmed at all.
var ruleConfidences = []string{"notice", "confirmed", "secondary", "unconfirmed"}

// Validate checks a rule table the city bureau submits and reports every
// bad field at once as an EINVALID *Error; field names are JSON paths such
// as classes[2].intervalYears.
//
// Beyond each field, the table as a whole must match every variety +
// medium combination of the code tables (no cylinder falls through to "no
// rule"), and no class or listed medium may be dead: in match order, a
// specific class put after a catch-all of the same variety would silently
// never apply.
func (t RuleTable) Validate() error {
	v := &checker{}
	if len(t.Classes) == 0 {
		v.add("classes", RuleRequired, "规则类别不能为空")
	}
	seen := map[string]int{}
	for i, cl := range t.Classes {
		v.ruleClass(i, cl, seen)
	}
	if len(t.Classes) > 0 {
		v.coverage(t)
	}
	v.mediaList("ownCylinderMedia", "仅充装自有气瓶的介质", t.OwnCylinderMedia)
	v.mediaList("electronicMarkMedia", "须绑定电子标识的介质", t.ElectronicMarkMedia)
	v.yearMonth("electronicMarkFrom", "须绑定电子标识的起始制造年月", t.ElectronicMarkFrom, len(t.ElectronicMarkMedia) > 0)
	return v.errs.Err()
}

// ruleClass checks one class's own fields; seen maps the keys so far to
// their index.
func (v *checker) ruleClass(i int, cl RuleClass, seen map[string]int) {
	at := fmt.Sprintf("classes[%d]", i)
	label := fmt.Sprintf("第%d个规则类别", i+1)
	if cl.Key != "" {
		label += "（" + cl.Key + "）"
	}
	switch {
	case cl.Key == "":
		v.add(at+".key", RuleRequired, "%s的标识不能为空", label)
	case len(cl.Key) > maxClassKey || !classKeyChars(cl.Key):
		v.add(at+".key", RuleFormat, "%s的标识只能由小写英文字母、数字和“-”组成，不超过%d个字符", label, maxClassKey)
	default:
		if j, dup := seen[cl.Key]; dup {
			v.add(at+".key", RuleDuplicate, "%s的标识与第%d个规则类别重复", label, j+1)
		} else {
			seen[cl.Key] = i
		}
	}
	v.text(at+".name", label+"的名称", cl.Name, true, maxClassName)
	if len(cl.Varieties) == 0 {
		v.add(at+".varieties", RuleRequired, "%s的设备品种不能为空，至少填写一个", label)
	}
	v.codeList(at+".varieties", label+"的设备品种", cl.Varieties, LookupVariety, "2310、2320 或 23T0")
	v.codeList(at+".media", label+"的充装介质", cl.Media, LookupMedium, "G1–G20")
	v.years(at+".intervalYears", label+"的检验周期", cl.IntervalYears, minIntervalYears, maxIntervalYears)
	v.years(at+".designLifeYears", label+"的设计使用年限", cl.DesignLifeYears, minDesignLife, maxDesignLife)
	if cl.MaxLifeYears != 0 && (cl.MaxLifeYears <= cl.DesignLifeYears || cl.MaxLifeYears > maxMaxLife) {
		v.add(at+".maxLifeYears", RuleRange, "%s的最长使用年限应为0（不延长）或大于设计使用年限（%d年）且不超过%d年，现为%d",
			label, cl.DesignLifeYears, maxMaxLife, cl.MaxLifeYears)
	}
	v.code(at+".confidence", label+"的依据可信度", cl.Confidence, true, contains(ruleConfidences, cl.Confidence), false,
		"notice、confirmed、secondary 或 unconfirmed")
}

func (v *checker) years(field, name string, n, lo, hi int) {
	if n < lo || n > hi {
		v.add(field, RuleRange, "%s应为%d–%d年，现为%d", name, lo, hi, n)
	}
}

// codeList checks that every code of a list is in its table, once.
func (v *checker) codeList(field, name string, list []string, lookup func(string) (Code, bool), want string) {
	for j, code := range list {
		f := fmt.Sprintf("%s[%d]", field, j)
		_, ok := lookup(code)
		switch {
		case code == "":
			v.add(f, RuleRequired, "%s第%d项为空", name, j+1)
		case !ok:
			v.add(f, RuleCode, "%s代码 %s 不存在，应为 %s", name, quote(code), want)
		case contains(list[:j], code):
			v.add(f, RuleDuplicate, "%s %s 重复填写", name, code)
		}
	}
}

func (v *checker) mediaList(field, name string, list []string) {
	v.codeList(field, name, list, LookupMedium, "G1–G20")
}

// coverage checks the table as a whole: every variety + medium is matched,
// and every class and listed medium is the first match of something.
func (v *checker) coverage(t RuleTable) {
	reached := make([]bool, len(t.Classes))
	mediumReached := map[[2]int]bool{} // class index, index in its Media
	for _, variety := range Varieties() {
		var missing []string
		for _, medium := range Media() {
			i := t.classIndex(variety.Code, medium.Code)
			if i < 0 {
				missing = append(missing, medium.Code)
				continue
			}
			reached[i] = true
			for j, m := range t.Classes[i].Media {
				if m == medium.Code {
					mediumReached[[2]int{i, j}] = true
				}
			}
		}
		if len(missing) > 0 {
			v.add("classes", RuleCoverage, "没有规则类别适用于设备品种 %s（%s）与充装介质 %s，这些气瓶将无法判断检验周期和设计使用年限；请补充类别（充装介质留空表示该品种的其他所有介质）",
				variety.Code, variety.Name, strings.Join(missing, "、"))
		}
	}
	for i, cl := range t.Classes {
		if !reached[i] {
			if validCodes(cl.Varieties, LookupVariety) && validCodes(cl.Media, LookupMedium) && len(cl.Varieties) > 0 {
				v.add(fmt.Sprintf("classes[%d]", i), RuleUnreachable, "第%d个规则类别（%s）永远不会生效：它适用的气瓶都已由排在前面的类别匹配；请调整顺序（具体的类别应排在“其他介质”类别之前）",
					i+1, cl.Key)
			}
			continue
		}
		for j, m := range cl.Media {
			if _, ok := LookupMedium(m); ok && !mediumReached[[2]int{i, j}] && !contains(cl.Media[:j], m) {
				v.add(fmt.Sprintf("classes[%d].media[%d]", i, j), RuleUnreachable, "第%d个规则类别（%s）的充装介质 %s 不会生效：该介质已由排在前面的类别匹配",
					i+1, cl.Key, m)
			}
		}
	}
}

func validCodes(list []string, lookup func(string) (Code, bool)) bool {
	for _, code := range list {
		if _, ok := lookup(code); !ok {
			return false
		}
	}
	return true
}

func classKeyChars(s string) bool {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !(b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-') {
			return false
		}
	}
	return true
}
