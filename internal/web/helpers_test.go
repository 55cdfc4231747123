package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"cyltrace"
	"cyltrace/internal/store"
	"cyltrace/internal/testutil"
)

// testNow is the clock of most tests: 2026-11-25 10:00 CST.
var testNow = time.Date(2026, 11, 25, 10, 0, 0, 0, cyltrace.CST)

// clock is a settable clock, safe for concurrent use.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// env is a Web on a real SQLite store behind a real HTTP server.
type env struct {
	web   *Web
	store *store.Store
	clock *clock
	srv   *httptest.Server
	logs  *bytes.Buffer
}

// newEnv starts a Web on a fresh store; cfg's Store, Now and Logger are
// filled in, RatePerMinute defaults to a limit no test reaches by accident.
func newEnv(t *testing.T, cfg Config) *env {
	t.Helper()
	s, _ := testutil.NewStore(t, "sqlite")
	return newEnvOn(t, s, cfg)
}

func newEnvOn(t *testing.T, s *store.Store, cfg Config) *env {
	t.Helper()
	e := &env{store: s, clock: &clock{t: testNow}, logs: &bytes.Buffer{}}
	cfg.Store = s
	cfg.Now = e.clock.now
	cfg.Logger = slog.New(slog.NewTextHandler(&lockedWriter{w: e.logs}, nil))
	if cfg.RatePerMinute == 0 {
		cfg.RatePerMinute = 100_000
	}
	w, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	e.web = w
	e.srv = httptest.NewServer(w.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// closedStore returns a store whose database is closed: any query fails,
// so a handler that answers 404 with it never queried.
func closedStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "closed.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	s.Close()
	return s
}

// result is a response with its body read (and gunzipped when encoded).
type result struct {
	*http.Response
	body    []byte // as decoded
	rawSize int    // bytes on the wire
}

// get requests path with the given header lines ("Name: value"). The
// transport's own gzip handling is off so that the test sees the encoding.
func (e *env) get(t *testing.T, path string, headers ...string) result {
	t.Helper()
	return e.do(t, http.MethodGet, path, headers...)
}

func (e *env) do(t *testing.T, method, path string, headers ...string) result {
	t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	client := &http.Client{
		Transport: &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	body := raw
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%s: gzip: %v", path, err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			t.Fatalf("%s: gunzip: %v", path, err)
		}
	}
	return result{Response: resp, body: body, rawSize: len(raw)}
}

// cylinderOpt changes a test cylinder before it is stored.
type cylinderOpt func(*cyltrace.Cylinder)

// mustCylinder stores a registered, in-date LPG cylinder with an infoCode.
func mustCylinder(t *testing.T, s *store.Store, opts ...cylinderOpt) *cyltrace.Cylinder {
	t.Helper()
	code := mustInfoCode(t)
	vol, _ := cyltrace.ParseDecimal("35.5")
	pressure, _ := cyltrace.ParseDecimal("2.1")
	c := &cyltrace.Cylinder{
		UseUnitName:            "重庆玉灵燃气有限公司",
		RegionCode:             "500101",
		VarietyCode:            "2320",
		ProductNumber:          "A" + code[2:9], // unique with the code
		MediumCode:             "G13",
		Manufacturer:           "重庆恒祥石油液化气钢瓶制造有限公司",
		ManufactureDate:        "2020-08",
		NominalPressureMPa:     pressure,
		VolumeL:                vol,
		LastInspectionDate:     "2024-08-10",
		NextInspectionDate:     "2028-08",
		Status:                 cyltrace.StatusInUse,
		TagType:                cyltrace.TagQR,
		InfoCode:               code,
		RegistrationCertNumber: "瓶渝A0001(21)",
		RegistrationDate:       "2021-01-01",
		RegistrationAuthority:  "重庆市万州区市场监督管理局",
	}
	for _, o := range opts {
		o(c)
	}
	if err := s.CreateCylinder(context.Background(), c); err != nil {
		t.Fatalf("CreateCylinder: %v", err)
	}
	return c
}

func mustInfoCode(t *testing.T) string {
	t.Helper()
	code, err := cyltrace.NewInfoCode(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// parseHTML parses a page.
func parseHTML(t *testing.T, body []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	return doc
}

// findAll returns the elements under n for which match is true, in
// document order.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && match(d) {
			out = append(out, d)
		}
	}
	return out
}

// withAttr matches elements that have the attribute (with any value when
// value is "").
func withAttr(key, value string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		v, ok := attr(n, key)
		return ok && (value == "" || v == value)
	}
}

func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// text returns the text content of n.
func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return strings.TrimSpace(b.String())
}

// fields returns the text of every data-field hook of a page.
func fields(doc *html.Node) map[string]string {
	m := map[string]string{}
	for _, n := range findAll(doc, withAttr("data-field", "")) {
		k, _ := attr(n, "data-field")
		m[k] = text(n)
	}
	return m
}

// badges returns the data-status values of a page's badges, in order.
func badges(doc *html.Node) []string {
	var out []string
	for _, n := range findAll(doc, withAttr("data-status", "")) {
		v, _ := attr(n, "data-status")
		out = append(out, v)
	}
	return out
}

// pageTrail is one trail node as the page shows it.
type pageTrail struct{ Node, Time, Date, Actor string }

func trailOf(doc *html.Node) []pageTrail {
	var out []pageTrail
	for _, li := range findAll(doc, withAttr("data-node", "")) {
		var p pageTrail
		p.Node, _ = attr(li, "data-node")
		p.Time, _ = attr(li, "data-time")
		if d := findAll(li, withAttr("data-trail", "date")); len(d) == 1 {
			p.Date = text(d[0])
		}
		if a := findAll(li, withAttr("data-trail", "actor")); len(a) == 1 {
			p.Actor = text(a[0])
		}
		out = append(out, p)
	}
	return out
}
