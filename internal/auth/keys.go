// Package auth issues and checks credentials: API app keys, app secrets and
// bearer tokens, and the console's passwords (argon2id, password.go). It
// knows nothing of HTTP or storage.
//
// App secrets and bearer tokens are 256-bit random values, so a plain
// SHA-256 of them is what is stored: a memory-hard hash protects guessable
// passwords, and would only make every token request an expensive target.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
)

// NewAppKey returns a new app key: "ak_" and 24 hex digits (96 random bits).
// An app key is an identifier, not a secret.
func NewAppKey(r io.Reader) (string, error) {
	b, err := random(r, 12)
	if err != nil {
		return "", err
	}
	return "ak_" + hex.EncodeToString(b), nil
}

// NewSecret returns a new app secret: 43 base64url characters (256 bits).
func NewSecret(r io.Reader) (string, error) { return random64(r) }

// NewToken returns a new bearer token: 43 base64url characters (256 bits).
func NewToken(r io.Reader) (string, error) { return random64(r) }

// Hash returns the hex SHA-256 under which a secret or token is stored.
func Hash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// Check reports whether secret hashes to hash, in constant time.
func Check(hash, secret string) bool {
	return subtle.ConstantTimeCompare([]byte(hash), []byte(Hash(secret))) == 1
}

var appKeyPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{3,64}$`)

// ValidAppKey reports whether s may be an app key (issued keys and the demo's
// fixed ones), so that nothing else reaches a query.
func ValidAppKey(s string) bool { return appKeyPattern.MatchString(s) }

// ValidToken reports whether s has the shape of an issued token.
func ValidToken(s string) bool {
	if len(s) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil
}

func random64(r io.Reader) (string, error) {
	b, err := random(r, 32)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func random(r io.Reader, n int) ([]byte, error) {
	if r == nil {
		r = rand.Reader
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, fmt.Errorf("read random: %w", err)
	}
	return b, nil
}
