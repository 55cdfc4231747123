package console

import (
	"net/http"
	"time"

	"cyltrace"
	"cyltrace/internal/auth"
	"cyltrace/internal/ratelimit"
	"cyltrace/internal/store"
)

const (
	lockAfter   = 6 // issue 6: the sixth wrong password locks the account
	lockFor     = 15 * time.Minute
	msgBadLogin = "用户名或密码错误"
)

func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	ck, err := r.Cookie(csrfCookie)
	if err != nil || !sameToken(r.PostFormValue("csrf"), ck.Value) {
		c.forbidden(w, r, msgStaleForm)
		return
	}
	username, password := r.PostFormValue("username"), r.PostFormValue("password")
	if !c.solveCaptcha(r.PostFormValue("captcha_id"), r.PostFormValue("captcha")) {
		c.renderLogin(w, r, http.StatusOK, username, "验证码错误，请重新输入")
		return
	}
	if username == "" || password == "" || len(username) > 50 || len(password) > auth.MaxPasswordLength*4 {
		c.renderLogin(w, r, http.StatusOK, username, msgBadLogin)
		return
	}
	u, hash, err := c.store.UserByUsername(r.Context(), username)
	if err != nil && cyltrace.ErrorCode(err) != cyltrace.ENOTFOUND {
		c.serverError(w, r, err)
		return
	}
	if u != nil && u.Locked(c.now()) {
		c.renderLogin(w, r, http.StatusOK, username, lockedMessage(u.LockedUntil))
		return
	}
	if u == nil {
		hash = c.dummyHash // as slow as a known name
	}
	ok, err := c.verify(r, hash, password)
	if err != nil {
		return // the client went away
	}
	if u == nil || !ok {
		c.loginFailed(w, r, u, username)
		return
	}
	if u.Disabled() {
		c.renderLogin(w, r, http.StatusOK, username, "该账号已停用，请联系市局管理员")
		return
	}
	ctx := store.WithActor(r.Context(), c.actor(r, u))
	if err := c.store.LoginSucceeded(ctx, u.ID); err != nil {
		c.serverError(w, r, err)
		return
	}
	if err := c.startSession(ctx, w, r, u); err != nil {
		c.serverError(w, r, err)
		return
	}
	next := "/console/"
	if u.MustChangePassword {
		next = "/console/password"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// loginFailed counts a wrong password of a known account and answers.
func (c *Console) loginFailed(w http.ResponseWriter, r *http.Request, u *cyltrace.User, username string) {
	if u != nil {
		ctx := store.WithActor(r.Context(), store.Actor{Who: "login:" + username, Address: ratelimit.ClientIP(r, c.trustProxy)})
		until, err := c.store.LoginFailed(ctx, u.ID, lockAfter, lockFor)
		if err != nil {
			c.serverError(w, r, err)
			return
		}
		if until.After(c.now()) {
			c.renderLogin(w, r, http.StatusOK, username, lockedMessage(until))
			return
		}
	}
	c.renderLogin(w, r, http.StatusOK, username, msgBadLogin)
}

func lockedMessage(until time.Time) string {
	return "密码错误次数过多，账号已锁定至 " + until.In(cst).Format("15:04") + "，请稍后再试"
}

// verify checks a password, at most two at once: each check takes 64 MiB.
func (c *Console) verify(r *http.Request, hash, password string) (bool, error) {
	select {
	case c.argon <- struct{}{}:
	case <-r.Context().Done():
		return false, r.Context().Err()
	}
	defer func() { <-c.argon }()
	return auth.VerifyPassword(hash, password), nil
}
