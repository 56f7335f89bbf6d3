package store

import "testing"

// A package that already has its own min (common before Go 1.21 made it a builtin). The snippet is
// pasted into such packages, so it must not declare a package-level min itself: this file and the
// snippet compile together only if it does not.
func min(a, b float64) float64 {
	if a < b {
		return a
	}
	return b
}

func TestSnippetCompilesBesideAPackageMin(t *testing.T) {
	if min(1, 2) != 1 {
		t.Fatal("min")
	}
}
