package cyltrace

import (
	"testing"
	"time"
)

func TestParseYearMonth(t *testing.T) {
	good := map[string]YearMonth{
		"2024-02": {2024, time.February}, "1900-01": {1900, time.January}, "2199-12": {2199, time.December},
	}
	for s, want := range good {
		got, ok := ParseYearMonth(s)
		if !ok || got != want {
			t.Errorf("ParseYearMonth(%q): got %v %v, want %v", s, got, ok, want)
		}
		if got.String() != s {
			t.Errorf("String: got %q, want %q", got.String(), s)
		}
	}
	for _, s := range []string{"", "2024-13", "2024-00", "2024-2", "24-02", "2024/02", "202402", "1899-12",
		"2200-01", " 2024-02", "2024-02 ", "2024-02-01", "２０２４-02", "+024-02", "2024-1a"} {
		if got, ok := ParseYearMonth(s); ok {
			t.Errorf("ParseYearMonth(%q): got %v, want refused", s, got)
		}
	}
}

func TestYearMonthArithmetic(t *testing.T) {
	ym := YearMonth{2024, time.January}
	tests := []struct {
		got, want YearMonth
	}{
		{ym.AddMonths(-1), YearMonth{2023, time.December}},
		{ym.AddMonths(13), YearMonth{2025, time.February}},
		{ym.AddMonths(0), ym},
		{ym.AddMonths(-25), YearMonth{2021, time.December}},
		{ym.AddYears(4), YearMonth{2028, time.January}},
		{ym.AddYears(-8), YearMonth{2016, time.January}},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d: got %v, want %v", i, tt.got, tt.want)
		}
	}
	if !ym.Before(YearMonth{2024, time.February}) || !ym.Before(YearMonth{2025, time.January}) {
		t.Error("Before: got false for a later month, want true")
	}
	if ym.Before(ym) || ym.Before(YearMonth{2023, time.December}) {
		t.Error("Before: got true for the same or an earlier month, want false")
	}
}

func TestYearMonthLastDay(t *testing.T) {
	tests := []struct {
		ym   YearMonth
		want string
	}{
		{YearMonth{2024, time.February}, "2024-02-29"}, // leap year
		{YearMonth{2023, time.February}, "2023-02-28"},
		{YearMonth{2000, time.February}, "2000-02-29"}, // divisible by 400
		{YearMonth{2100, time.February}, "2100-02-28"}, // divisible by 100
		{YearMonth{2024, time.August}, "2024-08-31"},
		{YearMonth{2024, time.April}, "2024-04-30"},
		{YearMonth{2024, time.December}, "2024-12-31"},
	}
	for _, tt := range tests {
		got := tt.ym.LastDay()
		if FormatDate(got) != tt.want {
			t.Errorf("%v.LastDay(): got %s, want %s", tt.ym, FormatDate(got), tt.want)
		}
		if _, off := got.Zone(); off != 8*3600 || got.Hour() != 0 || got.Minute() != 0 {
			t.Errorf("%v.LastDay(): got %v, want midnight CST", tt.ym, got)
		}
	}
	// 2024-08-31 16:00 UTC is already September in Chongqing.
	if got, want := YearMonthOf(time.Date(2024, 8, 31, 16, 0, 0, 0, time.UTC)), (YearMonth{2024, time.September}); got != want {
		t.Errorf("YearMonthOf: got %v, want %v", got, want)
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2024-02-29", "2000-02-29", "2024-12-31", "1900-01-01"} {
		got, ok := ParseDate(s)
		if !ok || FormatDate(got) != s {
			t.Errorf("ParseDate(%q): got %v %v, want it back", s, got, ok)
		}
		if _, off := got.Zone(); off != 8*3600 {
			t.Errorf("ParseDate(%q): got zone offset %d, want CST", s, off)
		}
	}
	for _, s := range []string{"2023-02-29", "1900-02-29", "2100-02-29", "2024-04-31", "2024-13-01", "2024-00-10",
		"2024-4-1", "2024/04/01", "20240401", "2024-04-01 ", "2024-04-01T00:00:00", "0001-01-01"} {
		if got, ok := ParseDate(s); ok {
			t.Errorf("ParseDate(%q): got %v, want refused", s, got)
		}
	}
	if got, want := FormatDate(time.Date(2024, 6, 14, 16, 0, 0, 0, time.UTC)), "2024-06-15"; got != want {
		t.Errorf("FormatDate of 16:00 UTC: got %s, want %s (CST)", got, want)
	}
}

func TestParseDateTime(t *testing.T) {
	got, ok := ParseDateTime("2024-06-15 09:30:05")
	if want := time.Date(2024, 6, 15, 1, 30, 5, 0, time.UTC); !ok || !got.Equal(want) {
		t.Errorf("got %v %v, want %v", got, ok, want)
	}
	for _, s := range []string{"2024-06-15 24:00:00", "2024-06-15 09:60:00", "2024-06-15 09:30:60",
		"2024-06-15 09:30:00.5", "2024-06-15T09:30:00", "2024-06-15 9:30:00", "2024-06-15 09:30",
		"2024-02-30 09:30:00", "2024-06-15 09:30:00+08:00", "2024-06-15  09:30:00"} {
		if got, ok := ParseDateTime(s); ok {
			t.Errorf("ParseDateTime(%q): got %v, want refused", s, got)
		}
	}
	if got, want := FormatDateTime(time.Date(2024, 6, 14, 16, 0, 1, 0, time.UTC)), "2024-06-15 00:00:01"; got != want {
		t.Errorf("FormatDateTime: got %s, want %s", got, want)
	}
}
