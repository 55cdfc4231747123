package storetest

import "testing"

// testSupervisionOverview is a stub, to be written.
func testSupervisionOverview(t *testing.T, newStore Factory) {}
