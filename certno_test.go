package cyltrace

import "testing"

func TestFormatCertNumber(t *testing.T) {
	if got := FormatCertNumber(DefaultCertTemplate, 17, 2026); got != "瓶32渝A17(26)" {
		t.Errorf("default template: %q", got)
	}
	if got := FormatCertNumber("瓶32渝{yyyy}-{serial}", 123456, 2026); got != "瓶32渝2026-123456" {
		t.Errorf("serial must not be cut or padded: %q", got)
	}
	if err := CertTemplateValid(DefaultCertTemplate); err != nil {
		t.Errorf("default template refused: %v", err)
	}
	for _, bad := range []string{"瓶32渝A({yy})", "瓶{serial}{district}"} {
		if err := CertTemplateValid(bad); err == nil {
			t.Errorf("template %q accepted", bad)
		}
	}
	if CertSerialYear("瓶{serial}", 2026) != 0 || CertSerialYear(DefaultCertTemplate, 2026) != 2026 {
		t.Error("serial year: a template without the year must count for ever")
	}
}
