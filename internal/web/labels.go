package web

import (
	"errors"
	"net/http"
	"strings"

	"cyltrace"
	"cyltrace/internal/pdf"
	"cyltrace/internal/qr"
)

// maxSheetCodes bounds one label sheet asked for over the web; a unit's
// whole fleet is printed with `cyltrace labels --unit`.
const maxSheetCodes = 200

// labelRoutes mounts the QR labels: one label as PNG or SVG, and an A4 PDF
// sheet of the labels of a list of codes.
func (w *Web) labelRoutes() {
	w.mux.Handle("GET /labels/sheet.pdf", w.RateLimit(http.HandlerFunc(w.labelSheet)))
	w.mux.Handle("GET /labels/{file}", w.RateLimit(http.HandlerFunc(w.label)))
}

// label answers /labels/{infoCode}.png and .svg: the code encodes the
// cylinder's public page, with its product number printed under it.
func (w *Web) label(rw http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	code, ext, _ := strings.Cut(file, ".")
	if !cyltrace.ValidInfoCode(code) || (ext != "png" && ext != "svg") {
		w.notFound(rw, r, false)
		return
	}
	c, err := w.store.CylinderByInfoCode(r.Context(), code)
	if err != nil {
		w.fail(rw, r, false, err)
		return
	}
	l := qr.Label{URL: w.labelURL(r, code), Caption: c.ProductNumber}
	var body []byte
	if ext == "png" {
		body, err = qr.PNG(l, 256)
		rw.Header().Set("Content-Type", "image/png")
	} else {
		body, err = qr.SVG(l)
		rw.Header().Set("Content-Type", "image/svg+xml; charset=utf-8")
	}
	if err != nil {
		rw.Header().Del("Content-Type")
		w.fail(rw, r, false, err)
		return
	}
	rw.Header().Set("Cache-Control", "public, max-age=3600")
	rw.Write(body)
}

// labelSheet answers /labels/sheet.pdf?codes=CQ…,CQ…: a printable A4 sheet.
func (w *Web) labelSheet(rw http.ResponseWriter, r *http.Request) {
	codes := strings.Split(r.URL.Query().Get("codes"), ",")
	if len(codes) == 0 || codes[0] == "" || len(codes) > maxSheetCodes {
		w.badRequest(rw, r, "请在 codes 参数中提供 1 到 200 个信息化编码，以逗号分隔")
		return
	}
	var labels []pdf.Label
	for _, code := range codes {
		if !cyltrace.ValidInfoCode(code) {
			w.badRequest(rw, r, "信息化编码 "+truncate(code, 40)+" 格式不正确")
			return
		}
		c, err := w.store.CylinderByInfoCode(r.Context(), code)
		if err != nil {
			w.fail(rw, r, false, err)
			return
		}
		labels = append(labels, pdf.Label{URL: w.labelURL(r, code), ProductNumber: c.ProductNumber, InfoCode: code})
	}
	body, err := pdf.Sheet(pdf.LabelSheet{Labels: labels, Created: w.now()})
	var e *cyltrace.Error
	if errors.As(err, &e) && e.Code != cyltrace.EINTERNAL {
		w.badRequest(rw, r, e.Message)
		return
	}
	if err != nil {
		w.fail(rw, r, false, err)
		return
	}
	rw.Header().Set("Content-Type", "application/pdf")
	rw.Header().Set("Content-Disposition", `inline; filename="labels.pdf"`)
	rw.Header().Set("Cache-Control", "no-store")
	rw.Write(body)
}

// labelURL is what a label's code encodes: the cylinder's public page, on
// the configured public address, or else on the address this request came to.
func (w *Web) labelURL(r *http.Request, code string) string {
	if w.baseURL != "" {
		return w.ScanURL(code)
	}
	scheme := "http"
	if r.TLS != nil || (w.trust && r.Header.Get("X-Forwarded-Proto") == "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host + scanPath(code)
}

// badRequest answers a malformed label request with a plain Chinese page.
func (w *Web) badRequest(rw http.ResponseWriter, r *http.Request, msg string) {
	rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store")
	rw.WriteHeader(http.StatusBadRequest)
	rw.Write([]byte(msg + "\n"))
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
