// Package openapitest checks requests and responses of the data-sharing API
// against its OpenAPI document (package openapi), for the tests of other
// packages:
//
//	v := openapitest.New(t)
//	resp := post(t, srv.URL+"/api/v1/cylinders/query", body)
//	v.Response(t, req, body, resp.StatusCode, resp.Header, respBody)
//	…
//	for _, op := range []string{"queryCylinder 200", "queryCylinder 404"} {
//		if !v.Covered()[op] { t.Errorf("%s not exercised", op) }
//	}
//
// Operations are found by method and path only: the document's server is
// "/", while tests call an httptest server on 127.0.0.1 and a random port.
// Security requirements are not checked, since the real server checks the
// tokens and the tests assert on that themselves.
package openapitest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"cyltrace/internal/api/openapi"
)

// Validator validates HTTP exchanges against the API's OpenAPI document and
// remembers which operation and status pairs it has validated. It is safe
// for concurrent use by parallel tests.
type Validator struct {
	doc    *openapi3.T
	router routers.Router

	mu      sync.Mutex
	covered map[string]bool
}

// New loads openapi.Document(), checks it against the OpenAPI 3 rules and
// returns a Validator for it. It stops the test when the document is not
// valid.
func New(tb testing.TB) *Validator {
	tb.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openapi.Document())
	if err != nil {
		tb.Fatalf("openapitest: load the OpenAPI document: %v", err)
		return nil
	}
	if err := doc.Validate(loader.Context); err != nil {
		tb.Fatalf("openapitest: the OpenAPI document is not valid: %v", err)
		return nil
	}
	// Route by path alone: the document's server "/" would not match the
	// host and port of an httptest server.
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		tb.Fatalf("openapitest: route the OpenAPI document: %v", err)
		return nil
	}
	return &Validator{doc: doc, router: router, covered: make(map[string]bool)}
}

// Doc returns the loaded document, for tests that inspect it. It must not be
// changed.
func (v *Validator) Doc() *openapi3.T { return v.doc }

// Response fails tb unless the response (its status, content type, headers
// and body) is one that the document allows for the operation req was sent
// to: the status must be listed for the operation, and the body must match
// that status's schema. reqBody is the body req was sent with; it is only
// shown in failure messages. A validated pair is recorded for Covered.
func (v *Validator) Response(tb testing.TB, req *http.Request, reqBody []byte, status int, header http.Header, respBody []byte) {
	tb.Helper()
	route, params, ok := v.route(tb, req)
	if !ok {
		return
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    withBody(req, reqBody),
			PathParams: params,
			Route:      route,
			Options:    requestOptions(),
		},
		Status:  status,
		Header:  header,
		Options: responseOptions(),
	}
	input.SetBodyBytes(respBody)
	// ValidateResponse passes a 304 or a redirect without looking; the
	// operation must still list it.
	if route.Operation.Responses.Status(status) == nil {
		tb.Errorf("openapitest: operation %s (%s %s) does not list status %d\nresponse body: %s",
			route.Operation.OperationID, req.Method, req.URL.Path, status, shorten(respBody, 2000))
		return
	}
	if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
		tb.Errorf("openapitest: response %d of %s %s (operation %s) does not match the OpenAPI document: %v\nrequest body: %s\nresponse body: %s",
			status, req.Method, req.URL.Path, route.Operation.OperationID, err, shorten(reqBody, 2000), shorten(respBody, 2000))
		return
	}
	v.cover(route.Operation.OperationID, status)
}

// ResponseOf reads and closes resp's body, validates the response as
// Response does against resp.Request, and returns the body. reqBody is the
// body the request was sent with.
func (v *Validator) ResponseOf(tb testing.TB, resp *http.Response, reqBody []byte) []byte {
	tb.Helper()
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		tb.Fatalf("openapitest: read the response body: %v", err)
		return nil
	}
	v.Response(tb, resp.Request, reqBody, resp.StatusCode, resp.Header, body)
	return body
}

// Request fails tb unless the request (its path, method, content type and
// body) is one that the document allows. body is the request's body; req's
// own Body is not read. Authentication is not checked.
func (v *Validator) Request(tb testing.TB, req *http.Request, body []byte) {
	tb.Helper()
	route, params, ok := v.route(tb, req)
	if !ok {
		return
	}
	input := &openapi3filter.RequestValidationInput{
		Request:    withBody(req, body),
		PathParams: params,
		Route:      route,
		Options:    requestOptions(),
	}
	if err := openapi3filter.ValidateRequest(context.Background(), input); err != nil {
		tb.Errorf("openapitest: request %s %s (operation %s) does not match the OpenAPI document: %v\nrequest body: %s",
			req.Method, req.URL.Path, route.Operation.OperationID, err, shorten(body, 2000))
	}
}

// Covered returns the operation and status pairs whose responses passed
// Response, as keys "operationId status" such as "queryCylinder 404". The
// map is a copy.
func (v *Validator) Covered() map[string]bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return maps.Clone(v.covered)
}

// Documented returns every operation and status pair of the document, as
// keys of the same form as Covered's, so that a test can list what it has
// not exercised.
func (v *Validator) Documented() map[string]bool {
	all := make(map[string]bool)
	for _, item := range v.doc.Paths.Map() {
		for _, op := range item.Operations() {
			for status := range op.Responses.Map() {
				all[op.OperationID+" "+status] = true
			}
		}
	}
	return all
}

// Missing returns the sorted pairs of want that Covered lacks.
func (v *Validator) Missing(want ...string) []string {
	covered := v.Covered()
	var missing []string
	for _, w := range want {
		if !covered[w] {
			missing = append(missing, w)
		}
	}
	slices.Sort(missing)
	return missing
}

func (v *Validator) cover(operationID string, status int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.covered[operationID+" "+strconv.Itoa(status)] = true
}

func (v *Validator) route(tb testing.TB, req *http.Request) (*routers.Route, map[string]string, bool) {
	tb.Helper()
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		tb.Errorf("openapitest: %s %s is not an operation of the OpenAPI document: %v", req.Method, req.URL.Path, err)
		return nil, nil, false
	}
	return route, params, true
}

// requestOptions turns off the security check: the real server checks
// tokens, and a test sends a bad one on purpose.
func requestOptions() *openapi3filter.Options {
	o := &openapi3filter.Options{
		AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		MultiError:         true,
	}
	o.WithCustomSchemaErrorFunc(schemaErrorMessage)
	return o
}

// responseOptions refuse a status the operation does not list.
func responseOptions() *openapi3filter.Options {
	o := &openapi3filter.Options{
		IncludeResponseStatus: true,
		MultiError:            true,
	}
	o.WithCustomSchemaErrorFunc(schemaErrorMessage)
	return o
}

// schemaErrorMessage names the place and the rule a value breaks, without
// the default dump of the whole schema, which for an envelope runs to
// hundreds of lines.
func schemaErrorMessage(err *openapi3.SchemaError) string {
	var b strings.Builder
	fmt.Fprintf(&b, "at %q: ", "/"+strings.Join(err.JSONPointer(), "/"))
	if err.Reason != "" {
		b.WriteString(err.Reason)
	} else {
		fmt.Fprintf(&b, "does not match %q", err.SchemaField)
	}
	if err.Origin != nil {
		fmt.Fprintf(&b, " (%v)", err.Origin)
	}
	if v, jerr := json.Marshal(err.Value); jerr == nil {
		b.WriteString("; value: ")
		b.WriteString(shorten(v, 200))
	}
	return b.String()
}

// withBody returns a copy of req that reads body, leaving req as it was.
func withBody(req *http.Request, body []byte) *http.Request {
	r := req.Clone(context.Background())
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return r
}

// shorten keeps failure messages readable when a body is an image or a
// thousand records.
func shorten(b []byte, max int) string {
	if !utf8.Valid(b) {
		return fmt.Sprintf("(%d bytes, not UTF-8)", len(b))
	}
	if len(b) <= max {
		return string(b)
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(b[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes in all)", b[:cut], len(b))
}
