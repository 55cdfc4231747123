package demo

import (
	"context"
	"testing"
)

// BenchmarkGenerate measures generation alone, with a sink that discards.
// The million-cylinder load budget is two minutes including the database;
// generation should stay well under 15 s of it.
//
//	go test -run - -bench Generate -benchtime 1x ./internal/demo
func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(pad(n, 1), func(b *testing.B) {
			var s Summary
			for b.Loop() {
				var err error
				s, err = Generate(context.Background(), Options{Seed: 1, Cylinders: n, AsOf: testAsOf}, &discard{})
				if err != nil {
					b.Fatal(err)
				}
			}
			records := s.Inspections + s.Fillings + s.Trails
			b.ReportMetric(float64(records)/float64(s.Cylinders), "records/cylinder")
		})
	}
}
