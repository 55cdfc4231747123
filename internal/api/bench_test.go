package api_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"cyltrace"
)

// BenchmarkSubmitFillings posts filling records to /api/v1/fillings/submit
// over real HTTP into SQLite (synchronous=FULL: every batch is durable when
// answered), in batches of 100 and of 1, and reports records/s.
func BenchmarkSubmitFillings(b *testing.B) {
	for _, size := range []int{100, 1} {
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {

			e := newEnv(b, "sqlite")
			tok := e.token(cyltrace.RoleFilling)
			n := 0
			for b.Loop() {
				recs := make([]any, size)
				for i := range recs {
					recs[i] = filling(fmt.Sprintf("B-%d", n), e.own)
					n++
				}
				body, _ := json.Marshal(map[string]any{"records": recs})
				r := e.post("/api/v1/fillings/submit", tok, "application/json", body)
				if r.status != 200 {
					b.Fatalf("status %d: %s", r.status, r.raw)
				}
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

// BenchmarkSubmitFillingsStore is the baseline of BenchmarkSubmitFillings in
// the same run: the same records straight into the store, no HTTP, no JSON,
// no validation.
func BenchmarkSubmitFillingsStore(b *testing.B) {
	for _, size := range []int{100, 1} {
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {
			e := newEnv(b, "sqlite")
			unit := e.units[cyltrace.RoleFilling]
			n := 0
			for b.Loop() {
				recs := make([]*cyltrace.Filling, size)
				for i := range recs {
					recs[i] = &cyltrace.Filling{SourceID: fmt.Sprintf("B-%d", n), CylinderID: e.own.ID, MediumCode: "G13",
						Filler: "张三", FillingDate: "2026-11-25", FillingUnitName: unit.Name, UnitID: unit.ID, ClientID: 1}
					n++
				}
				if _, err := e.store.SubmitFillings(b.Context(), recs); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
