package cyltrace

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// Decimal is a decimal(10,2) of the source (pressure, volume): a number with at
// most 8 integer and 2 fraction digits, kept as a count of hundredths so that
// 15.50 stays exactly 15.50 through JSON, SQLite and PostgreSQL.
//
// Reading JSON never fails: a value that is not such a number is remembered
// as written and reported by Validate, so that a bad volume is one field error
// and not a refusal of the whole document.
type Decimal struct {
	hundredths int64
	set        bool
	raw        string // the text as written when it is not a valid decimal
}

// MaxDecimalHundredths is the largest decimal(10,2): 99999999.99.
const MaxDecimalHundredths = 9999999999

// DecimalFromHundredths returns the decimal n/100.
func DecimalFromHundredths(n int64) Decimal { return Decimal{hundredths: n, set: true} }

// ParseDecimal reads a decimal such as "15", "15.5" or "15.50". It refuses
// more than two fraction digits, signs, exponents and values over decimal(10,2).
func ParseDecimal(s string) (Decimal, bool) {
	s = strings.TrimSpace(s)
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || len(intPart) > 8 || len(frac) > 2 || (hasDot && frac == "") {
		return Decimal{raw: s}, false
	}
	if !allDigits(intPart) || !allDigits(frac) {
		return Decimal{raw: s}, false
	}
	n, _ := strconv.ParseInt(intPart, 10, 64)
	n *= 100
	switch len(frac) {
	case 1:
		d, _ := strconv.ParseInt(frac, 10, 64)
		n += d * 10
	case 2:
		d, _ := strconv.ParseInt(frac, 10, 64)
		n += d
	}
	return Decimal{hundredths: n, set: true}, true
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Hundredths returns the value times 100.
func (d Decimal) Hundredths() int64 { return d.hundredths }

// IsZero reports whether nothing was given (JSON null or absent).
func (d Decimal) IsZero() bool { return !d.set && d.raw == "" }

// Valid reports whether a value was given and it is a decimal(10,2).
func (d Decimal) Valid() bool { return d.set }

// Raw returns the text of an invalid value as it was written.
func (d Decimal) Raw() string { return d.raw }

// String returns the value with exactly two fraction digits ("15.50"), the
// raw text of an invalid value, or "" when nothing was given.
func (d Decimal) String() string {
	if !d.set {
		return d.raw
	}
	return strconv.FormatInt(d.hundredths/100, 10) + "." + twoDigits(d.hundredths%100)
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// MarshalJSON writes the value as a JSON number with two fraction digits, or
// null when nothing valid was given.
func (d Decimal) MarshalJSON() ([]byte, error) {
	if !d.set {
		return []byte("null"), nil
	}
	return []byte(d.String()), nil
}

// UnmarshalJSON accepts a JSON number or a string holding one; anything else
// is kept for Validate to report.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*d = Decimal{}
		return nil
	}
	text := string(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			*d = Decimal{raw: text}
			return nil
		}
		text = s
	}
	if v, ok := ParseDecimal(text); ok {
		*d = v
		return nil
	}
	if text == "" {
		text = `""`
	}
	*d = Decimal{raw: text}
	return nil
}
