package console

import (
	"crypto/rand"
	"net/http"
	"strings"
	"time"

	"github.com/dchest/captcha"
)

const (
	captchaDigits = 5
	captchaExpiry = 10 * time.Minute
)

// newCaptcha makes a captcha in the console's own store and returns its id.
func (c *Console) newCaptcha() string {
	id := rand.Text()
	c.captchas.Set(id, captcha.RandomDigits(captchaDigits))
	return id
}

// solveCaptcha reports whether answer solves captcha id; either way the
// captcha is used up.
func (c *Console) solveCaptcha(id, answer string) bool {
	if id == "" {
		return false
	}
	digits := c.captchas.Get(id, true)
	answer = strings.TrimSpace(answer)
	if len(digits) == 0 || len(answer) != len(digits) {
		return false
	}
	for i, d := range digits {
		if answer[i] != '0'+d {
			return false
		}
	}
	return true
}

// CaptchaAnswer returns the answer of captcha id, "" for an unknown one. It
// is for tests only: the program never calls it.
func (c *Console) CaptchaAnswer(id string) string {
	digits := c.captchas.Get(id, false)
	b := make([]byte, len(digits))
	for i, d := range digits {
		b[i] = '0' + d
	}
	return string(b)
}

// captchaImage draws the picture of a captcha.
func (c *Console) captchaImage(w http.ResponseWriter, r *http.Request) {
	id, ok := strings.CutSuffix(r.PathValue("file"), ".png")
	digits := c.captchas.Get(id, false)
	if !ok || len(digits) == 0 {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	captcha.NewImage(id, digits, captcha.StdWidth, captcha.StdHeight).WriteTo(w)
}
