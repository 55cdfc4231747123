package console

import (
	"errors"
	"net/http"

	"cyltrace"
	"cyltrace/internal/auth"
)

func (c *Console) passwordSave(w http.ResponseWriter, r *http.Request) {
	u := sessionOf(r).User
	current, pw, repeat := r.PostFormValue("current"), r.PostFormValue("new"), r.PostFormValue("repeat")
	_, hash, err := c.store.UserByUsername(r.Context(), u.Username)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	ok, err := c.verify(r, hash, current)
	if err != nil {
		return
	}
	if !ok {
		// A wrong current password counts like a wrong login: whoever holds
		// a stolen session must not guess it freely.
		until, err := c.store.LoginFailed(r.Context(), u.ID, lockAfter, lockFor)
		if err != nil {
			c.serverError(w, r, err)
			return
		}
		if until.After(c.now()) {
			c.clearCookie(w, sessionCookie)
			c.setFlash(w, true, lockedMessage(until))
			http.Redirect(w, r, "/console/login", http.StatusSeeOther)
			return
		}
		c.renderPassword(w, r, http.StatusOK, []string{"当前密码不正确"})
		return
	}
	if errs := newPasswordErrors(u.Username, current, pw, repeat); len(errs) > 0 {
		c.renderPassword(w, r, http.StatusOK, errs)
		return
	}
	newHash, err := c.hash(r, pw)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	// SetPassword ends every session, this one too: start a fresh one.
	if err := c.store.SetPassword(r.Context(), u.ID, newHash, false); err != nil {
		c.serverError(w, r, err)
		return
	}
	if err := c.startSession(r.Context(), w, r, u); err != nil {
		c.serverError(w, r, err)
		return
	}
	c.setFlash(w, false, "密码已修改")
	http.Redirect(w, r, "/console/", http.StatusSeeOther)
}

// newPasswordErrors checks the new password; it never repeats it.
func newPasswordErrors(username, current, pw, repeat string) []string {
	var errs []string
	if pw != repeat {
		errs = append(errs, "两次输入的新密码不一致")
	}
	if pw != "" && pw == current {
		errs = append(errs, "新密码不能与当前密码相同")
	}
	var e *cyltrace.Error
	if err := auth.CheckPasswordPolicy(username, pw); errors.As(err, &e) {
		for _, f := range e.Fields {
			errs = append(errs, f.Message)
		}
		if len(e.Fields) == 0 {
			errs = append(errs, e.Message)
		}
	}
	return errs
}

// hash hashes a new password under the same bound as verify.
func (c *Console) hash(r *http.Request, pw string) (string, error) {
	select {
	case c.argon <- struct{}{}:
	case <-r.Context().Done():
		return "", r.Context().Err()
	}
	defer func() { <-c.argon }()
	return auth.HashPassword(pw)
}
