package console

import (
	"encoding/base64"
	"net/http"
	"strings"
)

const flashCookie = "cyltrace_flash"

// flash is a one-time message shown by the page a POST redirects to.
type flash struct {
	Error bool
	Text  string
}

// setFlash keeps a message for the next page.
func (c *Console) setFlash(w http.ResponseWriter, isError bool, text string) {
	kind := "o:"
	if isError {
		kind = "e:"
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: base64.RawURLEncoding.EncodeToString([]byte(kind + text)),
		Path: "/console/", MaxAge: 60, HttpOnly: true, Secure: c.secure, SameSite: http.SameSiteLaxMode})
}

// takeFlash returns the pending message, if any, and clears it.
func (c *Console) takeFlash(w http.ResponseWriter, r *http.Request) *flash {
	ck, err := r.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	c.clearCookie(w, flashCookie)
	b, err := base64.RawURLEncoding.DecodeString(ck.Value)
	if err != nil || len(b) < 3 || len(b) > 600 {
		return nil
	}
	s := string(b)
	return &flash{Error: strings.HasPrefix(s, "e:"), Text: s[2:]}
}
