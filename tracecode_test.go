package cyltrace

import (
	"errors"
	"strings"
	"testing"
)

func TestParseTraceCode(t *testing.T) {
	got, err := ParseTraceCode("123200000042")
	if err != nil {
		t.Fatal(err)
	}
	if want := (TraceCode{MakerCode: "123", Year2: 20, Serial: 42}); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if got, want := got.String(), "123200000042"; got != want {
		t.Errorf("String: got %q, want %q", got, want)
	}
	for _, s := range []string{"", "12320000004", "1232000000421", "12320000004A", "123-20-0000042",
		"１２３２０００００００４", " 12320000004"} {
		_, err := ParseTraceCode(s)
		var e *Error
		if !errors.As(err, &e) || e.Code != EINVALID {
			t.Errorf("ParseTraceCode(%q): got %v, want an EINVALID *Error", s, err)
			continue
		}
		if !strings.Contains(e.Message, "镂空码") || !strings.Contains(e.Message, "12位数字") {
			t.Errorf("ParseTraceCode(%q): got message %q, want a Chinese one naming 镂空码", s, e.Message)
		}
	}
}

func TestFormatTraceCode(t *testing.T) {
	tests := []struct {
		maker        string
		year, serial int
		want         string
	}{
		{"123", 2021, 42, "123210000042"},
		{"123", 21, 42, "123210000042"},
		{"007", 2005, 9999999, "007059999999"},
		{"500", 2100, 1, "500000000001"},
	}
	for _, tt := range tests {
		if got := FormatTraceCode(tt.maker, tt.year, tt.serial); got != tt.want {
			t.Errorf("FormatTraceCode(%s, %d, %d): got %q, want %q", tt.maker, tt.year, tt.serial, got, tt.want)
		}
		if _, err := ParseTraceCode(tt.want); err != nil {
			t.Errorf("ParseTraceCode(%s): got %v, want none", tt.want, err)
		}
	}
}

func TestTraceCodeMatchesYear(t *testing.T) {
	tc, _ := ParseTraceCode("123200000001")
	tests := []struct {
		ym   YearMonth
		want bool
	}{
		{YearMonth{2020, 8}, true},
		{YearMonth{2020, 1}, true},
		{YearMonth{2021, 1}, false},
		{YearMonth{2019, 12}, false},
	}
	for _, tt := range tests {
		if got := tc.MatchesYear(tt.ym); got != tt.want {
			t.Errorf("MatchesYear(%s): got %v, want %v", tt.ym, got, tt.want)
		}
	}
	if got := (TraceCode{"123", 5, 1}).MatchesYear(YearMonth{2005, 3}); !got {
		t.Error("MatchesYear(2005-03) of year digits 05: got false, want true")
	}
}
