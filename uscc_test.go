package cyltrace

import (
	"fmt"
	"strings"
	"testing"
)

// The published codes of Attachment 2 (figures 3 and 8) and the
// organisation codes inside them (DOMAIN.md §3).
var (
	publishedUSCC    = []string{"91500107MA5UG4925L", "915001077530560415"}
	publishedOrgCode = []string{"MA5UG4925", "753056041"}
)

func TestValidUSCC(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"91500107MA5UG4925L", true},
		{"915001077530560415", true},
		{"91500107MA5UG4925K", false},  // wrong check character
		{"915001077530560416", false},  // wrong check character
		{"91500107MA5UG4925", false},   // 17 characters
		{"91500107MA5UG4925LL", false}, // 19 characters
		{"91500107ma5ug4925l", false},  // lowercase
		{"", false},
		{"91500107MA5UG4925Ｌ", false}, // full-width letter
	}
	for _, tt := range tests {
		if got := ValidUSCC(tt.code); got != tt.want {
			t.Errorf("ValidUSCC(%q): got %v, want %v", tt.code, got, tt.want)
		}
		if got := ValidUnitCode(tt.code); got != tt.want {
			t.Errorf("ValidUnitCode(%q): got %v, want %v", tt.code, got, tt.want)
		}
	}
}

func TestUSCCCheckCharPublished(t *testing.T) {
	for _, code := range publishedUSCC {
		c, ok := USCCCheckChar(code[:17])
		if got, want := string(c), code[17:]; !ok || got != want {
			t.Errorf("USCCCheckChar(%s): got %q %v, want %q", code[:17], got, ok, want)
		}
		if got := MakeUSCC(code[:17]); got != code {
			t.Errorf("MakeUSCC(%s): got %q, want %q", code[:17], got, code)
		}
	}
}

// The letters I, O, Z, S and V are outside the code's set wherever they
// stand, even with a recomputed check character.
func TestUSCCForbiddenLetters(t *testing.T) {
	for _, letter := range "IOZSV" {
		first17 := "91500107MA5UG4925"[:9] + string(letter) + "91500107MA5UG4925"[10:]
		if c, ok := USCCCheckChar(first17); ok {
			t.Errorf("USCCCheckChar(%s): got %q, want refused", first17, c)
		}
		code := first17 + "0"
		if ValidUSCC(code) {
			t.Errorf("ValidUSCC(%s): got true, want false", code)
		}
		if got := MakeUSCC(first17); got != "" {
			t.Errorf("MakeUSCC(%s): got %q, want \"\"", first17, got)
		}
	}
}

// GB 32100 makes characters 9–17 an organisation code: a USCC whose own
// check character is right but whose embedded org code is wrong is refused.
func TestUSCCEmbeddedOrgCode(t *testing.T) {
	code := MakeUSCC("91500107" + "MA5UG4926")
	if code == "" {
		t.Fatal("MakeUSCC refused a well-formed prefix")
	}
	if ValidUSCC(code) {
		t.Errorf("ValidUSCC(%s): got true, want false (embedded org code MA5UG4926 is wrong)", code)
	}
}

func TestValidOrgCode(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"MA5UG4925", true},
		{"753056041", true},
		{"MA5UG4924", false},  // wrong check character
		{"75305604", false},   // 8 characters
		{"7530560410", false}, // 10 characters
		{"ma5ug4925", false},  // lowercase
		{"MA5UG492-5", false}, // printed with a hyphen
		{"MA5UG492x", false},  // lowercase x
	}
	for _, tt := range tests {
		if got := ValidOrgCode(tt.code); got != tt.want {
			t.Errorf("ValidOrgCode(%q): got %v, want %v", tt.code, got, tt.want)
		}
		if got := ValidUnitCode(tt.code); got != tt.want {
			t.Errorf("ValidUnitCode(%q): got %v, want %v", tt.code, got, tt.want)
		}
	}
	for _, code := range publishedOrgCode {
		if got := MakeOrgCode(code[:8]); got != code {
			t.Errorf("MakeOrgCode(%s): got %q, want %q", code[:8], got, code)
		}
	}
}

// The check values 10 and 11 are written X and 0.
func TestOrgCodeCheckCharXAnd0(t *testing.T) {
	found := map[byte]string{}
	for n := 0; n < 200 && (found['X'] == "" || found['0'] == ""); n++ {
		body := fmt.Sprintf("%08d", n)
		c, ok := OrgCodeCheckChar(body)
		if !ok {
			t.Fatalf("OrgCodeCheckChar(%s) refused", body)
		}
		sum := 0
		for i := 0; i < 8; i++ {
			sum += int(body[i]-'0') * orgWeights[i]
		}
		want := map[int]byte{10: 'X', 11: '0'}[11-sum%11]
		if want == 0 {
			want = byte('0' + 11 - sum%11)
		}
		if c != want {
			t.Fatalf("OrgCodeCheckChar(%s): got %q, want %q", body, c, want)
		}
		found[c] = body + string(c)
	}
	for _, c := range []byte{'X', '0'} {
		if code := found[c]; code == "" || !ValidOrgCode(code) {
			t.Errorf("got no valid org code with check %q (found %q)", c, code)
		}
	}
}

func TestMakeCodesAreValid(t *testing.T) {
	for i, body := range []string{"MA5UG492", "75305604", "00000000", "ABCDEFGH", "MA61XY0Q", "12345678"} {
		org := MakeOrgCode(body)
		if !ValidOrgCode(org) {
			t.Errorf("MakeOrgCode(%s) = %q: not valid", body, org)
		}
		if strings.ContainsAny(org, "IOZSV") {
			continue // a valid org code, but not one a USCC can embed
		}
		prefix := []string{"91500107", "92500112", "52500000", "12500000", "Y1500101", "93500241"}[i]
		uscc := MakeUSCC(prefix + org)
		if !ValidUSCC(uscc) || len(uscc) != 18 {
			t.Errorf("MakeUSCC(%s) = %q: not valid", prefix+org, uscc)
		}
	}
	for _, bad := range []string{"", "MA5UG49", "ma5ug492", "MA5UG49-"} {
		if got := MakeOrgCode(bad); got != "" {
			t.Errorf("MakeOrgCode(%q): got %q, want \"\"", bad, got)
		}
	}
}
