package ratelimit

import (
	"net/http/httptest"
	"testing"
)

func TestClientIP(t *testing.T) {
	tests := []struct {
		name       string
		remote     string
		xff        []string
		trustProxy bool
		want       string
	}{
		{"remote v4", "192.0.2.1:4711", nil, false, "192.0.2.1"},
		{"remote v6", "[2001:db8::1]:4711", nil, false, "2001:db8::1"},
		{"remote v4-mapped", "[::ffff:192.0.2.1]:4711", nil, false, "192.0.2.1"},
		{"remote without port", "192.0.2.1", nil, false, "192.0.2.1"},
		{"remote not an ip", "@", nil, false, "@"},
		{"xff ignored untrusted", "192.0.2.1:4711", []string{"203.0.113.9"}, false, "192.0.2.1"},
		{"xff one entry", "10.0.0.2:4711", []string{"203.0.113.9"}, true, "203.0.113.9"},
		{"xff spoofed left ignored", "10.0.0.2:4711", []string{"1.1.1.1, 203.0.113.9"}, true, "203.0.113.9"},
		{"xff several lines", "10.0.0.2:4711", []string{"1.1.1.1", "2.2.2.2,203.0.113.9"}, true, "203.0.113.9"},
		{"xff with port", "10.0.0.2:4711", []string{"203.0.113.9:5555"}, true, "203.0.113.9"},
		{"xff v6 with port", "10.0.0.2:4711", []string{"[2001:db8::9]:5555"}, true, "2001:db8::9"},
		{"xff trailing comma", "10.0.0.2:4711", []string{"203.0.113.9, "}, true, "203.0.113.9"},
		{"xff last invalid", "10.0.0.2:4711", []string{"203.0.113.9, unknown"}, true, "10.0.0.2"},
		{"xff garbage", "10.0.0.2:4711", []string{"<script>"}, true, "10.0.0.2"},
		{"xff empty", "10.0.0.2:4711", []string{""}, true, "10.0.0.2"},
		{"xff missing", "10.0.0.2:4711", nil, true, "10.0.0.2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/api/v1/auth/token", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := ClientIP(r, tt.trustProxy); got != tt.want {
				t.Errorf("ClientIP = %q, want %q", got, tt.want)
			}
		})
	}
}
