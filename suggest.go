package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/pflag"
)

// maxSuggestDistance is the largest edit distance at which a mistyped
// command or flag gets a "did you mean": two edits catch a dropped, doubled
// or swapped letter twice over without offering unrelated words (git
// uses a similar similarity cut-off for its "did you mean").
const maxSuggestDistance = 2

// suggest returns the candidate closest to typed within
// maxSuggestDistance edits (the first of equally close ones), or "". A
// word of two letters or fewer gets no suggestion: at distance 2 anything
// would do.
func suggest(typed string, candidates []string) string {
	best, bestD := "", maxSuggestDistance+1
	for _, c := range candidates {
		if d := editDistance(typed, c); d < bestD && d < len(typed) {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the optimal string alignment distance of a and b:
// insertions, deletions, substitutions and swaps of two adjacent bytes
// ("scna" is one edit from "scan") each cost one.
func editDistance(a, b string) int {
	// Three rows of the dynamic programming table are enough.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// didYouMean is the " (did you mean X?)" hint for a mistyped word, or "".
func didYouMean(typed string, candidates []string, format string) string {
	if s := suggest(typed, candidates); s != "" {
		return "; did you mean " + fmt.Sprintf(format, s) + "?"
	}
	return ""
}

// unknownCommand is the usage error for 'cambscan WORD' when WORD is no
// command.
func unknownCommand(cmd string) error {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return usageErrorf("unknown command %q%s", cmd, didYouMean(cmd, names, "'cambscan %s'"))
}

// flagSuggestion is the hint for a flag parse error: the closest flag
// of fs to an unknown long flag (--exlude: --exclude), or "".
func flagSuggestion(err error, fs *pflag.FlagSet) string {
	var ne *pflag.NotExistError
	if !errors.As(err, &ne) || ne.GetSpecifiedName() == "" {
		return ""
	}
	var names []string
	fs.VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	})
	names = append(names, "help")
	typed, _, _ := strings.Cut(ne.GetSpecifiedName(), "=")
	return didYouMean(typed, names, "--%s")
}
