package openapi

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
)

//go:embed openapi.json
var document []byte

// Document returns the OpenAPI 3.0.3 document of the data-sharing API as
// JSON. Each call returns a fresh copy: the caller may keep or change it.
func Document() []byte { return bytes.Clone(document) }

// Handler serves the document for GET /api/v1/openapi.json, the one GET of
// the API and the one response that is not the envelope. It needs no
// authentication. The response carries a strong ETag of the content and may
// be cached for five minutes; a matching If-None-Match gets 304. Methods
// other than GET and HEAD get 405.
func Handler() http.Handler {
	body := Document()
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	length := strconv.Itoa(len(body))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			h.Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusMethodNotAllowed)
			_, _ = w.Write([]byte(`{"code":"405","message":"接口文档只能用 GET 获取","data":{}}`))
			return
		}
		h.Set("ETag", etag)
		h.Set("Cache-Control", "public, max-age=300")
		if etagMatches(r.Header.Values("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Type", "application/json; charset=utf-8")
		h.Set("Content-Length", length)
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodGet {
			_, _ = w.Write(body)
		}
	})
}

// etagMatches reports whether one of the If-None-Match header values lists
// etag or is "*". If-None-Match compares weakly (RFC 9110 §13.1.2), so a
// client's W/ prefix still matches. Our tags hold no commas, so splitting
// the list on them is exact enough.
func etagMatches(values []string, etag string) bool {
	for _, v := range values {
		for _, tag := range strings.Split(v, ",") {
			tag = strings.TrimSpace(tag)
			if tag == "*" || tag == etag || tag == "W/"+etag {
				return true
			}
		}
	}
	return false
}
