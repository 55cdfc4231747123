package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"cyltrace"
)

func TestToken(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		r := e.postJSON("/api/v1/auth/token", "", map[string]string{"appKey": "key-filling", "appSecret": "secret-of-filling"}).want(t, 200)
		var tok struct {
			AccessToken string
			TokenType   string
			ExpiresIn   int
		}
		json.Unmarshal(r.Data, &tok)
		if len(tok.AccessToken) != 43 || tok.TokenType != "Bearer" || tok.ExpiresIn != 7200 {
			t.Errorf("token response %+v", tok)
		}

		tests := []struct {
			name        string
			contentType string
			body        string
			status      int
			fields      []string
			message     string
		}{
			{"wrong secret", "application/json", `{"appKey":"key-filling","appSecret":"nope"}`, 401, nil, "错误"},
			{"unknown key", "application/json", `{"appKey":"key-nobody","appSecret":"nope"}`, 401, nil, "错误"},
			{"missing fields", "application/json", `{}`, 400, []string{"appKey", "appSecret"}, "校验"},
			{"not JSON", "application/json", `{"appKey":`, 400, nil, "JSON"},
			{"unknown field", "application/json", `{"appKey":"k","appSecret":"s","role":"admin"}`, 400, nil, "未知字段"},
			{"wrong type", "application/json", `{"appKey":123,"appSecret":"s"}`, 400, nil, "类型错误"},
			{"trailing data", "application/json", `{"appKey":"k","appSecret":"s"} {}`, 400, nil, "只能包含一个"},
			{"array", "application/json", `[1,2]`, 400, nil, "对象"},
			{"form content type", "application/x-www-form-urlencoded", `appKey=k`, 415, nil, "Content-Type"},
			{"no content type", "", `{}`, 415, nil, "Content-Type"},
		}
		for _, tt := range tests {
			r := e.post("/api/v1/auth/token", "", tt.contentType, []byte(tt.body))
			if r.status != tt.status || !strings.Contains(r.Message, tt.message) {
				t.Errorf("%s: %d %q, want %d and a message with %q", tt.name, r.status, r.Message, tt.status, tt.message)
			}
			for _, f := range tt.fields {
				if !slices.Contains(r.fields(), f) {
					t.Errorf("%s: fields %v lack %s", tt.name, r.fields(), f)
				}
			}
		}
	})
}

func TestTokenRateLimit(t *testing.T) {
	e := newEnv(t, "sqlite")
	bad := map[string]string{"appKey": "key-inspection", "appSecret": "guess"}
	for i := 0; i < 5; i++ {
		e.postJSON("/api/v1/auth/token", "", bad).want(t, 401)
	}
	r := e.postJSON("/api/v1/auth/token", "", bad).want(t, 429)
	if r.header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	// Even the right secret waits: the key is being guessed.
	e.postJSON("/api/v1/auth/token", "", map[string]string{"appKey": "key-inspection", "appSecret": "secret-of-inspection"}).want(t, 429)
	// Other keys from the same address still work.
	e.token(cyltrace.RoleFilling)
	e.advance(16 * time.Minute)
	e.token(cyltrace.RoleInspection)

	// Per address: made-up keys from one address run out its allowance
	// (30 in 15 minutes), after which even a valid key waits.
	e.advance(16 * time.Minute)
	for i := 0; i < 30; i++ {
		e.postJSON("/api/v1/auth/token", "", map[string]string{"appKey": fmt.Sprintf("made-up-%d", i), "appSecret": "x"}).want(t, 401)
	}
	e.postJSON("/api/v1/auth/token", "", map[string]string{"appKey": "key-filling", "appSecret": "secret-of-filling"}).want(t, 429)
}

func TestBearerTokens(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		query := map[string]string{"infoCode": e.own.InfoCode}
		e.postJSON("/api/v1/cylinders/query", "", query).want(t, 401)
		e.postJSON("/api/v1/cylinders/query", "not-a-token", query).want(t, 401)
		e.postJSON("/api/v1/cylinders/query", strings.Repeat("A", 43), query).want(t, 401)

		tok := e.token(cyltrace.RoleInspection)
		e.postJSON("/api/v1/cylinders/query", tok, query).want(t, 200)
		// The inspection role may not submit fillings.
		r := e.postJSON("/api/v1/fillings/submit", tok, map[string]any{"records": []any{}}).want(t, 403)
		if !strings.Contains(r.Message, "检验机构") {
			t.Errorf("403 message %q does not name the role", r.Message)
		}
		// Tokens expire.
		e.advance(2*time.Hour + time.Second)
		e.postJSON("/api/v1/cylinders/query", tok, query).want(t, 401)

		// A disabled client's live token stops working at once, and it cannot log in.
		tok = e.token(cyltrace.RoleDistribution)
		e.postJSON("/api/v1/cylinders/query", tok, query).want(t, 200)
		if err := e.store.DisableClient(context.Background(), "key-distribution"); err != nil {
			t.Fatal(err)
		}
		e.postJSON("/api/v1/cylinders/query", tok, query).want(t, 401)
		r = e.postJSON("/api/v1/auth/token", "", map[string]string{"appKey": "key-distribution", "appSecret": "secret-of-distribution"}).want(t, 401)
		if !strings.Contains(r.Message, "停用") {
			t.Errorf("disabled login message %q", r.Message)
		}
	})
}

func TestRoutingEnvelope(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.postJSON("/api/v1/no/such", "", map[string]string{}).want(t, 404)
	req, _ := http.NewRequest(http.MethodGet, e.url+"/api/v1/cylinders/query", nil)
	r := e.do(req).want(t, 405)
	if r.header.Get("Allow") != "POST" {
		t.Errorf("405 Allow header %q", r.header.Get("Allow"))
	}
	resp, err := http.Get(e.url + "/api/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Errorf("openapi.json: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
