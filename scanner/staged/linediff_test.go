package staged

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestAddedLines checks the Myers diff against a dynamic-programming LCS on
// random inputs: the kept lines must be a common subsequence of the
// longest length, and the fallback must keep counts.
func TestAddedLines(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	gen := func(n int) [][]byte {
		ls := make([][]byte, n)
		for i := range ls {
			ls[i] = []byte(string(rune('a' + rng.IntN(5))))
		}
		return ls
	}
	for i := range 500 {
		a, b := gen(rng.IntN(40)), gen(rng.IntN(40))
		added, removed := addedLines(a, b)
		var keptA, keptB []string
		for j, l := range a {
			if !removed[j] {
				keptA = append(keptA, string(l))
			}
		}
		for j, l := range b {
			if !added[j] {
				keptB = append(keptB, string(l))
			}
		}
		if !slices.Equal(keptA, keptB) {
			t.Fatalf("case %d: kept lines differ: %q vs %q", i, keptA, keptB)
		}
		if len(keptA) != lcsLen(a, b) {
			t.Fatalf("case %d: kept %d lines, LCS is %d", i, len(keptA), lcsLen(a, b))
		}
	}
	// Past maxDiffEdits, lines are matched by content.
	var a, b [][]byte
	for i := range 3 * maxDiffEdits {
		a = append(a, fmt.Appendf(nil, "old %d", i))
		b = append(b, fmt.Appendf(nil, "new %d", i))
	}
	b[5] = []byte("old 7")
	added, _ := addedLines(a, b)
	if added[5] || !added[4] || !added[6] {
		t.Errorf("fallback: added[4:7] = %v, want true false true", added[4:7])
	}
}

func lcsLen(a, b [][]byte) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if string(a[i]) == string(b[j]) {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}
