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

// An evalCorpus is a blind evaluation corpus of issue 12 under
// testdata/eval: realistic files written without looking at the rules or
// their tests, fake keys only. pos/MANIFEST.tsv lists, after a header
// row, each key's file (under pos/), line and a third column that count
// reads as the number of keys on that line; neg/ holds hard negatives.
type evalCorpus struct {
	dir   string
	count func(col string) (int, error)
	// The counts the rules reached: exact, so that a change that loses a
	// key or adds a finding fails, and one that improves them updates
	// the numbers (and the corpus's RESULT.md).
	keys, found, findings int
}

// check scores the rules over the corpus: a manifest key counts as found
// when a match lies on its file and line; every match counts as a
// finding, and must be a fake key.
func (c evalCorpus) check(t *testing.T) {
	t.Helper()
	type at struct {
		file string
		line int
	}
	want := map[at]int{}
	f, err := os.Open(filepath.Join(c.dir, "pos", "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	keys := 0
	sc := bufio.NewScanner(f)
	for first := true; sc.Scan(); first = false {
		cols := strings.Split(sc.Text(), "\t")
		if first {
			continue
		}
		if len(cols) != 3 {
			t.Fatalf("manifest row %q", sc.Text())
		}
		line, err := strconv.Atoi(cols[1])
		if err != nil {
			t.Fatalf("manifest row %q: %v", sc.Text(), err)
		}
		n, err := c.count(cols[2])
		if err != nil {
			t.Fatalf("manifest row %q: %v", sc.Text(), err)
		}
		want[at{"pos/" + cols[0], line}] += n
		keys += n
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	got := map[at]int{}
	findings := 0
	set := New()
	for _, sub := range []string{"pos", "neg"} {
		err := filepath.WalkDir(filepath.Join(c.dir, sub), func(p string, d os.DirEntry, err error) error {
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
			rel, _ := filepath.Rel(c.dir, p)
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
			t.Logf("miss %s:%d (%d of %d)", k.file, k.line, got[k], n)
		}
	}
	for k, n := range got {
		if n > want[k] {
			t.Logf("false positive %s:%d (%d beyond the manifest)", k.file, k.line, n-want[k])
		}
	}
	t.Logf("recall %d/%d, precision %d/%d", found, keys, found, findings)
	if keys != c.keys || found != c.found || findings != c.findings {
		t.Errorf("keys %d, found %d, findings %d; want %d, %d, %d", keys, found, findings, c.keys, c.found, c.findings)
	}
}

// oneRow counts a manifest row as one key (E1's corpus).
func oneRow(string) (int, error) { return 1, nil }

// keyCount reads the column as a number of keys (E2's corpus).
func keyCount(col string) (int, error) { return strconv.Atoi(col) }

// keyList counts the comma-separated keys the column lists (E3's corpus).
func keyList(col string) (int, error) { return len(strings.Split(col, ",")), nil }

// TestEvalCorpora: recall and precision over the three blind corpora.
func TestEvalCorpora(t *testing.T) {
	for _, c := range []evalCorpus{
		{dir: "../testdata/eval/e1", count: oneRow, keys: 92, found: 92, findings: 92},      // code styles
		{dir: "../testdata/eval/e2", count: keyCount, keys: 116, found: 115, findings: 115}, // configs and data
		{dir: "../testdata/eval/e3", count: keyList, keys: 132, found: 132, findings: 134},  // third, mixed
	} {
		t.Run(filepath.Base(c.dir), c.check)
	}
}
