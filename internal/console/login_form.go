package console

import (
	"crypto/rand"
	"net/http"

	"cyltrace/internal/auth"
)

const csrfCookie = "cyltrace_csrf"

// loginPage is the login form.
type loginPage struct {
	base
	Username  string
	CaptchaID string
	Error     string
}

func (c *Console) loginForm(w http.ResponseWriter, r *http.Request) {
	c.renderLogin(w, r, http.StatusOK, "", "")
}

// renderLogin shows the form with a fresh captcha and the browser's CSRF
// cookie (made when missing).
func (c *Console) renderLogin(w http.ResponseWriter, r *http.Request, status int, username, msg string) {
	token := ""
	if ck, err := r.Cookie(csrfCookie); err == nil && auth.ValidToken(ck.Value) {
		token = ck.Value
	} else {
		t, err := auth.NewToken(rand.Reader)
		if err != nil {
			c.serverError(w, r, err)
			return
		}
		token = t
		http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: token, Path: "/console/",
			HttpOnly: true, Secure: c.secure, SameSite: http.SameSiteStrictMode})
	}
	p := loginPage{base: base{Title: "登录", CSRF: token, Flash: c.takeFlash(w, r)},
		Username: username, CaptchaID: c.newCaptcha(), Error: msg}
	c.render(w, r, status, "login", p)
}
