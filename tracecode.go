package cyltrace

import (
	"fmt"
	"strconv"
)

// TraceCode is the 12-digit traceable unique number (可追溯唯一性编号, the
// 镂空码 cut into the cylinder's collar): a 3-digit manufacturer code, the
// last two digits of the manufacture year and a 7-digit serial within that
// maker and year (SPEC.md §2).
type TraceCode struct {
	MakerCode string
	Year2     int
	Serial    int
}

// ParseTraceCode reads a 12-digit traceable number. A malformed one is an
// EINVALID *Error with a message for the clerk.
func ParseTraceCode(s string) (TraceCode, error) {
	if len(s) != 12 || !allDigits(s) {
		return TraceCode{}, Errorf(EINVALID, "镂空码应为12位数字（3位制造单位代码＋2位制造年份＋7位流水号），%q 不符合", s)
	}
	year, _ := strconv.Atoi(s[3:5])
	serial, _ := strconv.Atoi(s[5:])
	return TraceCode{MakerCode: s[:3], Year2: year, Serial: serial}, nil
}

// String returns the 12 digits.
func (t TraceCode) String() string { return FormatTraceCode(t.MakerCode, t.Year2, t.Serial) }

// FormatTraceCode writes a traceable number from a 3-digit maker code, a
// year (4-digit or 2-digit; only its last two digits are used) and a serial,
// which the caller keeps within 0–9999999.
func FormatTraceCode(makerCode string, year int, serial int) string {
	return fmt.Sprintf("%s%02d%07d", makerCode, year%100, serial)
}

// MatchesYear reports whether the number's year digits agree with the
// manufacture month (DOMAIN.md §3).
func (t TraceCode) MatchesYear(ym YearMonth) bool { return t.Year2 == ym.Year%100 }
