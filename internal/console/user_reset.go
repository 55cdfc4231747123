package console

import (
	"errors"
	"net/http"
	"strconv"

	"cyltrace"
	"cyltrace/internal/auth"
)

// userReset gives an account a new generated password, shown once, to be
// changed at the next login; the account's sessions end.
func (c *Console) userReset(w http.ResponseWriter, r *http.Request) {
	target, ok := c.otherUser(w, r, "不能在此重置自己的密码，请使用“修改密码”")
	if !ok {
		return
	}
	pw, err := auth.GeneratePassword(nil)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	hash, err := c.hash(r, pw)
	if err != nil {
		c.serverError(w, r, err)
		return
	}
	if err := c.store.SetPassword(r.Context(), target.ID, hash, true); err != nil {
		c.serverError(w, r, err)
		return
	}
	c.showPassword(w, r, target, pw, true)
}

// otherUser returns the account of the path's {id} for the city admin to act
// on; it answers itself (ok false) for anyone else, an unknown account, or
// the admin's own, refused with selfMsg.
func (c *Console) otherUser(w http.ResponseWriter, r *http.Request, selfMsg string) (*cyltrace.User, bool) {
	me := sessionOf(r).User
	if !me.HasRole(cyltrace.CityAdmin) {
		c.forbidden(w, r, msgForbidden)
		return nil, false
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var target *cyltrace.User
	if err == nil {
		target, err = c.store.User(r.Context(), id)
	}
	switch {
	case target == nil && (cyltrace.ErrorCode(err) == cyltrace.ENOTFOUND || errors.Is(err, strconv.ErrSyntax) || errors.Is(err, strconv.ErrRange)):
		c.setFlash(w, true, "用户不存在")
	case err != nil:
		c.serverError(w, r, err)
		return nil, false
	case target.ID == me.ID:
		c.setFlash(w, true, selfMsg)
	default:
		return target, true
	}
	http.Redirect(w, r, "/console/users", http.StatusSeeOther)
	return nil, false
}
