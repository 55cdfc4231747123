package xlsx

import "testing"

// TestDateCell: a date gives the same yyyy-mm or yyyy-mm-dd whether the cell
// holds an Excel date (a serial, or an ISO date-time) or text, so that the
// import does not depend on a cell's format, which a unit does not see.
func TestDateCell(t *testing.T) {
	for _, tc := range []struct {
		in   string
		k    kind
		want string
	}{
		// 2021-08-15 as a serial, an ISO date-time and text.
		{"44423", kindMonth, "2021-08"},
		{"44423", kindDate, "2021-08-15"},
		{"2021-08-15T00:00:00", kindMonth, "2021-08"},
		{"2021-08-15T00:00:00Z", kindDate, "2021-08-15"},
		{"2021-08-15", kindMonth, "2021-08"},
		{"2021-08-15", kindDate, "2021-08-15"},
		{"2021/8/15", kindMonth, "2021-08"},
		{"2021.8.15", kindDate, "2021-08-15"},
		{"2021年8月15日", kindMonth, "2021-08"},
		{"2021年8月15日", kindDate, "2021-08-15"},
		{"2021-8", kindMonth, "2021-08"},
		{"2021年8月", kindMonth, "2021-08"},
		// What is no such date stays as written, for Validate to report.
		{"2021-02-30", kindMonth, "2021-02-30"},
		{"2021-13-01", kindMonth, "2021-13-01"},
		{"2021-02-30", kindDate, "2021-02-30"},
		{"2023-05", kindDate, "2023-05"},
		{"八月", kindMonth, "八月"},
		{"", kindDate, ""},
	} {
		got, ok := dateCell(tc.in, tc.k, false)
		if !ok || got != tc.want {
			t.Errorf("dateCell(%q, %v) = %q, %v; want %q", tc.in, tc.k, got, ok, tc.want)
		}
	}
	if got, ok := dateCell("99999999", kindMonth, false); ok {
		t.Errorf("dateCell(99999999) = %q, ok; want not ok", got)
	}
}
