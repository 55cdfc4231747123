package cyltrace

import (
	"bytes"
	crand "crypto/rand"
	"io"
	"math/rand/v2"
	"regexp"
	"testing"
)

var (
	cylinderIDShape = regexp.MustCompile(`^CY[0-9A-HJKMNP-TV-Z]{16}$`)
	infoCodeShape   = regexp.MustCompile(`^CQ[0-9A-HJKMNP-TV-Z]{16}$`)
)

func TestNewIDsFormat(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 10000; i++ {
		id, err := NewCylinderID(crand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		code, err := NewInfoCode(crand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if !cylinderIDShape.MatchString(id) || !ValidCylinderID(id) || ValidInfoCode(id) {
			t.Fatalf("got cylinder id %q, want CY and 16 Crockford base32 characters", id)
		}
		if !infoCodeShape.MatchString(code) || !ValidInfoCode(code) || ValidCylinderID(code) {
			t.Fatalf("got info code %q, want CQ and 16 Crockford base32 characters", code)
		}
		if seen[id] || seen[code] {
			t.Fatalf("got %q or %q twice in %d draws", id, code, i+1)
		}
		seen[id], seen[code] = true, true
	}
}

// The 80 bits map to the 16 characters exactly: all zero bits are all "0",
// all one bits all "Z".
func TestNewIDsEncoding(t *testing.T) {
	tests := []struct {
		bits byte
		want string
	}{
		{0x00, "CY0000000000000000"},
		{0xff, "CYZZZZZZZZZZZZZZZZ"},
	}
	for _, tt := range tests {
		got, err := NewCylinderID(bytes.NewReader(bytes.Repeat([]byte{tt.bits}, 10)))
		if err != nil || got != tt.want {
			t.Errorf("got %q %v, want %q", got, err, tt.want)
		}
	}
}

func TestNewIDsDeterministic(t *testing.T) {
	draw := func(seed byte) []string {
		r := rand.NewChaCha8([32]byte{seed})
		var out []string
		for i := 0; i < 5; i++ {
			id, err := NewCylinderID(r)
			if err != nil {
				t.Fatal(err)
			}
			code, err := NewInfoCode(r)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, id, code)
		}
		return out
	}
	a, b, c := draw(1), draw(1), draw(2)
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("draw %d: got %q and %q from the same seed, want equal", i, a[i], b[i])
		}
		if a[i] == c[i] {
			t.Errorf("draw %d: got %q from two seeds, want different", i, a[i])
		}
	}
}

func TestNewIDsShortRead(t *testing.T) {
	if id, err := NewInfoCode(io.LimitReader(crand.Reader, 9)); err == nil {
		t.Errorf("got %q from 9 random bytes, want an error", id)
	}
}

func TestValidIDs(t *testing.T) {
	tests := []struct {
		s         string
		cyl, info bool
	}{
		{"CY0123456789ABCDEF", true, false},
		{"CQ0123456789ABCDEF", false, true},
		{"CY0123456789ABCDE", false, false},   // 15 characters
		{"CY0123456789ABCDEFG", false, false}, // 17 characters
		{"cy0123456789abcdef", false, false},  // lowercase
		{"CY0123456789ABCDEI", false, false},  // I
		{"CY0123456789ABCDEL", false, false},  // L
		{"CQ0123456789ABCDEO", false, false},  // O
		{"CQ0123456789ABCDEU", false, false},  // U
		{"XX0123456789ABCDEF", false, false},
		{"CY0123456789ABCD'F", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		if got := ValidCylinderID(tt.s); got != tt.cyl {
			t.Errorf("ValidCylinderID(%q): got %v, want %v", tt.s, got, tt.cyl)
		}
		if got := ValidInfoCode(tt.s); got != tt.info {
			t.Errorf("ValidInfoCode(%q): got %v, want %v", tt.s, got, tt.info)
		}
	}
}
