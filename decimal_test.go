package cyltrace

import (
	"encoding/json"
	"testing"
)

func TestParseDecimal(t *testing.T) {
	good := map[string]string{
		"35.5": "35.50", "35": "35.00", "0.52": "0.52", "1000": "1000.00", "99999999.99": "99999999.99",
	}
	for s, want := range good {
		d, ok := ParseDecimal(s)
		if !ok || d.String() != want {
			t.Errorf("ParseDecimal(%q): got %q %v, want %q", s, d.String(), ok, want)
		}
	}
	for _, s := range []string{"1e3", "-1", "+1", "1.234", "123456789", "1,5", "1.", ".5", "", "abc", "NaN", "0x10"} {
		if d, ok := ParseDecimal(s); ok || d.Valid() {
			t.Errorf("ParseDecimal(%q): got %q, want refused", s, d.String())
		}
	}
}

func TestDecimalJSON(t *testing.T) {
	type doc struct {
		V Decimal `json:"v"`
	}
	for in, want := range map[string]string{
		`{"v":35.5}`: `{"v":35.50}`, `{"v":"35.5"}`: `{"v":35.50}`, `{"v":2}`: `{"v":2.00}`, `{"v":null}`: `{"v":null}`,
	} {
		var d doc
		if err := json.Unmarshal([]byte(in), &d); err != nil {
			t.Fatalf("unmarshal %s: %v", in, err)
		}
		out, err := json.Marshal(d)
		if err != nil || string(out) != want {
			t.Errorf("round trip %s: got %s %v, want %s", in, out, err, want)
		}
	}
	for _, in := range []string{`{"v":"abc"}`, `{"v":1e3}`, `{"v":-1}`, `{"v":1.234}`, `{"v":true}`} {
		var d doc
		if err := json.Unmarshal([]byte(in), &d); err != nil {
			t.Errorf("unmarshal %s: got %v, want the value kept for Validate", in, err)
		}
		if d.V.Valid() || d.V.IsZero() {
			t.Errorf("unmarshal %s: got valid=%v zero=%v, want an invalid value", in, d.V.Valid(), d.V.IsZero())
		}
	}
}
