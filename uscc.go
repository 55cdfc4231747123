package cyltrace

import "strings"

// usccChars is the character set of the unified social credit code
// (统一社会信用代码, GB 32100-2015): the digits and the capital letters
// without I, O, Z, S and V. A character's value is its index.
const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// USCCCheckChar returns the check character (the 18th) of a unified social
// credit code whose first 17 characters are given; false when first17 is
// not 17 characters of the code's character set.
func USCCCheckChar(first17 string) (byte, bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(usccChars, first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * usccWeights[i]
	}
	return usccChars[(31-sum%31)%31], true
}

// OrgCodeCheckChar returns the check character (the 9th) of an organisation
// code (组织机构代码, GB 11714) whose first 8 characters are given; false
// when first8 is not 8 digits or capital letters.
func OrgCodeCheckChar(first8 string) (byte, bool) {
	if len(first8) != 8 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 8; i++ {
		c := first8[i]
		var v int
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		default:
			return 0, false
		}
		sum += v * orgWeights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X', true
	case 11:
		return '0', true
	default:
		return byte('0' + c), true
	}
}

// ValidOrgCode reports whether s is a 9-character organisation code with a
// correct check character. The hyphen often printed before the check
// character (MA5UG492-5) is not accepted: the system stores one spelling.
func ValidOrgCode(s string) bool {
	if len(s) != 9 {
		return false
	}
	c, ok := OrgCodeCheckChar(s[:8])
	return ok && c == s[8]
}

// ValidUSCC reports whether s is an 18-character unified social credit code
// with a correct check character whose characters 9–17 are a valid
// organisation code, as GB 32100-2015 defines them (主体标识码, per
// GB 11714). The registration-authority and category codes (characters 1
// and 2) are not checked against a list: that list has grown since 2015, and
// refusing a real unit's login over a new authority code is worse than
// accepting a typo the check characters already catch.
func ValidUSCC(s string) bool {
	if len(s) != 18 {
		return false
	}
	c, ok := USCCCheckChar(s[:17])
	return ok && c == s[17] && ValidOrgCode(s[8:17])
}

// ValidUnitCode reports whether s is a valid unified social credit code or
// organisation code: the two codes a unit may log in with (Attachment 2).
func ValidUnitCode(s string) bool { return ValidUSCC(s) || ValidOrgCode(s) }

// MakeOrgCode appends the check character to first8. It is for demo data;
// it returns "" when first8 is not 8 digits or capital letters.
func MakeOrgCode(first8 string) string {
	c, ok := OrgCodeCheckChar(first8)
	if !ok {
		return ""
	}
	return first8 + string(c)
}

// MakeUSCC appends the check character to first17. It is for demo data; the
// caller builds first17 as an 8-character prefix (authority, category,
// 6-digit region) followed by a valid organisation code from MakeOrgCode,
// without the letters I, O, Z, S and V. It returns "" when first17 has
// characters outside the code's set.
func MakeUSCC(first17 string) string {
	c, ok := USCCCheckChar(first17)
	if !ok {
		return ""
	}
	return first17 + string(c)
}
