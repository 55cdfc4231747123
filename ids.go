package cyltrace

import (
	"encoding/base32"
	"fmt"
	"io"
	"strings"
)

// crockford is Crockford's base32 alphabet: no I, L, O or U, so that an id
// read aloud or copied from a label by hand is not misread.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

var idEncoding = base32.NewEncoding(crockford).WithPadding(base32.NoPadding)

// Prefixes of the ids the city system issues.
const (
	cylinderIDPrefix = "CY"
	infoCodePrefix   = "CQ"
	idRandomBytes    = 10 // 80 bits: 16 base32 characters exactly
	idLen            = 2 + 16
)

// NewCylinderID returns a new 气瓶档案ID: "CY" and 16 Crockford base32
// characters of 80 random bits read from r. Production passes
// crypto/rand.Reader; demo data a seeded ChaCha8.
func NewCylinderID(r io.Reader) (string, error) { return newID(r, cylinderIDPrefix) }

// NewInfoCode returns a new 信息化编码, issued when a tag is bound: "CQ" and
// 16 Crockford base32 characters of 80 random bits read from r. It is
// random, not a sequence, so that one cylinder's code does not give away
// its neighbour's.
func NewInfoCode(r io.Reader) (string, error) { return newID(r, infoCodePrefix) }

func newID(r io.Reader, prefix string) (string, error) {
	var b [idRandomBytes]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("read random id bits: %w", err)
	}
	return prefix + idEncoding.EncodeToString(b[:]), nil
}

// ValidCylinderID reports whether s has the shape of a 气瓶档案ID; callers
// check it before any query.
func ValidCylinderID(s string) bool { return validID(s, cylinderIDPrefix) }

// ValidInfoCode reports whether s has the shape of a 信息化编码; callers
// check it before any query.
func ValidInfoCode(s string) bool { return validID(s, infoCodePrefix) }

func validID(s, prefix string) bool {
	if len(s) != idLen || !strings.HasPrefix(s, prefix) {
		return false
	}
	for i := len(prefix); i < len(s); i++ {
		if strings.IndexByte(crockford, s[i]) < 0 {
			return false
		}
	}
	return true
}
