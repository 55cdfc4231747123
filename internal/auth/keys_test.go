package auth

import (
	"crypto/rand"
	"strings"
	"testing"
)

func TestKeysSecretsTokens(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		key, err := NewAppKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		secret, _ := NewSecret(rand.Reader)
		token, _ := NewToken(nil)
		if !strings.HasPrefix(key, "ak_") || len(key) != 27 || !ValidAppKey(key) {
			t.Fatalf("app key %q has the wrong shape", key)
		}
		if len(secret) != 43 || !ValidToken(token) {
			t.Fatalf("secret %q or token %q has the wrong shape", secret, token)
		}
		for _, v := range []string{key, secret, token} {
			if seen[v] {
				t.Fatalf("value %q issued twice", v)
			}
			seen[v] = true
		}
	}
}

func TestHashCheck(t *testing.T) {
	secret, _ := NewSecret(nil)
	h := Hash(secret)
	if len(h) != 64 || strings.Contains(h, secret) {
		t.Fatalf("hash %q", h)
	}
	if !Check(h, secret) {
		t.Error("the secret does not check against its own hash")
	}
	if Check(h, secret+"x") || Check(h, "") {
		t.Error("a wrong secret checks")
	}
}

func TestValidShapes(t *testing.T) {
	tests := []struct {
		s        string
		key, tok bool
	}{
		{"demo-filling", true, false},
		{"ak_0123456789abcdef01234567", true, false},
		{"a b", false, false},
		{"ak'; DROP TABLE", false, false},
		{strings.Repeat("a", 65), false, false},
		{strings.Repeat("A", 43), true, true},
		{strings.Repeat("A", 42) + "=", false, false},
	}
	for _, tt := range tests {
		if got := ValidAppKey(tt.s); got != tt.key {
			t.Errorf("ValidAppKey(%q) = %v, want %v", tt.s, got, tt.key)
		}
		if got := ValidToken(tt.s); got != tt.tok {
			t.Errorf("ValidToken(%q) = %v, want %v", tt.s, got, tt.tok)
		}
	}
}
