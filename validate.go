package cyltrace

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The rule names of FieldError.Rule. They are part of the API: a unit's
// platform may branch on them, so they never change.
const (
	RuleRequired   = "required"    // the field is empty
	RuleMaxLength  = "max_length"  // too many characters (runes, not bytes)
	RuleFormat     = "format"      // not of the field's format, or has control characters
	RuleCode       = "code"        // not a value of the field's code table
	RuleRange      = "range"       // a number out of its range
	RuleOrder      = "order"       // before a date it must follow
	RuleFuture     = "future"      // later than now
	RuleMatch      = "match"       // disagrees with another field of the record
	RuleTogether   = "together"    // one of fields that are given all together or not at all
	RuleNotAllowed = "not_allowed" // given where the record's other fields forbid it
	RuleDuplicate  = "duplicate"   // a list holds the same value twice
)

// MaxClockSkew is how far in the future a submitted time may lie: the
// clocks of the units' platforms are not ours.
const MaxClockSkew = 5 * time.Minute

// checker collects the field errors of one record.
type checker struct {
	errs FieldErrors
	now  time.Time
}

func (c *checker) add(field, rule, format string, args ...any) {
	c.errs.Add(field, rule, fmt.Sprintf(format, args...))
}

// text checks a free-text field and reports whether it is set and sound.
// Nothing is trimmed silently: a stray space or tab would make two names that
// look the same different, which breaks the duplicate check of Attachment 2.
func (c *checker) text(field, name, v string, required bool, max int) bool {
	switch {
	case v == "":
		if required {
			c.add(field, RuleRequired, "%s不能为空", name)
		}
		return false
	case !utf8.ValidString(v) || hasControl(v):
		c.add(field, RuleFormat, "%s含有控制字符或不可见字符，请删除后重新填写", name)
	case strings.TrimSpace(v) != v:
		c.add(field, RuleFormat, "%s的开头或结尾不能有空格", name)
	case utf8.RuneCountInString(v) > max:
		c.add(field, RuleMaxLength, "%s不能超过%d个字（现为%d个字）", name, max, utf8.RuneCountInString(v))
	default:
		return true
	}
	return false
}

// hasControl reports control, format (zero-width, byte-order mark) and line
// or paragraph separator characters: invisible in a form, harmful in a
// certificate or an Excel export.
func hasControl(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) {
			return true
		}
	}
	return false
}

// code checks a code-table field: set when required, and in the table.
// isCode says whether the table holds codes (G13) rather than the values
// themselves (在用), which changes how the message names the field.
func (c *checker) code(field, name, v string, required, inTable, isCode bool, want string) {
	switch {
	case v == "":
		if required {
			c.add(field, RuleRequired, "%s不能为空", name)
		}
	case !inTable && isCode:
		c.add(field, RuleCode, "%s代码 %s 不存在，应为 %s", name, quote(v), want)
	case !inTable:
		c.add(field, RuleCode, "%s %s 不正确，应为 %s", name, quote(v), want)
	}
}

// quote quotes a bad value for a message, shortened so that a pasted page
// does not become the message.
func quote(v string) string {
	const max = 20
	if utf8.RuneCountInString(v) > max {
		v = string([]rune(v)[:max]) + "…"
	}
	return fmt.Sprintf("%q", v)
}

// yearMonth checks a yyyy-mm field and returns its value when sound.
func (c *checker) yearMonth(field, name, v string, required bool) (YearMonth, bool) {
	if v == "" {
		if required {
			c.add(field, RuleRequired, "%s不能为空", name)
		}
		return YearMonth{}, false
	}
	ym, ok := ParseYearMonth(v)
	if !ok {
		c.add(field, RuleFormat, "%s格式应为 yyyy-mm（如 2021-08），%s 不符合", name, quote(v))
		return YearMonth{}, false
	}
	return ym, true
}

// date checks a yyyy-mm-dd field that may not lie after today (CST).
func (c *checker) date(field, name, v string, required bool) (time.Time, bool) {
	if v == "" {
		if required {
			c.add(field, RuleRequired, "%s不能为空", name)
		}
		return time.Time{}, false
	}
	t, ok := ParseDate(v)
	if !ok {
		c.add(field, RuleFormat, "%s格式应为 yyyy-mm-dd 且为有效日期（如 2021-08-13），%s 不符合", name, quote(v))
		return time.Time{}, false
	}
	if v > FormatDate(c.now) {
		c.add(field, RuleFuture, "%s %s 晚于今天（%s）", name, v, FormatDate(c.now))
		return time.Time{}, false
	}
	return t, true
}

// dateTime checks a yyyy-MM-dd HH:mm:ss field that may not lie in the
// future by more than MaxClockSkew.
func (c *checker) dateTime(field, name, v string, required bool) (time.Time, bool) {
	if v == "" {
		if required {
			c.add(field, RuleRequired, "%s不能为空", name)
		}
		return time.Time{}, false
	}
	t, ok := ParseDateTime(v)
	if !ok {
		c.add(field, RuleFormat, "%s格式应为 yyyy-MM-dd HH:mm:ss 且为有效时间（如 2021-08-13 09:30:00），%s 不符合", name, quote(v))
		return time.Time{}, false
	}
	if t.After(c.now.Add(MaxClockSkew)) {
		c.add(field, RuleFuture, "%s %s 晚于当前时间（%s），请检查设备时钟", name, v, FormatDateTime(c.now))
		return time.Time{}, false
	}
	return t, true
}

// positive checks a required decimal(10,2) that must be above zero.
func (c *checker) positive(field, name string, d Decimal) {
	switch {
	case d.IsZero():
		c.add(field, RuleRequired, "%s不能为空", name)
	case !d.Valid():
		c.add(field, RuleFormat, "%s应为数字，最多8位整数、2位小数（如 15.50），%s 不符合", name, quote(d.Raw()))
	case d.Hundredths() <= 0:
		c.add(field, RuleRange, "%s应大于0", name)
	}
}

// sourceID checks the submitting platform's record id. It is an
// idempotency key compared byte for byte, so only visible ASCII is allowed:
// a full-width letter or a space would make a different key that looks the
// same in a log.
func (c *checker) sourceID(v string) {
	const field, name = "sourceId", "来源记录ID"
	switch {
	case v == "":
		c.add(field, RuleRequired, "%s不能为空", name)
	case strings.IndexFunc(v, func(r rune) bool { return r < '!' || r > '~' }) >= 0:
		c.add(field, RuleFormat, "%s只能包含英文字母、数字和英文符号，不能有空格、汉字或控制字符", name)
	case len(v) > 64: // visible ASCII: bytes are characters
		c.add(field, RuleMaxLength, "%s不能超过64个字符（现为%d个）", name, len(v))
	}
}

// reference checks how a record names its cylinder: by cylinderId or by
// infoCode (SPEC.md §3.5); at least one, and each given one well-formed.
func (c *checker) reference(cylinderID, infoCode string) {
	if cylinderID == "" && infoCode == "" {
		c.add("cylinderId", RuleRequired, "气瓶档案ID和信息化编码至少填写一个")
		return
	}
	c.cylinderID("cylinderId", cylinderID)
	c.infoCode(infoCode)
}

// cylinderID checks a 气瓶档案ID: "id" in the archive, "cylinderId" in the
// records that name a cylinder.
func (c *checker) cylinderID(field, v string) {
	if v != "" && !ValidCylinderID(v) {
		c.add(field, RuleFormat, "气瓶档案ID格式不正确，应为本系统签发的 CY 加16位字母数字，%s 不符合", quote(v))
	}
}

func (c *checker) infoCode(v string) {
	if v != "" && !ValidInfoCode(v) {
		c.add("infoCode", RuleFormat, "信息化编码格式不正确，应为本系统签发的 CQ 加16位字母数字，%s 不符合", quote(v))
	}
}

// medium checks a required 充装介质 code.
func (c *checker) medium(v string) {
	_, ok := LookupMedium(v)
	c.code("mediumCode", "充装介质", v, true, ok, true, "G1–G20")
}

// region checks a required 设备区域 code.
func (c *checker) region(v string) {
	_, ok := LookupRegion(v)
	c.code("regionCode", "设备区域", v, true, ok, true, "重庆市区域代码之一（500101 万州区 … 500299 万盛经济开发区）")
}
