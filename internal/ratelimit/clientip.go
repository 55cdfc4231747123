package ratelimit

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ClientIP returns the address of the client of r, as a key for a Limiter.
//
// Without trustProxy it is the host of r.RemoteAddr. With trustProxy (the
// server sits behind one TLS-terminating reverse proxy) it is the last,
// right-most entry of X-Forwarded-For when that is a valid IP — the one our
// proxy appended. The left-most entries are whatever the client sent and
// would let an attacker pick a fresh address for every failed login. When
// the last entry is missing or invalid, RemoteAddr's host is used.
// Addresses are canonical (IPv4-mapped IPv6 as IPv4, no zone); a RemoteAddr
// that is no IP at all is returned as it is.
func ClientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if ip, ok := lastForwarded(r.Header.Values("X-Forwarded-For")); ok {
			return ip
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip, ok := parseIP(host); ok {
		return ip
	}
	return host
}

// lastForwarded returns the right-most entry of the X-Forwarded-For header
// lines if it is a valid IP. Empty entries (a trailing comma) are skipped.
func lastForwarded(lines []string) (string, bool) {
	for i := len(lines) - 1; i >= 0; i-- {
		parts := strings.Split(lines[i], ",")
		for j := len(parts) - 1; j >= 0; j-- {
			if p := strings.TrimSpace(parts[j]); p != "" {
				return parseIP(p)
			}
		}
	}
	return "", false
}

// parseIP parses an IP, also with a port ("192.0.2.1:443", "[2001:db8::1]:443")
// as some proxies write it, and returns it in canonical form.
func parseIP(s string) (string, bool) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		ap, err := netip.ParseAddrPort(s)
		if err != nil {
			return "", false
		}
		a = ap.Addr()
	}
	return a.Unmap().WithZone("").String(), true
}
