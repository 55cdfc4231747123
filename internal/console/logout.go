package console

import "net/http"

func (c *Console) logout(w http.ResponseWriter, r *http.Request) {
	if err := c.store.DeleteSession(r.Context(), sessionOf(r).TokenHash); err != nil {
		c.serverError(w, r, err)
		return
	}
	c.clearCookie(w, sessionCookie)
	http.Redirect(w, r, "/console/login", http.StatusSeeOther)
}
