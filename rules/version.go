package rules

// Version names the matching behaviour of this rule set. Bump it whenever
// a change can make a text match differently (a rule, a context word, a
// confidence, the binary-text test): the incremental scan of
// `cambscan git --cache-dir` only skips blobs scanned under the same
// Version, so a bump rescans them all. TestVersionDigest fails when the
// matches over the test corpus change while Version stays the same.
const Version = "1"
