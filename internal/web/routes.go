package web

import "net/http"

// routes lists every route of the public pages; each is rate limited per
// client address. Labels and other additions come in through Handle.
func (w *Web) routes() {
	w.mux.Handle("GET /q/{code}", w.RateLimit(http.HandlerFunc(w.scan)))
	w.mux.Handle("GET /q", w.RateLimit(http.HandlerFunc(w.resolve)))
	// Anything else under /q/ (an empty or multi-segment code) is a code we
	// never issued: the same 404 page, not the mux's bare text.
	w.mux.Handle("GET /q/", w.RateLimit(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.notFound(rw, r, false)
	})))
}
