package web

import (
	"net/http"
	"strings"
	"testing"
)

func TestETagAndGzip(t *testing.T) {
	e := newEnv(t, Config{})
	c := mustCylinder(t, e.store)
	addHistory(t, e.store, c)
	for _, path := range []string{"/q/" + c.InfoCode, "/q/" + c.InfoCode + ".json"} {
		t.Run(path, func(t *testing.T) {
			plain := e.get(t, path)
			tag := plain.Header.Get("ETag")
			if plain.StatusCode != http.StatusOK || !strings.HasPrefix(tag, `"`) || len(tag) != 66 {
				t.Fatalf("status %d, ETag %q; want 200 and a strong SHA-256 tag", plain.StatusCode, tag)
			}
			if got := plain.Header.Get("Cache-Control"); got != "public, max-age=60" {
				t.Errorf("Cache-Control = %q", got)
			}
			if got := plain.Header.Get("Vary"); got != "Accept-Encoding" {
				t.Errorf("Vary = %q, want Accept-Encoding", got)
			}
			if plain.Header.Get("Content-Encoding") != "" {
				t.Error("encoded without Accept-Encoding")
			}

			again := e.get(t, path, "If-None-Match: "+tag)
			if again.StatusCode != http.StatusNotModified || len(again.body) != 0 || again.Header.Get("ETag") != tag {
				t.Errorf("If-None-Match: status %d, %d bytes, ETag %q; want 304, none, %s",
					again.StatusCode, len(again.body), again.Header.Get("ETag"), tag)
			}
			if weak := e.get(t, path, `If-None-Match: "x", W/`+tag); weak.StatusCode != http.StatusNotModified {
				t.Errorf("If-None-Match in a list, weak: status %d, want 304", weak.StatusCode)
			}
			if other := e.get(t, path, `If-None-Match: "other"`); other.StatusCode != http.StatusOK {
				t.Errorf("If-None-Match another tag: status %d, want 200", other.StatusCode)
			}

			gz := e.get(t, path, "Accept-Encoding: gzip, deflate, br")
			gzTag := gz.Header.Get("ETag")
			if gz.Header.Get("Content-Encoding") != "gzip" {
				t.Fatal("not gzipped for Accept-Encoding: gzip")
			}
			if string(gz.body) != string(plain.body) {
				t.Error("gunzipped body differs from the plain one")
			}
			if gzTag == tag || gzTag != strings.TrimSuffix(tag, `"`)+`-gz"` {
				t.Errorf("gzip ETag = %s, want %s with -gz", gzTag, tag)
			}
			if gz.rawSize >= len(plain.body) || gz.Header.Get("Content-Length") == "" {
				t.Errorf("gzip: %d bytes on the wire for %d, Content-Length %q", gz.rawSize, len(plain.body), gz.Header.Get("Content-Length"))
			}
			t.Logf("%s: %d bytes, %d gzipped", path, len(plain.body), gz.rawSize)
			if got := e.get(t, path, "Accept-Encoding: gzip", "If-None-Match: "+gzTag); got.StatusCode != http.StatusNotModified {
				t.Errorf("gzip revalidation: status %d, want 304", got.StatusCode)
			}
			if got := e.get(t, path, "Accept-Encoding: gzip", "If-None-Match: "+tag); got.StatusCode != http.StatusOK {
				t.Errorf("gzip request with the plain tag: status %d, want 200 (another representation)", got.StatusCode)
			}
			if got := e.get(t, path, "Accept-Encoding: gzip;q=0, identity"); got.Header.Get("Content-Encoding") != "" {
				t.Error("gzipped although gzip;q=0")
			}
		})
	}
}

// TestETagFollowsBadges: the tag is the body's, so a badge that changes
// with the clock changes it.
func TestETagFollowsBadges(t *testing.T) {
	e := newEnv(t, Config{})
	c := mustCylinder(t, e.store)
	tag := e.get(t, "/q/"+c.InfoCode).Header.Get("ETag")
	e.clock.set(testNow.AddDate(5, 0, 0))
	later := e.get(t, "/q/"+c.InfoCode, "If-None-Match: "+tag)
	if later.StatusCode != http.StatusOK || later.Header.Get("ETag") == tag {
		t.Errorf("after the due date: status %d, ETag %s; want 200 and a new tag", later.StatusCode, later.Header.Get("ETag"))
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := []struct {
		in   []string
		want bool
	}{
		{nil, false},
		{[]string{"gzip"}, true},
		{[]string{"GZIP"}, true},
		{[]string{"deflate, gzip;q=0.5"}, true},
		{[]string{"br", "gzip"}, true},
		{[]string{"gzip;q=0"}, false},
		{[]string{"gzip; q=0.000"}, false},
		{[]string{"gzip;q=x"}, false},
		{[]string{"*"}, true},
		{[]string{"*;q=0"}, false},
		{[]string{"*, gzip;q=0"}, false},
		{[]string{"x-gzip"}, true},
		{[]string{"identity"}, false},
		{[]string{"br, deflate"}, false},
	}
	for _, tt := range tests {
		if got := acceptsGzip(tt.in); got != tt.want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
