package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"cyltrace"
	"cyltrace/internal/api"
	"cyltrace/internal/auth"
	"cyltrace/internal/demo"
	"cyltrace/internal/images"
	"cyltrace/internal/store"
)

// benchDBEnv names a database made by `cyltrace demo` (scripts/bench makes
// one of a million cylinders) for BenchmarkFillingCheck; without it the
// benchmark loads 20,000 demo cylinders itself.
const benchDBEnv = "CYLTRACE_BENCH_DB"

// callers is how many stations ask at once.
const callers = 50

// BenchmarkFillingCheck: 50 concurrent callers ask /api/v1/fillings/check
// over real HTTP about random demo cylinders; it reports checks/s and the
// 99th-percentile latency. BenchmarkHTTPBaseline is the same load on an
// endpoint that does nothing, in the same run.
func BenchmarkFillingCheck(b *testing.B) {
	s, codes := benchStore(b)
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

// runLoad sends b.N requests from 50 concurrent callers; with an interval,
// each caller sends one request per interval (an open, paced load) instead
// of back to back.
func runLoad(b *testing.B, url, tok string, bodies [][]byte, interval time.Duration) {
	tr := &http.Transport{MaxIdleConnsPerHost: callers}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	var mu sync.Mutex
	var lat []time.Duration
	b.ResetTimer()
	var wg sync.WaitGroup
	per := b.N/callers + 1
	start := time.Now()
	for w := 0; w < callers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := make([]time.Duration, 0, per)
			next := time.Now().Add(time.Duration(w) * interval / callers)
			for i := 0; i < per; i++ {
				if interval > 0 {
					time.Sleep(time.Until(next))
					next = next.Add(interval)
				}
				body := bodies[(w*per+i)%len(bodies)]
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+tok)
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Errorf("status %d", resp.StatusCode)
					return
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "checks/s")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
}

func mustImages(b *testing.B) *images.Store {
	imgs, err := images.New(filepath.Join(b.TempDir(), "images"), 5<<20)
	if err != nil {
		b.Fatal(err)
	}
	return imgs
}

// benchStore opens CYLTRACE_BENCH_DB or loads a small demo, and returns up
// to 10,000 infoCodes of it to ask about.
func benchStore(b *testing.B) (*store.Store, []string) {
	ctx := context.Background()
	dsn := os.Getenv(benchDBEnv)
	if dsn == "" {
		dsn = "sqlite:" + filepath.Join(b.TempDir(), "bench.db")
	}
	s, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if counts, _ := s.TableCounts(ctx); counts["cylinders"] == 0 {
		l, err := s.NewLoader(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := demo.Generate(ctx, demo.Options{Seed: 1, Cylinders: 20000, AsOf: time.Now()}, l); err != nil {
			b.Fatal(err)
		}
		if err := l.Close(ctx); err != nil {
			b.Fatal(err)
		}
	}
	var codes []string
	for offset := 0; len(codes) < 10000 && offset < 200000; offset += 1000 {
		list, err := s.Cylinders(ctx, store.CylinderFilter{Limit: 1000, Offset: offset})
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range list {
			if c.InfoCode != "" {
				codes = append(codes, c.InfoCode)
			}
		}
		if len(list) < 1000 {
			break
		}
	}
	if len(codes) == 0 {
		b.Fatal("no cylinder with an infoCode to check")
	}
	return s, codes
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
