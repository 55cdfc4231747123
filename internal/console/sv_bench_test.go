package console_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"

	"cyltrace"
	"cyltrace/internal/auth"
	"cyltrace/internal/console"
	"cyltrace/internal/testutil"
)

// BenchmarkSupervisionViews times each supervision page, as the city
// bureau and as a district user opens it, on CYLTRACE_BENCH_DB (scripts/bench
// builds a 1,000,000-cylinder database with about 10,000,000 fillings), or
// on 20,000 demo cylinders without it. The baseline is the console's home
// page in the same run: session check and rendering without the queries.
//
//	CYLTRACE_BENCH_DB=sqlite:/path/cyltrace.db go test -run '^$' -bench SupervisionViews -benchtime 5x ./internal/console/
func BenchmarkSupervisionViews(b *testing.B) {
	s, _ := testutil.BenchStore(b)
	ctx := context.Background()
	c, err := console.New(console.Config{Store: s, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(c.Handler())
	b.Cleanup(srv.Close)
	city := benchLogin(b, srv.URL, c, benchUser(b, ctx, s, "bench-city", "", cyltrace.CityAdmin))
	district := benchLogin(b, srv.URL, c, benchUser(b, ctx, s, "bench-yuzhong", "500103", cyltrace.DistrictAcceptor))
	views := []struct {
		name   string
		client *http.Client
		path   string
	}{
		{"baseline-home", city, "/console/"},
		{"overview-city", city, "/console/supervision"},
		{"overview-district", district, "/console/supervision"},
		{"overdue-city", city, "/console/supervision/overdue"},
		{"overdue-district", district, "/console/supervision/overdue"},
		{"overdue-city-page100", city, "/console/supervision/overdue?page=100"},
		{"violations-city", city, "/console/supervision/violations"},
		{"violations-district", district, "/console/supervision/violations"},
		{"recalls-city", city, "/console/supervision/recalls"},
		{"recalls-city-nofactory", city, "/console/supervision/recalls?kind=factory"},
		{"recalls-district-nofactory", district, "/console/supervision/recalls?kind=factory"},
		{"docking-city", city, "/console/supervision/docking"},
		{"docking-district", district, "/console/supervision/docking"},
		{"credit-city", city, "/console/supervision/credit"},
		{"credit-district", district, "/console/supervision/credit"},
		{"overdue-district-xlsx", district, "/console/supervision/overdue?format=xlsx"},
	}
	for _, v := range views {
		b.Run(v.name, func(b *testing.B) {
			for b.Loop() {
				res, err := v.client.Get(srv.URL + v.path)
				if err != nil {
					b.Fatal(err)
				}
				n, _ := io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK || n == 0 {
					b.Fatalf("%s: %d, %d bytes", v.path, res.StatusCode, n)
				}
			}
		})
	}
}

// benchUser returns the account, making it the first time (the bench
// database keeps it).
func benchUser(b *testing.B, ctx context.Context, s interface {
	CreateUser(context.Context, *cyltrace.User, string) error
}, name, region string, role cyltrace.UserRole) string {
	hash, err := auth.HashPassword(goodPassword)
	if err != nil {
		b.Fatal(err)
	}
	u := &cyltrace.User{Username: name, DisplayName: name, RegionCode: region, Roles: []cyltrace.UserRole{role}}
	if err := s.CreateUser(ctx, u, hash); err != nil && cyltrace.ErrorCode(err) != cyltrace.ECONFLICT {
		b.Fatal(err)
	}
	return name
}

var benchFieldRe = regexp.MustCompile(`name="(csrf|captcha_id)" value="([^"]*)"`)

// benchLogin signs in through the login page and returns the client.
func benchLogin(b *testing.B, base string, c *console.Console, username string) *http.Client {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar}
	res, err := hc.Get(base + "/console/login")
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	fields := map[string]string{}
	for _, m := range benchFieldRe.FindAllStringSubmatch(string(body), -1) {
		fields[m[1]] = m[2]
	}
	res, err = hc.PostForm(base+"/console/login", url.Values{"csrf": {fields["csrf"]}, "captcha_id": {fields["captcha_id"]},
		"captcha": {c.CaptchaAnswer(fields["captcha_id"])}, "username": {username}, "password": {goodPassword}})
	if err != nil {
		b.Fatal(err)
	}
	res.Body.Close()
	if res.Request.URL.Path != "/console/" {
		b.Fatalf("login %s ended at %s", username, res.Request.URL.Path)
	}
	return hc
}
