package console

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"cyltrace"
	"cyltrace/internal/auth"
	"cyltrace/internal/ratelimit"
	"cyltrace/internal/store"
)

const (
	sessionCookie = "cyltrace_session"
	sessionTTL    = 8 * time.Hour
)

// session is the signed-in user of a request.
type session struct {
	User      *cyltrace.User
	CSRF      string // the token every form of the session carries
	TokenHash string
}

type sessionKey struct{}

// sessionOf returns the request's session; authed guarantees one.
func sessionOf(r *http.Request) *session {
	s, _ := r.Context().Value(sessionKey{}).(*session)
	return s
}

// authed lets only a signed-in user reach h; every POST must carry the
// session's CSRF token. A user who must change the password sees only the
// password page (and may log out). The store's changes are attributed to
// the user.
func (c *Console) authed(h http.HandlerFunc) http.Handler {
	return c.authedLimit(maxForm, h)
}

// upload is authed for a multipart form of up to limit bytes: files above
// multipartMemory are spooled to temporary files, not held in memory.
func (c *Console) upload(limit int64, h http.HandlerFunc) http.Handler {
	return c.authedLimit(limit, h)
}

func (c *Console) authedLimit(limit int64, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ck, err := r.Cookie(sessionCookie)
		if err != nil || !auth.ValidToken(ck.Value) {
			http.Redirect(w, r, "/console/login", http.StatusSeeOther)
			return
		}
		hash := auth.Hash(ck.Value)
		u, csrf, err := c.store.SessionUser(r.Context(), hash)
		if cyltrace.ErrorCode(err) == cyltrace.EUNAUTHORIZED {
			c.clearCookie(w, sessionCookie)
			http.Redirect(w, r, "/console/login", http.StatusSeeOther)
			return
		}
		if err != nil {
			c.serverError(w, r, err)
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
				if err := r.ParseMultipartForm(multipartMemory); err != nil {
					c.uploadRefused(w, r, err)
					return
				}
			}
			if !sameToken(r.PostFormValue("csrf"), csrf) {
				c.forbidden(w, r, msgStaleForm)
				return
			}
		}
		if u.MustChangePassword && r.URL.Path != "/console/password" && r.URL.Path != "/console/logout" {
			http.Redirect(w, r, "/console/password", http.StatusSeeOther)
			return
		}
		ctx := context.WithValue(r.Context(), sessionKey{}, &session{User: u, CSRF: csrf, TokenHash: hash})
		ctx = store.WithActor(ctx, c.actor(r, u))
		h(w, r.WithContext(ctx))
	})
}

// actor names the user in the audit trail.
func (c *Console) actor(r *http.Request, u *cyltrace.User) store.Actor {
	return store.Actor{Who: "user:" + u.Username, UnitID: u.UnitID, Address: ratelimit.ClientIP(r, c.trustProxy)}
}

// startSession stores a new session of u and sets its cookie.
func (c *Console) startSession(ctx context.Context, w http.ResponseWriter, r *http.Request, u *cyltrace.User) error {
	token, err := auth.NewToken(rand.Reader)
	if err != nil {
		return err
	}
	csrf, err := auth.NewToken(rand.Reader)
	if err != nil {
		return err
	}
	expires := c.now().Add(sessionTTL)
	err = c.store.CreateSession(ctx, store.Session{TokenHash: auth.Hash(token), UserID: u.ID, CSRF: csrf,
		Address: ratelimit.ClientIP(r, c.trustProxy), ExpiresAt: expires})
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/console/", Expires: expires,
		MaxAge: int(sessionTTL / time.Second), HttpOnly: true, Secure: c.secure, SameSite: http.SameSiteLaxMode})
	return nil
}

// clearCookie removes one of the console's cookies.
func (c *Console) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/console/", MaxAge: -1,
		HttpOnly: true, Secure: c.secure, SameSite: http.SameSiteLaxMode})
}

// sameToken compares a submitted token with the expected one in constant
// time; an empty token matches nothing.
func sameToken(got, want string) bool {
	return got != "" && want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
