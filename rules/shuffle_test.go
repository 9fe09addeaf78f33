package rules

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// neutralLines are unrelated code and comment lines in the languages the
// examples are written in. None names CAMB, a key, a URL or another
// vendor, none holds "-4", an unbalanced bracket, a quote left open or a
// line ending in ':' (a YAML or Python block opener), so none can change
// what a key near it is bound to or where its request goes.
var neutralLines = []string{
	"# tidy this up later",
	"// render the list in order",
	"/* block comment */",
	"<!-- markup comment -->",
	"-- seed data follows",
	"total = count + 1",
	"print(\"done\")",
	"let width = 42;",
	"console.log(items.length);",
	"fmt.Println(n)",
	"echo \"starting build\"",
	"result = sorted(values)",
	"logger.info(\"ready\")",
	"if (a > b) { swap(a, b); }",
	"SIZE=10",
	"retries = 3",
	"",
	"var done = false",
	"puts 'hello'",
	"$count++;",
}

// shuffled returns text with up to 12 neutral lines, picked and ordered
// by r, before it and up to 12 after it.
func shuffled(r *rand.Rand, text string) string {
	pick := func() string {
		n := r.IntN(13)
		lines := make([]string, n)
		for i := range lines {
			lines[i] = neutralLines[r.IntN(len(neutralLines))]
		}
		r.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
		return strings.Join(lines, "\n")
	}
	return pick() + "\n" + text + "\n" + pick() + "\n"
}

// findings lists each match's rule, confidence and key.
func findings(set *Set, text string) string {
	var b strings.Builder
	for _, m := range set.Match([]byte(text)) {
		fmt.Fprintf(&b, "%s/%s/%s ", m.RuleID, m.Confidence, text[m.Start:m.End])
	}
	return b.String()
}

// TestShuffleInvariance checks, for every example and non-example of the
// rule table and of the request-target and value-flow tables, that
// unrelated lines inserted and shuffled around it do not change its
// findings (rule, confidence and key), for a fixed set of seeds.
func TestShuffleInvariance(t *testing.T) {
	set := New()
	var texts []string
	for _, r := range All() {
		for i, ex := range append(append([]string(nil), r.Examples...), r.NonExamples...) {
			texts = append(texts, fill(ex, fakekey.New(fmt.Sprintf("shuffle-%s-%d", r.ID, i))))
		}
	}
	for _, rows := range [][]row{targetRows, flowRows} {
		for _, rw := range rows {
			texts = append(texts, fill(rw.text, fakekey.New("shuffle-"+rw.name)))
		}
	}
	n := 0
	for _, text := range texts {
		want := findings(set, text)
		for seed := uint64(1); seed <= 8; seed++ {
			r := rand.New(rand.NewPCG(seed, 0x5eed))
			s := shuffled(r, text)
			if got := findings(set, s); got != want {
				t.Errorf("seed %d: findings %q, want %q\n%s", seed, got, want, s)
			}
			n++
		}
	}
	if len(texts) < 100 {
		t.Errorf("%d texts, want the rule table and both tables (at least 100)", len(texts))
	}
	t.Logf("%d texts, %d shuffles", len(texts), n)
}
