package cyltrace

import (
	"fmt"
	"strconv"
	"strings"
)

// DefaultCertTemplate is the default pattern of a 使用登记证编号. TSG 08 does
// not fix a number for cylinders; real certificates of other equipment read
// like 梯11闽E3622(16): category character, two digits of the equipment
// catalogue code, province abbreviation, city letter, serial, (two-digit
// year). For cylinders that is 瓶 + 32 (气瓶, catalogue code 2xxx group 3) +
// 渝A + serial + (yy) (DOMAIN.md §4, unconfirmed), so it is a setting, not a
// constant in the code. The serial is not padded: its width grows with the
// count.
const DefaultCertTemplate = "瓶32渝A{serial}({yy})"

// CertTemplateValid reports whether tmpl holds {serial}, the only part that
// makes a number unique, and no unknown placeholder.
func CertTemplateValid(tmpl string) error {
	if !strings.Contains(tmpl, "{serial}") {
		return Errorf(EINVALID, "使用登记证编号模板必须含有 {serial}（流水号）")
	}
	rest := strings.NewReplacer("{serial}", "", "{yy}", "", "{yyyy}", "").Replace(tmpl)
	if strings.ContainsAny(rest, "{}") {
		return Errorf(EINVALID, "使用登记证编号模板只能使用 {serial}、{yy}、{yyyy}：%s", quote(tmpl))
	}
	return nil
}

// FormatCertNumber fills tmpl with the serial and the year of issue. The
// serial counts per year across the city, so {serial} with {yy} or {yyyy}
// is unique; a template without the year needs serials that never restart,
// which the store gives when the year is absent from it.
func FormatCertNumber(tmpl string, serial, year int) string {
	return strings.NewReplacer(
		"{serial}", strconv.Itoa(serial),
		"{yyyy}", fmt.Sprintf("%04d", year),
		"{yy}", fmt.Sprintf("%02d", year%100),
	).Replace(tmpl)
}

// CertSerialYear returns the year a template's serial counts in: year when
// the template shows the year, else 0 (one sequence for ever).
func CertSerialYear(tmpl string, year int) int {
	if strings.Contains(tmpl, "{yy}") || strings.Contains(tmpl, "{yyyy}") {
		return year
	}
	return 0
}
