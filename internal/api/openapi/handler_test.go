package openapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"cyltrace/internal/api/openapi"
)

func TestDocumentIsACopy(t *testing.T) {
	a := openapi.Document()
	a[0] = 'x'
	if b := openapi.Document(); b[0] != '{' {
		t.Errorf("changing one Document() changed the next: %q", b[:1])
	}
	if !json.Valid(openapi.Document()) {
		t.Errorf("Document() is not valid JSON")
	}
}

func TestHandler(t *testing.T) {
	srv := httptest.NewServer(openapi.Handler())
	defer srv.Close()
	url := srv.URL + "/api/v1/openapi.json"

	resp, body := do(t, http.MethodGet, url, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET status = %d, want 200", resp.StatusCode)
	}
	for _, h := range []struct{ name, want string }{
		{"Content-Type", "application/json; charset=utf-8"},
		{"Cache-Control", "public, max-age=300"},
	} {
		if got := resp.Header.Get(h.name); got != h.want {
			t.Errorf("%s = %q, want %q", h.name, got, h.want)
		}
	}
	if !bytes.Equal(body, openapi.Document()) {
		t.Errorf("GET body is not Document()")
	}
	etag := resp.Header.Get("ETag")
	if len(etag) < 3 || etag[0] != '"' || etag[len(etag)-1] != '"' {
		t.Fatalf("ETag = %q, want a strong quoted tag", etag)
	}

	for _, c := range []struct {
		ifNoneMatch string
		want        int
	}{
		{etag, http.StatusNotModified},
		{`"other", ` + etag, http.StatusNotModified},
		{"W/" + etag, http.StatusNotModified},
		{"*", http.StatusNotModified},
		{`"other"`, http.StatusOK},
	} {
		resp, body := do(t, http.MethodGet, url, map[string]string{"If-None-Match": c.ifNoneMatch})
		if resp.StatusCode != c.want {
			t.Errorf("If-None-Match %s: status = %d, want %d", c.ifNoneMatch, resp.StatusCode, c.want)
		}
		if c.want == http.StatusNotModified {
			if len(body) != 0 {
				t.Errorf("If-None-Match %s: 304 with a body of %d bytes", c.ifNoneMatch, len(body))
			}
			if got := resp.Header.Get("ETag"); got != etag {
				t.Errorf("If-None-Match %s: 304 ETag = %q, want %q", c.ifNoneMatch, got, etag)
			}
		}
	}

	resp, body = do(t, http.MethodHead, url, nil)
	if resp.StatusCode != http.StatusOK || len(body) != 0 || resp.Header.Get("ETag") != etag {
		t.Errorf("HEAD: status %d, %d body bytes, ETag %q", resp.StatusCode, len(body), resp.Header.Get("ETag"))
	}

	resp, _ = do(t, http.MethodPost, url, nil)
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: status %d, Allow %q; want 405 and GET, HEAD", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

func do(t *testing.T, method, url string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}
