package console

import "net/http"

// Handler returns the console's handler, to be mounted at "/console/".
// Every response it writes carries Cache-Control: no-store.
func (c *Console) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /console/static/console.css", c.stylesheet)
	mux.HandleFunc("GET /console/captcha/{file}", c.captchaImage)
	mux.HandleFunc("GET /console/login", c.loginForm)
	mux.HandleFunc("POST /console/login", c.login)

	mux.Handle("POST /console/logout", c.authed(c.logout))
	mux.Handle("GET /console/password", c.authed(c.passwordForm))
	mux.Handle("POST /console/password", c.authed(c.passwordSave))
	mux.Handle("GET /console/{$}", c.authed(c.home))
	mux.Handle("GET /console/rules", c.authed(c.rules))
	mux.Handle("GET /console/locks", c.authed(c.locks))
	mux.Handle("POST /console/locks/lock", c.authed(c.lockCreate))
	mux.Handle("POST /console/locks/unlock", c.authed(c.lockRelease))
	mux.Handle("GET /console/audit", c.authed(c.audit))
	mux.Handle("/console/", c.authed(c.notFound))
	return noStore(mux)
}

// noStore keeps every console response out of every cache.
func noStore(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}
