package testutil

import (
	"bytes"
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"
)

// Load is a closed or paced HTTP load for benchmarks: Callers clients send
// b.N requests in all; with an Interval each client sends one request per
// Interval (an open, paced load) instead of back to back.
type Load struct {
	Method   string   // default POST when Bodies are given, else GET
	URLs     []string // requests cycle through them
	Bodies   [][]byte // optional, cycled with the URLs
	Header   http.Header
	Callers  int // default 50
	Interval time.Duration
}

// Run sends the load and reports requests/s and the 99th-percentile latency
// ("p99-ms") as benchmark metrics. Any status but 200 fails the benchmark.
func (l Load) Run(b *testing.B) {
	callers := l.Callers
	if callers <= 0 {
		callers = 50
	}
	method := l.Method
	if method == "" {
		method = http.MethodGet
		if len(l.Bodies) > 0 {
			method = http.MethodPost
		}
	}
	tr := &http.Transport{MaxIdleConnsPerHost: callers, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	var mu sync.Mutex
	var lat []time.Duration
	per := b.N/callers + 1
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < callers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := make([]time.Duration, 0, per)
			next := time.Now().Add(time.Duration(w) * l.Interval / time.Duration(callers))
			for i := 0; i < per; i++ {
				if l.Interval > 0 {
					time.Sleep(time.Until(next))
					next = next.Add(l.Interval)
				}
				n := w*per + i
				var body io.Reader
				if len(l.Bodies) > 0 {
					body = bytes.NewReader(l.Bodies[n%len(l.Bodies)])
				}
				req, _ := http.NewRequest(method, l.URLs[n%len(l.URLs)], body)
				for k, v := range l.Header {
					req.Header[k] = v
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Errorf("%s: status %d", req.URL.Path, resp.StatusCode)
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
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
