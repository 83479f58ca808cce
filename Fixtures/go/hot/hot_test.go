package main

import "testing"

// TestHot is what `dbg test` debugs: a test of the package's own function, run by the
// test binary `go test -c` builds.
func TestHot(t *testing.T) {
	if got := hot(3, 7); got != 100 {
		t.Fatalf("hot(3, 7) = %d, want 100", got)
	}
}
