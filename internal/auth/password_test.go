package auth

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"

	"cyltrace"
)

var phc = regexp.MustCompile(`^\$argon2id\$v=19\$m=65536,t=2,p=2\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestHashAndVerifyPassword(t *testing.T) {
	const pw = "Chongqing2026气瓶"
	h1, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := HashPassword(pw)
	if !phc.MatchString(h1) {
		t.Errorf("hash %q is not a PHC string of argon2id with the documented parameters", h1)
	}
	if h1 == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	if strings.Contains(h1, pw) {
		t.Error("the hash contains the password")
	}
	if NeedsRehash(h1) {
		t.Error("a fresh hash needs rehashing")
	}
	for _, tt := range []struct {
		pw   string
		want bool
	}{
		{pw, true},
		{"chongqing2026气瓶", false},
		{pw + " ", false},
		{"", false},
	} {
		if got := VerifyPassword(h1, tt.pw); got != tt.want {
			t.Errorf("VerifyPassword(%q) = %v, want %v", tt.pw, got, tt.want)
		}
	}
}

// TestVerifyPasswordReadsParameters: a hash made with other parameters (as
// after a future change of them) still verifies, and asks to be replaced.
func TestVerifyPasswordReadsParameters(t *testing.T) {
	// argon2id, m=4096, t=1, p=1 of "password1234", salt "somesaltsomesalt", made by the
	// reference implementation (phc-winner-argon2: `argon2 somesaltsomesalt -id -t 1 -m 12 -p 1 -e`).
	const old = "$argon2id$v=19$m=4096,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$Qvx+psdfV51x3mK8o8etSR49onAtmN5NFNaQFY48lUw"
	if !VerifyPassword(old, "password1234") {
		t.Fatal("a hash with other parameters does not verify")
	}
	if VerifyPassword(old, "password1235") {
		t.Error("a wrong password verifies against a hash with other parameters")
	}
	if !NeedsRehash(old) {
		t.Error("a hash with old parameters does not need rehashing")
	}
	// The current parameters, also by the reference implementation: our
	// hashes are the standard ones, readable by any other PHC verifier.
	const current = "$argon2id$v=19$m=65536,t=2,p=2$Y3lsdHJhY2VzYWx0c2FsdA$/kBc1aBoGFRlRZX/kPjR6E85SftopDEy8Iu/rENBzmE"
	if !VerifyPassword(current, "Qianlan2026go") || NeedsRehash(current) {
		t.Error("the reference implementation's hash with the current parameters does not verify or needs rehashing")
	}
}

func TestVerifyPasswordMalformed(t *testing.T) {
	good, _ := HashPassword("password1234")
	parts := strings.Split(good, "$")
	for _, bad := range []string{
		"",
		"password1234",
		Hash("password1234"), // a SHA-256, as API secrets are stored
		strings.Replace(good, "argon2id", "argon2i", 1),
		strings.Replace(good, "v=19", "v=16", 1),
		strings.Replace(good, "m=65536", "m=-1", 1),
		strings.Replace(good, "m=65536", "m=065536", 1),
		strings.Replace(good, "m=65536", "m=4194304", 1), // 4 GiB: refused, not run
		strings.Replace(good, "t=2", "t=1000", 1),
		strings.Replace(good, "t=2", "t=0", 1),
		strings.Replace(good, "p=2", "p=0", 1),
		strings.Join(parts[:5], "$"),
		strings.Join(append(parts[:5:5], "!!!"), "$"),
		strings.Join(append(parts[:4:4], "", parts[5]), "$"),
		strings.Join(append(parts[:5:5], ""), "$"),
		good + "$extra",
	} {
		if VerifyPassword(bad, "password1234") {
			t.Errorf("VerifyPassword accepted the malformed hash %q", bad)
		}
		if !NeedsRehash(bad) {
			t.Errorf("NeedsRehash(%q) = false for a malformed hash", bad)
		}
	}
}

func TestCheckPasswordPolicy(t *testing.T) {
	tests := []struct {
		name, username, pw string
		related            []string
		want               []string // the rules broken, in order
	}{
		{"good", "yz-shouli", "Qianlan2026go", nil, nil},
		{"good with Chinese letters", "yz-shouli", "重庆气瓶追溯系统2026", nil, nil},
		{"empty", "yz-shouli", "", nil, []string{cyltrace.RuleRequired}},
		{"nine characters", "yz-shouli", "abcde1234", nil, []string{RuleWeakPassword}},
		{"ten characters", "yz-shouli", "abcdef1234", nil, nil},
		{"digits only", "yz-shouli", "12345678901", nil, []string{RuleWeakPassword}},
		{"letters only", "yz-shouli", "abcdefghijk", nil, []string{RuleWeakPassword}},
		{"short letters only", "yz-shouli", "abc", nil, []string{RuleWeakPassword, RuleWeakPassword}},
		{"contains the username", "yz-shouli", "YZ-Shouli2026", nil, []string{RuleWeakPassword}},
		{"is the unit code used as username", "91500107MA5UG4925L", "91500107MA5UG4925L", nil, []string{RuleWeakPassword}},
		{"is the unit code", "qinglan", "91500107ma5ug4925l", []string{"91500107MA5UG4925L"}, []string{RuleWeakPassword}},
		{"contains the unit code", "qinglan", "x91500107MA5UG4925L", []string{"91500107MA5UG4925L"}, []string{RuleWeakPassword}},
		{"a newline", "yz-shouli", "Qianlan2026go\n", nil, []string{cyltrace.RuleFormat}},
		{"too long", "yz-shouli", strings.Repeat("a1", 65), nil, []string{cyltrace.RuleMaxLength}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckPasswordPolicy(tt.username, tt.pw, tt.related...)
			var got []string
			if err != nil {
				var e *cyltrace.Error
				if !errors.As(err, &e) || e.Code != cyltrace.EINVALID {
					t.Fatalf("got %v, want an EINVALID *cyltrace.Error", err)
				}
				for _, f := range e.Fields {
					got = append(got, f.Rule)
					if f.Field != "password" || !strings.Contains(f.Message, "密码") {
						t.Errorf("field error %+v: want field password and a Chinese message naming 密码", f)
					}
					if tt.pw != "" && strings.Contains(f.Message, strings.TrimSpace(tt.pw)) {
						t.Errorf("message %q repeats the password", f.Message)
					}
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("got rules %v, want %v (%v)", got, tt.want, err)
			}
		})
	}
}

func TestGeneratePassword(t *testing.T) {
	if len(passwordChars) != 56 {
		t.Errorf("the alphabet has %d characters, its comment says 56", len(passwordChars))
	}
	if strings.ContainsAny(passwordChars, "0Oo1lI") {
		t.Error("the alphabet has look-alike characters")
	}
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		pw, err := GeneratePassword(nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(pw) != 16 || seen[pw] {
			t.Fatalf("generated %q (length %d, seen before %v)", pw, len(pw), seen[pw])
		}
		seen[pw] = true
		if err := CheckPasswordPolicy("admin", pw); err != nil && !strings.Contains(strings.ToLower(pw), "admin") {
			t.Errorf("generated password %q breaks the policy: %v", pw, err)
		}
	}
	// A draw without a digit is thrown away and drawn again.
	src := append(bytes.Repeat([]byte{10}, 32), bytes.Repeat([]byte{0}, 8)...) // index 10 is 'c', 0 is '2'
	src = append(src, bytes.Repeat([]byte{10}, 24)...)
	if pw, err := GeneratePassword(bytes.NewReader(src)); err != nil || pw != "22222222cccccccc" {
		t.Errorf("GeneratePassword after a draw of letters only = %q, %v; want 22222222cccccccc", pw, err)
	}
	if _, err := GeneratePassword(bytes.NewReader(nil)); err == nil {
		t.Error("GeneratePassword with an empty source did not fail")
	}
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("Qianlan2026go"); err != nil {
			b.Fatal(err)
		}
	}
}
