package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"cyltrace"
)

// maxQRContent is the length of qrContent in characters (SPEC.md §3.1).
const maxQRContent = 1000

// resolve serves GET /q?u=<qrContent>: the QR content of a unit's own label
// (imported as qrContent) redirects to the cylinder's page. A URL of our
// own pages (PublicBaseURL/q/{infoCode}) redirects without a query. u is
// length-checked before anything else; an unknown u, or a cylinder that has
// no infoCode and so no page, gets the 404 page.
func (w *Web) resolve(rw http.ResponseWriter, r *http.Request) {
	u := r.URL.Query().Get("u")
	if u == "" || len(u) > 4*maxQRContent || utf8.RuneCountInString(u) > maxQRContent {
		w.notFound(rw, r, false)
		return
	}
	if code, ok := w.ownCode(u); ok {
		w.redirect(rw, code)
		return
	}
	c, err := w.store.CylinderByQRContent(r.Context(), u)
	if err != nil {
		w.fail(rw, r, false, err)
		return
	}
	if c.InfoCode == "" {
		w.notFound(rw, r, false)
		return
	}
	w.redirect(rw, c.InfoCode)
}

// ownCode returns the infoCode of a URL of our own scan pages.
func (w *Web) ownCode(u string) (string, bool) {
	if w.baseURL == "" {
		return "", false
	}
	code, ok := strings.CutPrefix(u, w.ScanURL(""))
	return code, ok && cyltrace.ValidInfoCode(code)
}

func (w *Web) redirect(rw http.ResponseWriter, infoCode string) {
	h := rw.Header()
	h.Set("Location", scanPath(infoCode))
	h.Set("Cache-Control", cacheControl)
	rw.WriteHeader(http.StatusFound)
}
