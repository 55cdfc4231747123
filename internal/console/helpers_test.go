package console_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"cyltrace"
	"cyltrace/internal/auth"
	"cyltrace/internal/console"
	"cyltrace/internal/images"
	"cyltrace/internal/store"
	"cyltrace/internal/testutil"
)

const goodPassword = "Chongqing2024"

type env struct {
	store   *store.Store
	console *console.Console
	srv     *httptest.Server
	log     *syncBuffer // everything the console logged, at every level
}

func newEnv(t *testing.T) *env {
	t.Helper()
	s, _ := testutil.NewStore(t, "sqlite")
	log := &syncBuffer{}
	imgs, err := images.New(t.TempDir(), 5<<20)
	if err != nil {
		t.Fatal(err)
	}
	c, err := console.New(console.Config{Store: s, Images: imgs,
		Logger: slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv := httptest.NewServer(c.Handler())
	t.Cleanup(srv.Close)
	return &env{store: s, console: c, srv: srv, log: log}
}

// syncBuffer is a log destination that handlers may write at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// mustUser stores an account with goodPassword.
func (e *env) mustUser(t *testing.T, username, region string, mustChange bool, roles ...cyltrace.UserRole) *cyltrace.User {
	t.Helper()
	hash, err := auth.HashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	u := &cyltrace.User{Username: username, DisplayName: "测试" + username, RegionCode: region,
		Roles: roles, MustChangePassword: mustChange}
	if err := e.store.CreateUser(context.Background(), u, hash); err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	return u
}

// client is a browser: a cookie jar, redirects followed.
type client struct {
	t    *testing.T
	e    *env
	http *http.Client
}

func (e *env) client(t *testing.T) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, e: e, http: &http.Client{Jar: jar}}
}

// page is a response with its body read.
type page struct {
	status int
	path   string // after redirects
	body   string
	header http.Header
}

func (c *client) do(req *http.Request) page {
	c.t.Helper()
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return page{status: resp.StatusCode, path: resp.Request.URL.Path, body: string(b), header: resp.Header}
}

func (c *client) get(path string) page {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.e.srv.URL+path, nil)
	return c.do(req)
}

func (c *client) post(path string, form url.Values) page {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

var fieldRe = regexp.MustCompile(`name="(csrf|captcha_id)" value="([^"]*)"`)

// field returns the value of a hidden field of a page.
func (p page) field(t *testing.T, name string) string {
	t.Helper()
	for _, m := range fieldRe.FindAllStringSubmatch(p.body, -1) {
		if m[1] == name {
			return html.UnescapeString(m[2])
		}
	}
	t.Fatalf("no field %q on %s:\n%s", name, p.path, p.body)
	return ""
}

// tryLogin fills in the login form; a wrong captcha when badCaptcha.
func (c *client) tryLogin(username, password string, badCaptcha bool) page {
	c.t.Helper()
	form := c.get("/console/login")
	id := form.field(c.t, "captcha_id")
	answer := c.e.console.CaptchaAnswer(id)
	if answer == "" {
		c.t.Fatalf("no answer for captcha %q", id)
	}
	if badCaptcha {
		answer = strings.Repeat("9", len(answer)-1) + "x"
	}
	return c.post("/console/login", url.Values{"csrf": {form.field(c.t, "csrf")}, "captcha_id": {id},
		"captcha": {answer}, "username": {username}, "password": {password}})
}

// login signs in and fails the test unless the home page follows.
func (c *client) login(username string) page {
	c.t.Helper()
	p := c.tryLogin(username, goodPassword, false)
	if p.path != "/console/" || p.status != http.StatusOK {
		c.t.Fatalf("login %s: got %d %s, want 200 /console/\n%s", username, p.status, p.path, p.body)
	}
	return p
}

// mustCylinder stores an in-date LPG cylinder of a region.
func (e *env) mustCylinder(t *testing.T, region string) *cyltrace.Cylinder {
	t.Helper()
	code, err := cyltrace.NewInfoCode(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	vol, _ := cyltrace.ParseDecimal("35.5")
	pressure, _ := cyltrace.ParseDecimal("2.1")
	c := &cyltrace.Cylinder{UseUnitName: "重庆玉灵燃气有限公司", RegionCode: region, VarietyCode: "2320",
		ProductNumber: "A" + code[2:9], MediumCode: "G13", Manufacturer: "重庆恒祥石油液化气钢瓶制造有限公司",
		ManufactureDate: "2020-08", NominalPressureMPa: pressure, VolumeL: vol, LastInspectionDate: "2024-08-10",
		NextInspectionDate: "2028-08", Status: cyltrace.StatusInUse, TagType: cyltrace.TagQR, InfoCode: code,
		RegistrationCertNumber: "瓶渝A0001(21)", RegistrationDate: "2021-01-01", RegistrationAuthority: "重庆市万州区市场监督管理局"}
	if err := e.store.CreateCylinder(context.Background(), c); err != nil {
		t.Fatalf("CreateCylinder: %v", err)
	}
	return c
}

// mustUnit stores a unit of a region with a valid credit code made from n.
func (e *env) mustUnit(t *testing.T, n int, name, region string, kinds ...cyltrace.UnitKind) *cyltrace.Unit {
	t.Helper()
	u := &cyltrace.Unit{Code: testUnitCode(t, n), Name: name, RegionCode: region, Kinds: kinds}
	if err := e.store.CreateUnit(context.Background(), u); err != nil {
		t.Fatalf("CreateUnit: %v", err)
	}
	return u
}

// testUnitCode returns a valid unified social credit code made from n.
func testUnitCode(t *testing.T, n int) string {
	t.Helper()
	first17 := "91500000" + cyltrace.MakeOrgCode(fmt.Sprintf("MA%06d", n))
	check, ok := cyltrace.USCCCheckChar(first17)
	if !ok {
		t.Fatalf("no credit code from %d", n)
	}
	return first17 + string(check)
}
