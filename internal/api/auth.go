package api

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"cyltrace"
	"cyltrace/internal/auth"
	"cyltrace/internal/ratelimit"
	"cyltrace/internal/store"
)

type tokenRequest struct {
	AppKey    string `json:"appKey"`
	AppSecret string `json:"appSecret"`
}

type tokenResponse struct {
	AccessToken string `json:"accessToken"`
	TokenType   string `json:"tokenType"`
	ExpiresIn   int    `json:"expiresIn"`
}

type retryData struct {
	RetryAfter int `json:"retryAfter"`
}

// token trades an appKey and appSecret for a bearer token (身份鉴权).
func (a *API) token(w http.ResponseWriter, r *http.Request) {
	var req tokenRequest
	if !a.decodeBody(w, r, &req) {
		return
	}
	var fe cyltrace.FieldErrors
	if req.AppKey == "" {
		fe.Add("appKey", cyltrace.RuleRequired, "appKey 不能为空")
	} else if !auth.ValidAppKey(req.AppKey) {
		fe.Add("appKey", cyltrace.RuleFormat, "appKey 格式不正确")
	}
	if req.AppSecret == "" {
		fe.Add("appSecret", cyltrace.RuleRequired, "appSecret 不能为空")
	}
	if err := fe.Err(); err != nil {
		a.fail(w, r, err)
		return
	}
	addr := ratelimit.ClientIP(r, a.trustProxy)
	if a.tooManyFailures(w, req.AppKey, addr) {
		return
	}
	client, hash, err := a.store.ClientByAppKey(r.Context(), req.AppKey)
	if err != nil && cyltrace.ErrorCode(err) != cyltrace.ENOTFOUND {
		a.fail(w, r, err)
		return
	}
	if err != nil || !auth.Check(hash, req.AppSecret) {
		// Failures of unknown keys count per address only, so that made-up
		// keys cannot fill the per-key table.
		if err == nil {
			a.failedByKey.Fail(req.AppKey)
		}
		a.failedByAddr.Fail(addr)
		a.logger.Warn("api login failed", "app_key", req.AppKey, "addr", addr)
		write(w, http.StatusUnauthorized, "appKey 或 appSecret 错误", nil)
		return
	}
	if client.Disabled() {
		write(w, http.StatusUnauthorized, "该接口账号已停用，请联系市场监督管理局", nil)
		return
	}
	a.failedByKey.Reset(req.AppKey)
	tok, err := auth.NewToken(a.rand)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.store.CreateToken(r.Context(), client.ID, auth.Hash(tok), a.now().Add(a.tokenTTL)); err != nil {
		a.fail(w, r, err)
		return
	}
	ok(w, tokenResponse{AccessToken: tok, TokenType: "Bearer", ExpiresIn: int(a.tokenTTL.Seconds())})
}

// tooManyFailures answers 429 when the key or the address failed too often.
func (a *API) tooManyFailures(w http.ResponseWriter, appKey, addr string) bool {
	blocked, wait := a.failedByKey.Blocked(appKey)
	if b, w2 := a.failedByAddr.Blocked(addr); b {
		blocked, wait = true, max(wait, w2)
	}
	if !blocked {
		return false
	}
	secs := ratelimit.RetryAfterSeconds(wait)
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	write(w, http.StatusTooManyRequests, "登录失败次数过多，请稍后再试", retryData{RetryAfter: secs})
	return true
}

// authenticate checks the bearer token on every call (so that a disabled
// client is refused at once) and the client's role.
func (a *API) authenticate(roles []cyltrace.Role, next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if !strings.EqualFold(scheme, "Bearer") || tok == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="cyltrace"`)
			write(w, http.StatusUnauthorized, "缺少访问令牌：请先调用 /api/v1/auth/token 获取，并以 Authorization: Bearer 令牌 提交", nil)
			return
		}
		if !auth.ValidToken(tok) {
			write(w, http.StatusUnauthorized, "访问令牌无效或已过期，请重新获取", nil)
			return
		}
		client, err := a.store.ClientByToken(r.Context(), auth.Hash(tok))
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if !slices.Contains(roles, client.Role) {
			write(w, http.StatusForbidden, "该接口账号（"+roleName(client.Role)+"）无权调用此接口", nil)
			return
		}
		ctx := context.WithValue(r.Context(), clientKey{}, client)
		// The store records this client as the author of any change it makes.
		ctx = store.WithActor(ctx, store.Actor{Who: "client:" + client.AppKey, UnitID: client.UnitID,
			Address: ratelimit.ClientIP(r, a.trustProxy)})
		next(w, r.WithContext(ctx))
	})
}

func roleName(r cyltrace.Role) string {
	for _, known := range cyltrace.Roles() {
		if known.Role == r {
			return known.Name
		}
	}
	return string(r)
}
