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
	"testing"
	"time"

	"cyltrace"
	"cyltrace/internal/api"
	"cyltrace/internal/auth"
	"cyltrace/internal/images"
	"cyltrace/internal/store"
	"cyltrace/internal/testutil"
)

// BenchmarkFillingCheck: 50 concurrent callers ask /api/v1/fillings/check
// over real HTTP about random demo cylinders; it reports checks/s and the
// 99th-percentile latency. BenchmarkHTTPBaseline is the same load on an
// endpoint that does nothing, in the same run.
func BenchmarkFillingCheck(b *testing.B) {
	s, codes := testutil.BenchStore(b)
	a := api.New(api.Config{Store: s, Images: mustImages(b)})
	defer a.Close()
	ts := httptest.NewServer(a.Handler())
	defer ts.Close()
	tok := benchToken(b, s, ts.URL)
	bodies := make([][]byte, len(codes))
	for i, c := range codes {
		bodies[i], _ = json.Marshal(map[string]string{"infoCode": c, "mediumCode": "G13"})
	}
	b.Run("saturated", func(b *testing.B) { runLoad(b, ts.URL+"/api/v1/fillings/check", tok, bodies, 0) })
	// 50 stations each asking every 10 ms: 5,000 checks/s offered, a
	// load a city's stations do not reach, without saturating the machine.
	b.Run("paced-5000/s", func(b *testing.B) {
		runLoad(b, ts.URL+"/api/v1/fillings/check", tok, bodies, 10*time.Millisecond)
	})
}

// BenchmarkHTTPBaseline is BenchmarkFillingCheck's load on a handler that
// answers a fixed envelope: what HTTP and the load generator cost alone.
func BenchmarkHTTPBaseline(b *testing.B) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write([]byte(`{"code":"200","message":"ok","data":{"allowed":true,"reasons":[],"ruleVersion":1}}`))
	}))
	defer ts.Close()
	body := [][]byte{[]byte(`{"infoCode":"CQ0000000000000000","mediumCode":"G13"}`)}
	b.Run("saturated", func(b *testing.B) { runLoad(b, ts.URL, "x", body, 0) })
	b.Run("paced-5000/s", func(b *testing.B) { runLoad(b, ts.URL, "x", body, 10*time.Millisecond) })
}

// runLoad sends the check load: 50 callers, back to back or one request per
// interval each.
func runLoad(b *testing.B, url, tok string, bodies [][]byte, interval time.Duration) {
	testutil.Load{URLs: []string{url}, Bodies: bodies, Interval: interval,
		Header: http.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer " + tok}}}.Run(b)
}

func mustImages(b *testing.B) *images.Store {
	imgs, err := images.New(filepath.Join(b.TempDir(), "images"), 5<<20)
	if err != nil {
		b.Fatal(err)
	}
	return imgs
}

// benchToken makes (or reuses) a filling client on a filling unit and logs it in.
func benchToken(b *testing.B, s *store.Store, url string) string {
	ctx := context.Background()
	units, err := s.Units(ctx, store.UnitFilter{Kind: cyltrace.KindFilling, Limit: 1})
	if err != nil || len(units) == 0 {
		b.Fatalf("no filling unit: %v", err)
	}
	key := fmt.Sprintf("bench-%d", time.Now().UnixNano())
	c := &cyltrace.APIClient{AppKey: key, UnitID: units[0].ID, Role: cyltrace.RoleFilling}
	if err := s.CreateClient(ctx, c, auth.Hash("bench-secret")); err != nil {
		b.Fatal(err)
	}
	body, _ := json.Marshal(map[string]string{"appKey": key, "appSecret": "bench-secret"})
	resp, err := http.Post(url+"/api/v1/auth/token", "application/json", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var env struct {
		Data struct{ AccessToken string }
	}
	json.NewDecoder(resp.Body).Decode(&env)
	if env.Data.AccessToken == "" {
		b.Fatal("no token")
	}
	return env.Data.AccessToken
}
