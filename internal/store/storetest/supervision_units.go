package storetest

import "testing"

// testSupervisionUnits is a stub, to be written.
func testSupervisionUnits(t *testing.T, newStore Factory) {}
