package rules

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// evalE3Dir is E3's blind evaluation corpus (issue 12, third blind evaluation).
const evalE3Dir = "../testdata/eval/e3"

// The counts the rules reached on it: a change that loses a key or adds a
// finding fails here, and one that improves them updates the numbers.
const (
	evalE3Keys     = 132 // keys in pos/MANIFEST.tsv (several on a line count each)
	evalE3Found    = 132 // of them found at their line
	evalE3Findings = 134 // all findings over pos/ and neg/
)

// TestEvalE3Corpus checks recall and precision over E3's corpus: a
// manifest key counts as found when a match lies on its file and line.
func TestEvalE3Corpus(t *testing.T) {
	type at struct {
		file string
		line int
	}
	want := map[at]int{}
	f, err := os.Open(filepath.Join(evalE3Dir, "pos", "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	keys := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 3 || cols[0] == "file" {
			continue
		}
		n, err := strconv.Atoi(cols[1])
		if err != nil {
			t.Fatalf("manifest line %q: %v", sc.Text(), err)
		}
		nk := len(strings.Split(cols[2], ","))
		want[at{"pos/" + cols[0], n}] += nk
		keys += nk
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	got := map[at]int{}
	findings := 0
	set := New()
	for _, sub := range []string{"pos", "neg"} {
		err := filepath.WalkDir(filepath.Join(evalE3Dir, sub), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || d.Name() == "MANIFEST.tsv" {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			text, skip := Text(data)
			if skip != "" {
				t.Errorf("%s: skipped (%s)", p, skip)
				return nil
			}
			rel, _ := filepath.Rel(evalE3Dir, p)
			rel = filepath.ToSlash(rel)
			for _, m := range set.Match(text) {
				line, _ := Position(text, m.Start)
				got[at{rel, line}]++
				findings++
				if k := m.Key(text); !fakekey.IsFake(k) {
					t.Errorf("%s:%d: a finding that is not a fake key (%s)", rel, line, m.RuleID)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	found := 0
	for k, n := range want {
		found += min(n, got[k])
		if got[k] < n {
			t.Logf("miss %s:%d", k.file, k.line)
		}
	}
	for k, n := range got {
		if n > want[k] {
			t.Logf("false positive %s:%d", k.file, k.line)
		}
	}
	if keys != evalE3Keys || found != evalE3Found || findings != evalE3Findings {
		t.Errorf("keys %d, found %d, findings %d; want %d, %d, %d (recall %d/%d, precision %d/%d)",
			keys, found, findings, evalE3Keys, evalE3Found, evalE3Findings, found, keys, found, findings)
	}
}
