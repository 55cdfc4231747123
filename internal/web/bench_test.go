package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"cyltrace/internal/testutil"
	"cyltrace/internal/web"
)

// BenchmarkScanPage: 50 concurrent phones open random cylinders' pages
// (/q/{infoCode}, uncompressed, no ETag) over real HTTP; requests/s and p99.
// BenchmarkStaticPage is the baseline of the same run: a handler that
// writes a fixed page of the same size.
func BenchmarkScanPage(b *testing.B) {
	s, codes := testutil.BenchStore(b)
	w, err := web.New(web.Config{Store: s, RatePerMinute: 1 << 30})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(w.Handler())
	defer ts.Close()
	urls := make([]string, len(codes))
	for i, c := range codes {
		urls[i] = ts.URL + "/q/" + c
	}
	b.Run("saturated", func(b *testing.B) { testutil.Load{URLs: urls}.Run(b) })
	b.Run("paced-2500/s", func(b *testing.B) { testutil.Load{URLs: urls, Interval: 20 * time.Millisecond}.Run(b) })
}

func BenchmarkStaticPage(b *testing.B) {
	page := make([]byte, 3800) // the size of a typical scan page
	for i := range page {
		page[i] = 'x'
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	defer ts.Close()
	urls := []string{ts.URL + "/"}
	b.Run("saturated", func(b *testing.B) { testutil.Load{URLs: urls}.Run(b) })
	b.Run("paced-2500/s", func(b *testing.B) { testutil.Load{URLs: urls, Interval: 20 * time.Millisecond}.Run(b) })
}
