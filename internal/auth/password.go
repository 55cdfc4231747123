package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"cyltrace"

	"golang.org/x/crypto/argon2"
)

// The argon2id parameters of new password hashes (RFC 9106 §4's second
// recommended option, with two lanes for a two-core server). One hash takes
// 55–75 ms on the project's 2-core machine (BenchmarkHashPassword) and
// 64 MiB of memory while it runs: a login handler must bound how many run
// at once. The parameters are
// written into each hash, so raising them later leaves old hashes working;
// NeedsRehash tells which ones to replace at their next good login.
const (
	argonTime    = 2         // passes over the memory
	argonMemory  = 64 * 1024 // KiB
	argonThreads = 2         // lanes
	argonSaltLen = 16        // bytes
	argonKeyLen  = 32        // bytes
)

// Bounds on the parameters VerifyPassword accepts from a stored hash, so
// that a corrupted or planted row cannot make one login take gigabytes or
// minutes.
const (
	maxArgonTime    = 10
	maxArgonMemory  = 1024 * 1024 // KiB: 1 GiB
	maxArgonThreads = 16
)

// b64 is the PHC string format's base64: standard alphabet, no padding.
var b64 = base64.RawStdEncoding

// HashPassword returns the argon2id hash of pw with a fresh random 16-byte
// salt, as a PHC string: $argon2id$v=19$m=65536,t=2,p=2$<salt>$<hash>.
func HashPassword(pw string) (string, error) {
	salt, err := random(rand.Reader, argonSaltLen)
	if err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether pw is the password of the hash encoded,
// comparing in constant time. The parameters are read from encoded; a
// malformed hash, or one whose parameters are out of bounds, matches no
// password.
func VerifyPassword(encoded, pw string) bool {
	h, ok := parseHash(encoded)
	if !ok {
		return false
	}
	key := argon2.IDKey([]byte(pw), h.salt, h.time, h.memory, h.threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(key, h.key) == 1
}

// NeedsRehash reports whether encoded was made with other parameters than
// HashPassword uses now (or is malformed): after a good login, the caller
// stores a fresh hash of the password it just verified.
func NeedsRehash(encoded string) bool {
	h, ok := parseHash(encoded)
	return !ok || h.time != argonTime || h.memory != argonMemory || h.threads != argonThreads ||
		len(h.salt) != argonSaltLen || len(h.key) != argonKeyLen
}

type argonHash struct {
	time, memory uint32
	threads      uint8
	salt, key    []byte
}

// parseHash reads a PHC string of argon2id, version 19.
func parseHash(encoded string) (argonHash, bool) {
	var h argonHash
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return h, false
	}
	var m, t, p uint32
	if n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || n != 3 ||
		parts[3] != fmt.Sprintf("m=%d,t=%d,p=%d", m, t, p) {
		return h, false
	}
	if t < 1 || t > maxArgonTime || p < 1 || p > maxArgonThreads || m < 8*p || m > maxArgonMemory {
		return h, false
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return h, false
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 64 {
		return h, false
	}
	return argonHash{time: t, memory: m, threads: uint8(p), salt: salt, key: key}, true
}

// RuleWeakPassword is the FieldError.Rule of a password that breaks the
// policy (too short, no letter or digit, contains the username …). It is a
// console rule, not one of the data-sharing API's, so it lives here and not
// with cyltrace's Rule* names.
const RuleWeakPassword = "weak_password"

// MinPasswordLength and MaxPasswordLength bound a password, in characters.
const (
	MinPasswordLength = 10
	MaxPasswordLength = 128
)

// CheckPasswordPolicy checks a password someone chose: at least 10
// characters, letters and digits, no control characters, and not
// containing the username or any of related (a unit user passes its unit's
// code), compared without regard to case. It returns an EINVALID
// *cyltrace.Error with every broken rule on the field "password"; no
// message repeats the password.
func CheckPasswordPolicy(username, pw string, related ...string) error {
	const field = "password"
	var fe cyltrace.FieldErrors
	if pw == "" {
		fe.Add(field, cyltrace.RuleRequired, "密码不能为空")
		return fe.Err()
	}
	n := utf8.RuneCountInString(pw)
	switch {
	case !utf8.ValidString(pw) || strings.ContainsFunc(pw, unicode.IsControl):
		fe.Add(field, cyltrace.RuleFormat, "密码不能含有控制字符（如换行、制表符）")
	case n > MaxPasswordLength:
		fe.Add(field, cyltrace.RuleMaxLength, fmt.Sprintf("密码不能超过%d个字符", MaxPasswordLength))
	case n < MinPasswordLength:
		fe.Add(field, RuleWeakPassword, fmt.Sprintf("密码至少需要%d个字符（现为%d个）", MinPasswordLength, n))
	}
	if !strings.ContainsFunc(pw, unicode.IsLetter) || !strings.ContainsFunc(pw, unicode.IsDigit) {
		fe.Add(field, RuleWeakPassword, "密码必须同时包含字母和数字")
	}
	lower := strings.ToLower(pw)
	if username != "" && strings.Contains(lower, strings.ToLower(username)) {
		fe.Add(field, RuleWeakPassword, "密码不能包含用户名")
	}
	for _, r := range related {
		if r != "" && r != username && strings.Contains(lower, strings.ToLower(r)) {
			fe.Add(field, RuleWeakPassword, "密码不能包含单位代码")
			break
		}
	}
	return fe.Err()
}

// passwordChars is the alphabet of generated passwords: letters and digits
// without the look-alikes 0 O o 1 l I, so that a password read aloud or
// copied from paper comes out right. 56 characters: 16 of them are 92 bits.
const passwordChars = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"

// GeneratePassword returns a random 16-character password of letters and
// digits (both always present), for a first or reset password that the
// bureau hands over and its holder changes at the first login. r is the
// random source, crypto/rand when nil.
func GeneratePassword(r io.Reader) (string, error) {
	const length = 16
	if r == nil {
		r = rand.Reader
	}
	limit := byte(256 - 256%len(passwordChars)) // rejection keeps every character equally likely
	for {
		pw := make([]byte, 0, length)
		buf := make([]byte, 32)
		for len(pw) < length {
			if _, err := io.ReadFull(r, buf); err != nil {
				return "", fmt.Errorf("read random: %w", err)
			}
			for _, b := range buf {
				if b < limit && len(pw) < length {
					pw = append(pw, passwordChars[int(b)%len(passwordChars)])
				}
			}
		}
		s := string(pw)
		if strings.ContainsFunc(s, unicode.IsLetter) && strings.ContainsFunc(s, unicode.IsDigit) {
			return s, nil
		}
	}
}
