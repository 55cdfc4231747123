package demo

import (
	"testing"
	"time"

	"cyltrace"
)

// TestCalendarMatchesRootFormats checks the integer calendar against the
// root package's formatting over every day from 1995 to 2105.
func TestCalendarMatchesRootFormats(t *testing.T) {
	start := time.Date(1995, 1, 1, 0, 0, 0, 0, cyltrace.CST)
	for i := range 111 * 366 {
		tm := start.AddDate(0, 0, i)
		d := dayOfTime(tm)
		if got, want := d.String(), cyltrace.FormatDate(tm); got != want {
			t.Fatalf("day %d: String() = %s, want %s", d, got, want)
		}
		if got, want := d.month().String(), cyltrace.YearMonthOf(tm).String(); got != want {
			t.Fatalf("%s: month = %s, want %s", tm, got, want)
		}
		if got, want := d.utc(0), tm.UTC(); !got.Equal(want) {
			t.Fatalf("%s: utc(0) = %s, want %s", tm, got, want)
		}
		sec := i * 7919 % secondsPerDay
		if got, want := dateTime(d, sec), cyltrace.FormatDateTime(tm.Add(time.Duration(sec)*time.Second)); got != want {
			t.Fatalf("dateTime(%s, %d) = %s, want %s", d, sec, got, want)
		}
	}
}

func TestCalendarMonths(t *testing.T) {
	tests := []struct {
		ym              cyltrace.YearMonth
		wantFirst, last string
	}{
		{cyltrace.YearMonth{Year: 2024, Month: 2}, "2024-02-01", "2024-02-29"},
		{cyltrace.YearMonth{Year: 2023, Month: 2}, "2023-02-01", "2023-02-28"},
		{cyltrace.YearMonth{Year: 2025, Month: 12}, "2025-12-01", "2025-12-31"},
		{cyltrace.YearMonth{Year: 2100, Month: 2}, "2100-02-01", "2100-02-28"},
	}
	for _, tt := range tests {
		mo := month(tt.ym.Year*12 + int(tt.ym.Month) - 1)
		if got := mo.firstDay().String(); got != tt.wantFirst {
			t.Errorf("%s: firstDay = %s, want %s", tt.ym, got, tt.wantFirst)
		}
		if got, want := mo.lastDay().String(), cyltrace.FormatDate(tt.ym.LastDay()); got != want || got != tt.last {
			t.Errorf("%s: lastDay = %s, want %s", tt.ym, got, want)
		}
	}
}

func TestDayOfTimeUsesCST(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2025, 11, 24, 16, 0, 0, 0, time.UTC), "2025-11-25"}, // midnight in Chongqing
		{time.Date(2025, 11, 24, 15, 59, 59, 0, time.UTC), "2025-11-24"},
		{time.Date(2025, 11, 25, 23, 59, 59, 0, cyltrace.CST), "2025-11-25"},
	}
	for _, tt := range tests {
		if got := dayOfTime(tt.in).String(); got != tt.want {
			t.Errorf("dayOfTime(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestPad(t *testing.T) {
	tests := []struct {
		n, width int
		want     string
	}{
		{17, 5, "00017"}, {0, 2, "00"}, {123456, 3, "123456"}, {0, 1, "0"},
	}
	for _, tt := range tests {
		if got := pad(tt.n, tt.width); got != tt.want {
			t.Errorf("pad(%d, %d) = %q, want %q", tt.n, tt.width, got, tt.want)
		}
	}
}
