package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
)

// cacheControl lets a phone (and any cache between) reuse a page for a
// minute and then revalidate it cheaply with If-None-Match.
const cacheControl = "public, max-age=60"

// response is one rendered response, before encoding.
type response struct {
	status      int
	contentType string
	csp         string
	body        []byte
	cacheable   bool // a page or JSON of a cylinder: ETag and cacheControl; otherwise no-store
}

// render executes a page into a response. A page that fails to execute is
// logged and answered with the plain 500.
func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, page string, data any, cacheable bool) {
	var buf bytes.Buffer
	if err := w.pages[page].ExecuteTemplate(&buf, "layout", data); err != nil {
		w.logger.Error("web: render page", "page", page, "path", r.URL.Path, "err", err)
		plainInternalError(rw)
		return
	}
	w.send(rw, r, response{status: status, contentType: "text/html; charset=utf-8", csp: w.cspHTML,
		body: buf.Bytes(), cacheable: cacheable})
}

// send writes res: gzip-encoded when the client accepts it, and for a
// cacheable response with a strong ETag (the SHA-256 of the uncompressed
// body; "-gz" is added for the gzip encoding, which is another
// representation) answered with 304 when If-None-Match holds it.
func (w *Web) send(rw http.ResponseWriter, r *http.Request, res response) {
	h := rw.Header()
	h.Set("Content-Type", res.contentType)
	h.Set("Content-Security-Policy", res.csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Add("Vary", "Accept-Encoding")
	gz := acceptsGzip(r.Header.Values("Accept-Encoding"))
	if res.cacheable {
		tag := etag(res.body, gz)
		h.Set("ETag", tag)
		h.Set("Cache-Control", cacheControl)
		if noneMatch(r.Header.Values("If-None-Match"), tag) {
			h.Del("Content-Type")
			rw.WriteHeader(http.StatusNotModified)
			return
		}
	} else {
		h.Set("Cache-Control", "no-store")
	}
	body := res.body
	if gz {
		body = w.gzip(body)
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	rw.WriteHeader(res.status)
	if r.Method != http.MethodHead {
		rw.Write(body)
	}
}

// etag returns the strong entity tag of body in the chosen encoding.
func etag(body []byte, gz bool) string {
	sum := sha256.Sum256(body)
	tag := `"` + hex.EncodeToString(sum[:])
	if gz {
		tag += "-gz"
	}
	return tag + `"`
}

// noneMatch reports whether an If-None-Match header lists tag (or is "*").
// If-None-Match compares weakly, so a W/ prefix is ignored.
func noneMatch(values []string, tag string) bool {
	for _, v := range values {
		for _, t := range strings.Split(v, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" || t == tag {
				return true
			}
		}
	}
	return false
}

// acceptsGzip reads Accept-Encoding: gzip (or x-gzip) with a q above 0, or
// "*" with a q above 0 when gzip is not named.
func acceptsGzip(values []string) bool {
	gzipQ, anyQ := -1.0, -1.0
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			name, params, _ := strings.Cut(part, ";")
			q := quality(params)
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "gzip", "x-gzip":
				gzipQ = max(gzipQ, q)
			case "*":
				anyQ = max(anyQ, q)
			}
		}
	}
	if gzipQ >= 0 {
		return gzipQ > 0
	}
	return anyQ > 0
}

// quality returns the q of a coding's parameters: 1 when absent, 0 when
// malformed.
func quality(params string) float64 {
	for _, p := range strings.Split(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || q < 0 || q > 1 {
			return 0
		}
		return q
	}
	return 1
}

// gzip compresses body with a pooled writer. The output depends only on
// the body, so the "-gz" ETag is as strong as the plain one.
func (w *Web) gzip(body []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(body)/3 + 64)
	zw, _ := w.gzippers.Get().(*gzip.Writer)
	if zw == nil {
		zw = gzip.NewWriter(&buf)
	} else {
		zw.Reset(&buf)
	}
	zw.Write(body) // a bytes.Buffer does not fail
	zw.Close()
	w.gzippers.Put(zw)
	return buf.Bytes()
}
