package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"cyltrace"
)

// request is one API call, kept as bytes so that a retry sends it again
// unchanged.
type request struct {
	path        string // from apiPrefix on, "/api/v1/fillings/submit"
	contentType string
	body        []byte
}

func jsonRequest(path string, in any) (request, error) {
	body, err := json.Marshal(in)
	if err != nil {
		return request{}, fmt.Errorf("client: encode %s request: %w", path, err)
	}
	return request{path: path, contentType: "application/json", body: body}, nil
}

// transportError is a failure to get any reply: retried.
type transportError struct {
	path string
	err  error
}

func (e *transportError) Error() string { return fmt.Sprintf("client: POST %s: %v", e.path, e.err) }
func (e *transportError) Unwrap() error { return e.err }

// envelope is every reply of the API: {"code":"200","message":"ok","data":{…}}.
type envelope struct {
	Code    *string         `json:"code"`
	Message *string         `json:"message"`
	Data    json.RawMessage `json:"data"`
}

// errorData is what the data of an error envelope may hold.
type errorData struct {
	Fields     []cyltrace.FieldError `json:"fields"`
	RetryAfter int                   `json:"retryAfter"` // seconds
}

// attempt sends req once; token is empty for the token call itself.
func (c *Client) attempt(ctx context.Context, req request, token string, out any) error {
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+req.path, bytes.NewReader(req.body))
	if err != nil {
		return fmt.Errorf("client: POST %s: %w", req.path, err)
	}
	hr.Header.Set("Content-Type", req.contentType)
	hr.Header.Set("Accept", "application/json")
	hr.Header.Set("User-Agent", "cyltrace-client/1")
	if token != "" {
		hr.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.http.Do(hr)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("client: POST %s: %w", req.path, ctx.Err())
		}
		return &transportError{path: req.path, err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxReplySize+1))
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("client: POST %s: %w", req.path, ctx.Err())
		}
		return &transportError{path: req.path, err: fmt.Errorf("read reply: %w", err)}
	}
	if len(body) > maxReplySize {
		return fmt.Errorf("client: POST %s: reply larger than %d bytes", req.path, maxReplySize)
	}
	return c.decode(req.path, resp, body, out)
}

// decode reads the envelope strictly: exactly the keys code, message and
// data; code a string equal to the HTTP status. A success's data goes into
// out; anything else becomes an *Error.
func (c *Client) decode(path string, resp *http.Response, body []byte, out any) error {
	env, err := parseEnvelope(body)
	if err != nil {
		if resp.StatusCode != http.StatusOK {
			// Most likely a proxy or load balancer answered, not the API
			// (an HTML 502 or 413 page): keep the status so that the
			// retry policy applies.
			msg := fmt.Sprintf("服务器返回的不是接口响应（HTTP %d，%s）", resp.StatusCode, mediaType(resp))
			if mediaType(resp) == "application/json" {
				msg += "：" + err.Error()
			}
			return &Error{
				HTTPStatus: resp.StatusCode,
				Code:       strconv.Itoa(resp.StatusCode),
				Message:    msg,
				RetryAfter: retryAfter(resp.Header.Get("Retry-After"), 0, c.now()),
			}
		}
		return fmt.Errorf("client: POST %s: %w", path, err)
	}
	if *env.Code != strconv.Itoa(resp.StatusCode) {
		return fmt.Errorf("client: POST %s: envelope code %q differs from HTTP status %d", path, *env.Code, resp.StatusCode)
	}
	if *env.Code != "200" {
		var d errorData
		_ = json.Unmarshal(env.Data, &d) // best effort: the code and message are what matter
		return &Error{
			HTTPStatus: resp.StatusCode,
			Code:       *env.Code,
			Message:    *env.Message,
			Fields:     d.Fields,
			RetryAfter: retryAfter(resp.Header.Get("Retry-After"), d.RetryAfter, c.now()),
		}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return fmt.Errorf("client: POST %s: decode data: %w", path, err)
	}
	return nil
}

func parseEnvelope(body []byte) (*envelope, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var env envelope
	if err := dec.Decode(&env); err != nil {
		return nil, fmt.Errorf("reply is not an API envelope: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("reply is not an API envelope: data after the JSON object")
	}
	switch {
	case env.Code == nil:
		return nil, errors.New("reply is not an API envelope: no code")
	case env.Message == nil:
		return nil, errors.New("reply is not an API envelope: no message")
	case len(env.Data) == 0 || string(env.Data) == "null":
		return nil, errors.New("reply is not an API envelope: no data")
	}
	return &env, nil
}

// retryAfter reads a Retry-After header (seconds or an HTTP date), falling
// back to the envelope's data.retryAfter seconds.
func retryAfter(header string, dataSeconds int, now time.Time) time.Duration {
	header = strings.TrimSpace(header)
	if header != "" {
		if s, err := strconv.Atoi(header); err == nil && s >= 0 {
			return time.Duration(s) * time.Second
		}
		if t, err := http.ParseTime(header); err == nil {
			return max(0, t.Sub(now))
		}
	}
	if dataSeconds > 0 {
		return time.Duration(dataSeconds) * time.Second
	}
	return 0
}

func mediaType(resp *http.Response) string {
	mt, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if err != nil || mt == "" {
		return "无内容类型"
	}
	return mt
}
