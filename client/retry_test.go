package client_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"cyltrace"
	"cyltrace/client"
)

const fillingsPath = "/api/v1/fillings/submit"

func oneFilling(sourceID string) []cyltrace.Filling {
	return []cyltrace.Filling{{
		SourceID: sourceID, CylinderID: "CY00H3XB2MEB3J4XPN", MediumCode: "G13", Filler: "张三",
		FillingDate: "2026-03-01", FillingUnitName: "重庆万家燃气有限公司",
	}}
}

func TestRetryOn503ThenSuccess(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api)
	api.queue(fillingsPath,
		rawReply(503, "text/html", "<html>503 Service Temporarily Unavailable</html>"), // a proxy
		envelopeReply(503, "服务暂不可用，请稍后重试", "{}"),
	)
	res, err := c.SubmitFillings(context.Background(), oneFilling("F-1"))
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	if res.Accepted != 1 || res.Results[0].Status != client.StatusAccepted {
		t.Errorf("result = %+v, want one accepted", res)
	}
	if got, want := api.count(fillingsPath), 3; got != want {
		t.Errorf("requests = %d, want %d", got, want)
	}
}

func TestRetryAfterTransportError(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api)
	api.queue(fillingsPath, dropConnection)
	if _, err := c.SubmitFillings(context.Background(), oneFilling("F-1")); err != nil {
		t.Fatalf("submit after a dropped connection: %v", err)
	}
	if got, want := api.count(fillingsPath), 2; got != want {
		t.Errorf("requests = %d, want %d", got, want)
	}
}

func TestRetryGivesUpAfterMax(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api, client.WithRetry(2, time.Millisecond))
	bad := envelopeReply(500, "系统内部错误，请稍后重试", "{}")
	api.queue(fillingsPath, bad, bad, bad, bad)
	_, err := c.SubmitFillings(context.Background(), oneFilling("F-1"))
	var e *client.Error
	if !errors.As(err, &e) || e.Code != "500" {
		t.Fatalf("err = %v, want *client.Error 500", err)
	}
	if got, want := api.count(fillingsPath), 3; got != want {
		t.Errorf("requests = %d, want %d (the call and 2 retries)", got, want)
	}
}

func TestRetryAfterHonouredOn429(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api, client.WithRetry(3, time.Millisecond)) // backoff far below Retry-After
	api.queue(fillingsPath, envelopeReply(429, "请求过于频繁，请稍后重试", `{"retryAfter":1}`, "Retry-After", "1"))
	start := time.Now()
	if _, err := c.SubmitFillings(context.Background(), oneFilling("F-1")); err != nil {
		t.Fatalf("submit: %v", err)
	}
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("retried after %v, want at least the 1 s of Retry-After", waited)
	}
	if got, want := api.count(fillingsPath), 2; got != want {
		t.Errorf("requests = %d, want %d", got, want)
	}
}

func TestLongRetryAfterReturnedToCaller(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api)
	api.queue("/api/v1/auth/token", envelopeReply(429, "登录失败次数过多，请 10 分钟后再试", `{"retryAfter":600}`))
	_, err := c.Token(context.Background())
	var e *client.Error
	if !errors.As(err, &e) || e.Code != "429" {
		t.Fatalf("err = %v, want *client.Error 429", err)
	}
	if got, want := e.RetryAfter, 10*time.Minute; got != want {
		t.Errorf("RetryAfter = %v, want %v (from data.retryAfter)", got, want)
	}
	if got, want := api.count("/api/v1/auth/token"), 1; got != want {
		t.Errorf("token requests = %d, want %d: a wait of 10 minutes is the caller's to schedule", got, want)
	}
}

func TestNoRetryOn400WithFieldsDecoded(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api)
	api.queue(fillingsPath, envelopeReply(400, "数据校验未通过，请按提示修改",
		`{"fields":[{"field":"records","rule":"range","message":"每次提交 1 到 1000 条记录"},`+
			`{"field":"mediumCode","rule":"code","message":"充装介质代码 X 不在代码表中"}]}`))
	_, err := c.SubmitFillings(context.Background(), oneFilling("F-1"))
	var e *client.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *client.Error", err)
	}
	if e.HTTPStatus != 400 || e.Code != "400" || e.Message != "数据校验未通过，请按提示修改" {
		t.Errorf("error = %d %q %q, want 400 \"400\" and the message", e.HTTPStatus, e.Code, e.Message)
	}
	want := []cyltrace.FieldError{
		{Field: "records", Rule: "range", Message: "每次提交 1 到 1000 条记录"},
		{Field: "mediumCode", Rule: "code", Message: "充装介质代码 X 不在代码表中"},
	}
	if len(e.Fields) != len(want) {
		t.Fatalf("fields = %+v, want %+v", e.Fields, want)
	}
	for i := range want {
		if e.Fields[i] != want[i] {
			t.Errorf("field %d = %+v, want %+v", i, e.Fields[i], want[i])
		}
	}
	if !strings.Contains(e.Error(), "mediumCode: 充装介质代码 X 不在代码表中") {
		t.Errorf("Error() = %q, want it to name each field", e.Error())
	}
	if got, want := api.count(fillingsPath), 1; got != want {
		t.Errorf("requests = %d, want %d: a 400 is not retried", got, want)
	}
}

func TestNoRetryOnOtherClientErrors(t *testing.T) {
	for _, code := range []int{403, 404, 409, 413, 415, 422} {
		api := newFakeAPI(t)
		c := newClient(api)
		api.queue(fillingsPath, envelopeReply(code, "不允许", "{}"))
		_, err := c.SubmitFillings(context.Background(), oneFilling("F-1"))
		var e *client.Error
		if !errors.As(err, &e) || e.HTTPStatus != code {
			t.Errorf("%d: err = %v, want *client.Error %d", code, err, code)
		}
		if got := api.count(fillingsPath); got != 1 {
			t.Errorf("%d: requests = %d, want 1", code, got)
		}
	}
}

func TestContextEndsRetries(t *testing.T) {
	api := newFakeAPI(t)
	c := newClient(api, client.WithRetry(5, time.Second))
	api.queue(fillingsPath, envelopeReply(500, "系统内部错误，请稍后重试", "{}"))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.SubmitFillings(ctx, oneFilling("F-1"))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
	if waited := time.Since(start); waited > 900*time.Millisecond {
		t.Errorf("returned after %v, want soon after the deadline", waited)
	}
}

func TestEnvelopeDecodedStrictly(t *testing.T) {
	tests := []struct {
		name  string
		reply func(w http.ResponseWriter)
	}{
		{"code a number", rawReply(200, "application/json", `{"code":200,"message":"ok","data":{}}`)},
		{"no code", rawReply(200, "application/json", `{"message":"ok","data":{}}`)},
		{"no data", rawReply(200, "application/json", `{"code":"200","message":"ok"}`)},
		{"null data", rawReply(200, "application/json", `{"code":"200","message":"ok","data":null}`)},
		{"unknown key", rawReply(200, "application/json", `{"code":"200","message":"ok","data":{},"extra":1}`)},
		{"two objects", rawReply(200, "application/json", `{"code":"200","message":"ok","data":{}}{}`)},
		{"code differs from status", rawReply(200, "application/json", `{"code":"400","message":"x","data":{}}`)},
		{"not JSON", rawReply(200, "text/html", `<html>ok</html>`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t)
			c := newClient(api)
			api.queue(queryPath, tt.reply)
			_, err := c.QueryByInfoCode(context.Background(), testInfo)
			var e *client.Error
			if err == nil || errors.As(err, &e) {
				t.Errorf("err = %v, want a protocol error that is not *client.Error", err)
			}
			if got := api.count(queryPath); got != 1 {
				t.Errorf("requests = %d, want 1: a malformed success is not retried", got)
			}
		})
	}
}
