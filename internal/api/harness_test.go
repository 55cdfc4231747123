package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cyltrace"
	"cyltrace/internal/api"
	"cyltrace/internal/api/openapi/openapitest"
	"cyltrace/internal/auth"
	"cyltrace/internal/images"
	"cyltrace/internal/server"
	"cyltrace/internal/store"
	"cyltrace/internal/testutil"
)

// start is the test clock's first reading: 2026-11-25 10:00 China time.
var start = time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)

// env is a real API over real HTTP on a real database, with one unit and
// one client per role, and a few cylinders.
type env struct {
	t       testing.TB
	url     string
	store   *store.Store
	images  string // the image directory
	clock   *atomic.Int64
	api     *api.API
	units   map[cyltrace.Role]*cyltrace.Unit
	secrets map[cyltrace.Role]string
	own     *cyltrace.Cylinder // a cylinder of the filling unit, with a QR tag
	other   *cyltrace.Cylinder // a cylinder of another unit
	bare    *cyltrace.Cylinder // a cylinder of the filling unit with no tag yet
}

func (e *env) now() time.Time { return time.Unix(0, e.clock.Load()) }

// advance moves the clock of the store and the API forward.
func (e *env) advance(d time.Duration) { e.clock.Add(int64(d)) }

func newEnv(t testing.TB, dialect string) *env {
	t.Helper()
	e := &env{t: t, clock: new(atomic.Int64), units: map[cyltrace.Role]*cyltrace.Unit{}, secrets: map[cyltrace.Role]string{}}
	e.clock.Store(start.UnixNano())
	e.store, _ = testutil.NewStore(t, dialect, store.WithClock(e.now))
	e.images = filepath.Join(t.TempDir(), "images")
	imgs, err := images.New(e.images, 5<<20)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Config{Addr: "127.0.0.1:0"}, e.store, nil)
	if err != nil {
		t.Fatal(err)
	}
	e.api = api.New(api.Config{Store: e.store, Images: imgs, Now: e.now})
	t.Cleanup(e.api.Close)
	srv.Handle("/api/", e.api.Handler())
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	e.url = ts.URL
	e.seed()
	return e
}

func (e *env) seed() {
	ctx := context.Background()
	units := []struct {
		role cyltrace.Role
		code string
		name string
		kind []cyltrace.UnitKind
	}{
		{cyltrace.RoleFilling, cyltrace.MakeUSCC("91500107" + cyltrace.MakeOrgCode("MA5UG492")), "重庆玉灵燃气有限公司",
			[]cyltrace.UnitKind{cyltrace.KindFilling, cyltrace.KindUsing}},
		{cyltrace.RoleInspection, "915001077530560415", "重庆市特种设备检测研究院", []cyltrace.UnitKind{cyltrace.KindInspection}},
		{cyltrace.RoleManufacturer, cyltrace.MakeUSCC("91500110" + cyltrace.MakeOrgCode("20304050")), "重庆恒祥石油液化气钢瓶制造有限公司",
			[]cyltrace.UnitKind{cyltrace.KindManufacturer}},
		{cyltrace.RoleDistribution, cyltrace.MakeUSCC("91500112" + cyltrace.MakeOrgCode("30405060")), "重庆快送燃气配送有限公司",
			[]cyltrace.UnitKind{cyltrace.KindDistribution}},
		{cyltrace.RoleBureau, cyltrace.MakeUSCC("11500000" + cyltrace.MakeOrgCode("00929613")), "重庆市市场监督管理局",
			[]cyltrace.UnitKind{cyltrace.KindRegulator}},
	}
	for _, u := range units {
		unit := &cyltrace.Unit{Code: u.code, Name: u.name, Kinds: u.kind, RegionCode: "500107"}
		if err := e.store.CreateUnit(ctx, unit); err != nil {
			e.t.Fatalf("unit %s: %v", u.code, err)
		}
		e.units[u.role] = unit
		secret := "secret-of-" + string(u.role)
		c := &cyltrace.APIClient{AppKey: "key-" + string(u.role), UnitID: unit.ID, Role: u.role}
		if err := e.store.CreateClient(ctx, c, auth.Hash(secret)); err != nil {
			e.t.Fatal(err)
		}
		e.secrets[u.role] = secret
	}
	otherUnit := &cyltrace.Unit{Code: cyltrace.MakeUSCC("91500103" + cyltrace.MakeOrgCode("11223344")), Name: "重庆别家燃气有限公司",
		Kinds: []cyltrace.UnitKind{cyltrace.KindUsing}, RegionCode: "500103"}
	if err := e.store.CreateUnit(ctx, otherUnit); err != nil {
		e.t.Fatal(err)
	}
	e.own = e.cylinder(1, e.units[cyltrace.RoleFilling], true)
	e.other = e.cylinder(2, otherUnit, true)
	e.bare = e.cylinder(3, e.units[cyltrace.RoleFilling], false)
}

func (e *env) cylinder(n int, unit *cyltrace.Unit, tagged bool) *cyltrace.Cylinder {
	return e.cylinderWith(n, unit, tagged, nil)
}

// cylinderWith stores a cylinder like cylinder's, changed by change.
func (e *env) cylinderWith(n int, unit *cyltrace.Unit, tagged bool, change func(*cyltrace.Cylinder)) *cyltrace.Cylinder {
	c := &cyltrace.Cylinder{UseUnitID: unit.ID, UseUnitName: unit.Name, RegionCode: "500107", VarietyCode: "2320",
		ProductNumber: fmt.Sprintf("A10041%d", n), MediumCode: "G13", Manufacturer: "重庆恒祥石油液化气钢瓶制造有限公司",
		ManufactureDate: "2021-03", NominalPressureMPa: cyltrace.DecimalFromHundredths(210),
		VolumeL: cyltrace.DecimalFromHundredths(3550), LastInspectionDate: "2025-03-10", NextInspectionDate: "2029-03",
		Status: cyltrace.StatusInUse, RegistrationCertNumber: "瓶32渝A00017(21)", RegistrationDate: "2021-04-01",
		RegistrationAuthority: "重庆市九龙坡区市场监督管理局"}
	if tagged {
		c.TagType, c.InfoCode = cyltrace.TagQR, fmt.Sprintf("CQ%016d", n)
		c.QRContent = fmt.Sprintf("https://trace.hengxiang.example.cn/c/%d", n)
	}
	if change != nil {
		change(c)
	}
	if err := c.Validate(e.now()); err != nil {
		e.t.Fatalf("test cylinder invalid: %v", err)
	}
	if err := e.store.CreateCylinder(context.Background(), c); err != nil {
		e.t.Fatal(err)
	}
	return c
}

// response is one API answer, its envelope decoded.
type response struct {
	status  int
	header  http.Header
	Code    string          `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
	raw     []byte
}

// post sends a raw request; token may be "".
func (e *env) post(path, token, contentType string, body []byte) *response {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.url+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return e.doBody(req, body)
}

func (e *env) do(req *http.Request) *response { return e.doBody(req, nil) }

// doBody sends req (whose body is reqBody) and checks the answer: an
// envelope whose code is the HTTP status, with a data object; and, for a
// documented operation, valid against the OpenAPI document.
func (e *env) doBody(req *http.Request, reqBody []byte) *response {
	e.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	r := &response{status: resp.StatusCode, header: resp.Header}
	r.raw, _ = io.ReadAll(resp.Body)
	if err := json.Unmarshal(r.raw, r); err != nil {
		e.t.Fatalf("%s %s: body is not an envelope: %v\n%s", req.Method, req.URL.Path, err, r.raw)
	}
	if r.Code != fmt.Sprint(r.status) {
		e.t.Errorf("%s: envelope code %q but HTTP status %d", req.URL.Path, r.Code, r.status)
	}
	if len(r.Data) == 0 || string(r.Data) == "null" {
		e.t.Errorf("%s: envelope has no data object: %s", req.URL.Path, r.raw)
	}
	if _, bench := e.t.(*testing.B); !bench && documented(req.URL.Path) && r.status != http.StatusMethodNotAllowed {
		spec(e.t).Response(e.t, req, reqBody, r.status, r.header, r.raw)
	}
	return r
}

// The OpenAPI validator is shared by every test of the package, so that the
// coverage test sees what all of them exercised.
var (
	specOnce sync.Once
	specV    *openapitest.Validator
)

func spec(tb testing.TB) *openapitest.Validator {
	specOnce.Do(func() { specV = openapitest.New(tb) })
	return specV
}

func documented(path string) bool {
	switch path {
	case "/api/v1/auth/token", "/api/v1/cylinders/query", "/api/v1/tags/bind", "/api/v1/fillings/submit",
		"/api/v1/inspections/submit", "/api/v1/trails/submit", "/api/v1/fillings/check", "/api/v1/rules/current",
		"/api/v1/rules/update", "/api/v1/cylinders/lock", "/api/v1/cylinders/unlock":
		return true
	}
	return false
}

// postJSON sends v as JSON.
func (e *env) postJSON(path, token string, v any) *response {
	e.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.post(path, token, "application/json", b)
}

// token logs a role's client in.
func (e *env) token(role cyltrace.Role) string {
	e.t.Helper()
	r := e.postJSON("/api/v1/auth/token", "", map[string]string{"appKey": "key-" + string(role), "appSecret": e.secrets[role]})
	if r.status != 200 {
		e.t.Fatalf("token for %s: %d %s", role, r.status, r.Message)
	}
	var tok struct{ AccessToken string }
	json.Unmarshal(r.Data, &tok)
	return tok.AccessToken
}

// want fails unless the response has the status; it returns the response.
func (r *response) want(t *testing.T, status int) *response {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d (%s), want %d\n%s", r.status, r.Message, status, r.raw)
	}
	return r
}

// fields returns the field names of a 400's data.fields.
func (r *response) fields() []string {
	var d struct{ Fields []cyltrace.FieldError }
	json.Unmarshal(r.Data, &d)
	var names []string
	for _, f := range d.Fields {
		names = append(names, f.Field)
	}
	return names
}

func forEachDB(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, d := range testutil.Dialects {
		t.Run(d, func(t *testing.T) { fn(t, newEnv(t, d)) })
	}
}
