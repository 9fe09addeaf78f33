package rules

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// evalE2Dir is the E2 evaluation corpus (configs and data): realistic
// files written without looking at the rules or their tests, with fake
// keys only. pos/MANIFEST.tsv lists each key's file and line; neg/ holds
// hard negatives.
const evalE2Dir = "../testdata/eval/e2"

// The corpus's recall and precision as reached: exact counts, so that a
// change that loses a key or adds a false positive fails here and is
// either fixed or recorded (with its reason) in testdata/eval/e2/RESULT.md.
const (
	evalE2Keys     = 116 // keys in the manifest
	evalE2Found    = 115 // of them found at their line
	evalE2Findings = 115 // all matches over pos/ and neg/
)

func TestEvalE2Corpus(t *testing.T) {
	want := map[string]int{} // "file:line" -> keys
	mf, err := os.Open(filepath.Join(evalE2Dir, "pos", "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer mf.Close()
	sc := bufio.NewScanner(mf)
	total := 0
	for first := true; sc.Scan(); first = false {
		if first {
			continue
		}
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 3 {
			t.Fatalf("manifest row %q", sc.Text())
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			t.Fatal(err)
		}
		want[filepath.Join("pos", f[0])+":"+f[1]] += n
		total += n
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}

	set := New()
	got := map[string]int{}
	findings := 0
	err = filepath.WalkDir(evalE2Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "MANIFEST.tsv" || d.Name() == "RESULT.md" && filepath.Dir(path) == evalE2Dir {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text, skip := Text(data)
		if skip != "" {
			return fmt.Errorf("%s skipped: %s", path, skip)
		}
		rel, _ := filepath.Rel(evalE2Dir, path)
		for _, m := range set.Match(bytes.Clone(text)) {
			line, _ := Position(text, m.Start)
			got[fmt.Sprintf("%s:%d", rel, line)]++
			findings++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	found := 0
	for at, n := range want {
		found += min(n, got[at])
		if got[at] < n {
			t.Logf("miss %s (%d of %d)", at, got[at], n)
		}
	}
	for at, n := range got {
		if n > want[at] {
			t.Logf("false positive %s (%d beyond the manifest)", at, n-want[at])
		}
	}
	t.Logf("recall %d/%d, precision %d/%d", found, total, found, findings)
	if total != evalE2Keys || found != evalE2Found || findings != evalE2Findings {
		t.Errorf("keys %d, found %d, findings %d; want %d, %d, %d", total, found, findings, evalE2Keys, evalE2Found, evalE2Findings)
	}
}
