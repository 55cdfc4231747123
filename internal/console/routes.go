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
	mux.Handle("GET /console/registrations", c.authed(c.registrations))
	mux.Handle("POST /console/registrations/new", c.authed(c.regCreate))
	mux.Handle("GET /console/registrations/template.xlsx", c.authed(c.regTemplate))
	mux.Handle("GET /console/registrations/{id}", c.authed(c.registration))
	mux.Handle("POST /console/registrations/{id}/info", c.authed(c.regSave))
	mux.Handle("POST /console/registrations/{id}/import", c.upload(maxImportBody, c.regImport))
	mux.Handle("GET /console/registrations/{id}/errors.xlsx", c.authed(c.regErrors))
	mux.Handle("POST /console/registrations/{id}/photos", c.upload(maxPhotoBody, c.regBulkPhotos))
	mux.Handle("POST /console/registrations/{id}/items/{item}/photos", c.upload(maxPhotoBody, c.regItemPhotos))
	mux.Handle("POST /console/registrations/{id}/items/{item}/delete", c.authed(c.regItemDelete))
	mux.Handle("GET /console/registrations/{id}/photos/{photo}", c.authed(c.regPhoto))
	mux.Handle("GET /console/registrations/{id}/photos/{photo}/thumb", c.authed(c.regPhoto))
	mux.Handle("POST /console/registrations/{id}/photos/{photo}/delete", c.authed(c.regPhotoDelete))
	mux.Handle("POST /console/registrations/{id}/submit", c.authed(c.regSubmit))
	mux.Handle("GET /console/registrations/{id}/review", c.authed(c.regReviewForm))
	mux.Handle("POST /console/registrations/{id}/review", c.authed(c.regReviewSave))
	mux.Handle("POST /console/registrations/{id}/{step}", c.authed(c.regStep))
	mux.Handle("GET /console/registrations/{id}/flow", c.authed(c.regFlow))
	mux.Handle("GET /console/registrations/{id}/certificate.pdf", c.authed(c.regCertificate))
	mux.Handle("GET /console/supervision", c.authed(c.svOverview))
	mux.Handle("GET /console/supervision/overdue", c.authed(c.svOverdue))
	mux.Handle("GET /console/supervision/recalls", c.authed(c.svRecalls))
	mux.Handle("GET /console/supervision/violations", c.authed(c.svViolations))
	mux.Handle("POST /console/supervision/violations/{id}/handle", c.authed(c.svViolationHandle))
	mux.Handle("POST /console/supervision/violations/{id}/lock", c.authed(c.svViolationLock))
	mux.Handle("GET /console/supervision/docking", c.authed(c.svDocking))
	mux.Handle("GET /console/supervision/credit", c.authed(c.svCredit))
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
