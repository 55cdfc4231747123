package cyltrace

import "time"

// The layouts of the source's three time formats (Attachment 1 §二).
const (
	yearMonthLayout = "2006-01"
	dateLayout      = "2006-01-02"
	dateTimeLayout  = "2006-01-02 15:04:05"
)

// The years a date may fall in. Narrower than time.Time's range so that a
// typo such as 0202-05 or 20233-01 is reported instead of being stored.
const (
	minYear = 1900
	maxYear = 2199
)

// YearMonth is a calendar month (制造年月, 下次检验日期), written yyyy-mm.
type YearMonth struct {
	Year  int
	Month time.Month
}

// ParseYearMonth reads a strict yyyy-mm with a month 01–12 and a year
// 1900–2199.
func ParseYearMonth(s string) (YearMonth, bool) {
	t, ok := parseShaped(s, "dddd-dd", yearMonthLayout)
	if !ok {
		return YearMonth{}, false
	}
	return YearMonth{t.Year(), t.Month()}, true
}

// String returns the month as yyyy-mm.
func (ym YearMonth) String() string { return ym.first().Format(yearMonthLayout) }

// AddMonths returns the month n months later (earlier when n < 0).
func (ym YearMonth) AddMonths(n int) YearMonth {
	return YearMonthOf(time.Date(ym.Year, ym.Month+time.Month(n), 1, 0, 0, 0, 0, CST))
}

// AddYears returns the same month n years later (earlier when n < 0).
func (ym YearMonth) AddYears(n int) YearMonth { return YearMonth{ym.Year + n, ym.Month} }

// Before reports whether ym is an earlier month than o.
func (ym YearMonth) Before(o YearMonth) bool {
	return ym.Year < o.Year || (ym.Year == o.Year && ym.Month < o.Month)
}

// LastDay returns midnight (CST) of the month's last day: a cylinder whose
// 下次检验日期 is 2024-08 is in date through 2024-08-31.
func (ym YearMonth) LastDay() time.Time {
	// Day 0 of the next month normalises to the last day of this one.
	return time.Date(ym.Year, ym.Month+1, 0, 0, 0, 0, 0, CST)
}

func (ym YearMonth) first() time.Time { return time.Date(ym.Year, ym.Month, 1, 0, 0, 0, 0, CST) }

// YearMonthOf returns the month t falls in, in China Standard Time.
func YearMonthOf(t time.Time) YearMonth {
	t = t.In(CST)
	return YearMonth{t.Year(), t.Month()}
}

// ParseDate reads a strict yyyy-mm-dd calendar date (2023-02-29 is refused)
// as midnight CST, with a year 1900–2199.
func ParseDate(s string) (time.Time, bool) { return parseShaped(s, "dddd-dd-dd", dateLayout) }

// FormatDate writes t's date in CST as yyyy-mm-dd.
func FormatDate(t time.Time) string { return t.In(CST).Format(dateLayout) }

// ParseDateTime reads a strict yyyy-MM-dd HH:mm:ss in CST, with a year
// 1900–2199.
func ParseDateTime(s string) (time.Time, bool) {
	return parseShaped(s, "dddd-dd-dd dd:dd:dd", dateTimeLayout)
}

// FormatDateTime writes t in CST as yyyy-MM-dd HH:mm:ss.
func FormatDateTime(t time.Time) string { return t.In(CST).Format(dateTimeLayout) }

// parseShaped checks s character by character against shape ('d' is an
// ASCII digit, anything else itself) before time.ParseInLocation, because
// the time package alone accepts more than the source's formats (a trailing
// fractional second, for one).
func parseShaped(s, shape, layout string) (time.Time, bool) {
	if len(s) != len(shape) {
		return time.Time{}, false
	}
	for i := 0; i < len(shape); i++ {
		if shape[i] == 'd' {
			if s[i] < '0' || s[i] > '9' {
				return time.Time{}, false
			}
		} else if s[i] != shape[i] {
			return time.Time{}, false
		}
	}
	t, err := time.ParseInLocation(layout, s, CST)
	if err != nil || t.Year() < minYear || t.Year() > maxYear {
		return time.Time{}, false
	}
	return t, true
}
