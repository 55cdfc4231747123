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
	mux.Handle("GET /console/units", c.authed(c.units))
	mux.Handle("GET /console/units/new", c.authed(c.unitForm))
	mux.Handle("POST /console/units/new", c.authed(c.unitCreate))
	mux.Handle("GET /console/units/{code}/edit", c.authed(c.unitEditForm))
	mux.Handle("POST /console/units/{code}/edit", c.authed(c.unitUpdate))
	mux.Handle("GET /console/users", c.authed(c.users))
	mux.Handle("GET /console/users/new", c.authed(c.userForm))
	mux.Handle("POST /console/users/new", c.authed(c.userCreate))
	mux.Handle("POST /console/users/{id}/reset", c.authed(c.userReset))
	mux.Handle("POST /console/users/{id}/disable", c.authed(c.userDisable))
	mux.Handle("GET /console/clients", c.authed(c.clients))
	mux.Handle("GET /console/clients/new", c.authed(c.clientForm))
	mux.Handle("POST /console/clients/new", c.authed(c.clientCreate))
	mux.Handle("POST /console/clients/{appKey}/disable", c.authed(c.clientDisable))
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
