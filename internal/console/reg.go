package console

import (
	"errors"
	"net/http"
	"strconv"

	"cyltrace"
	"cyltrace/internal/store"
)

// Use registration (Attachment 2) in the console: the unit's application
// pages (§三) and the district bureau's handling pages (§四). The store
// checks who may take each step; these handlers check who may see what.

const regBase = "/console/registrations"

// regPath returns the path of an application's page; more is appended.
func regPath(id int64, more string) string {
	return regBase + "/" + strconv.FormatInt(id, 10) + more
}

// loadReg reads the application of the URL's {id} and checks that the user
// may open it; it answers 404 or 403 itself and returns nil then. A
// district user asking for another district's application gets 404, as if
// it did not exist: ids are sequential and guessable.
func (c *Console) loadReg(w http.ResponseWriter, r *http.Request) *cyltrace.Registration {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		c.notFound(w, r)
		return nil
	}
	reg, err := c.store.Registration(r.Context(), id)
	if cyltrace.ErrorCode(err) == cyltrace.ENOTFOUND {
		c.notFound(w, r)
		return nil
	}
	if err != nil {
		c.serverError(w, r, err)
		return nil
	}
	if !store.MayView(reg, sessionOf(r).User) {
		c.notFound(w, r)
		return nil
	}
	return reg
}

// isApplicant reports whether u applies for registrations: a unit's user.
func isApplicant(u *cyltrace.User) bool { return u.HasRole(cyltrace.UnitUser) && u.UnitID != 0 }

// isDistrictStaff reports whether u holds a role of a district bureau.
func isDistrictStaff(u *cyltrace.User) bool {
	for _, r := range u.Roles {
		if r.District() {
			return true
		}
	}
	return false
}

// actionError shows the store's refusal of a step as a message on the
// application's page; anything else is a server error.
func (c *Console) actionError(w http.ResponseWriter, r *http.Request, back string, err error) {
	switch cyltrace.ErrorCode(err) {
	case "":
		return
	case cyltrace.EINVALID, cyltrace.ECONFLICT, cyltrace.EFORBIDDEN, cyltrace.ENOTFOUND, cyltrace.ETOOLARGE:
		c.setFlash(w, true, errorText(err))
		http.Redirect(w, r, back, http.StatusSeeOther)
	default:
		c.serverError(w, r, err)
	}
}

// errorText is the message of a domain error with its field messages.
func errorText(err error) string {
	var e *cyltrace.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	text := e.Message
	for i, f := range e.Fields {
		if i == 0 {
			text += "："
		} else {
			text += "；"
		}
		text += f.Message
	}
	return text
}
