package api_test

import (
	"flag"
	"testing"
)

// TestOpenAPICoverage runs last (file order): every response the tests
// above received was validated against the OpenAPI document; here we check
// that they exercised each endpoint's success and each error code the
// issue names. It only makes sense when the whole package ran.
func TestOpenAPICoverage(t *testing.T) {
	if f := flag.Lookup("test.run"); f != nil && f.Value.String() != "" {
		t.Skip("coverage is only meaningful when every test of the package ran (no -run)")
	}
	want := []string{
		"issueToken 200", "issueToken 400", "issueToken 401", "issueToken 415", "issueToken 429",
		"queryCylinder 200", "queryCylinder 400", "queryCylinder 401", "queryCylinder 404",
		"bindTag 200", "bindTag 400", "bindTag 403", "bindTag 404", "bindTag 409", "bindTag 413", "bindTag 415",
		"submitFillings 200", "submitFillings 400", "submitFillings 403", "submitFillings 413",
		"submitInspections 200", "submitTrails 200",
		"checkFilling 200", "checkFilling 400", "checkFilling 403", "getRules 200",
		"updateRules 200", "updateRules 400", "updateRules 403", "updateRules 409",
		"lockCylinder 200", "lockCylinder 400", "lockCylinder 403", "lockCylinder 404",
		"unlockCylinder 200", "unlockCylinder 404",
	}
	if missing := spec(t).Missing(want...); len(missing) > 0 {
		t.Errorf("never exercised and validated against the OpenAPI document: %v", missing)
	}
}
