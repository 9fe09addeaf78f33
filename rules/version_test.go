package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// versionDigests maps Version to the digest of every match over
// testdata/corpus (file, rule, context, confidence, offsets). A change to
// matching that moves any match changes the digest: bump Version and add
// its digest here (the test prints it). What it cannot see is a change
// that alters no match in the corpus; add a corpus file for such a case.
var versionDigests = map[string]string{
	"1": "19b810ff83cd53de0e1dbb36ea72ec4767bd81311189585c6a96521daba19462",
}

func TestVersionDigest(t *testing.T) {
	var files []string
	filepath.WalkDir(corpusDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		t.Skip("no corpus")
	}
	sort.Strings(files)
	s := New()
	h := sha256.New()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text, skip := Text(data)
		if skip != "" {
			fmt.Fprintf(h, "%s skip %s\n", filepath.ToSlash(f), skip)
			continue
		}
		for _, m := range s.Match(text) {
			fmt.Fprintf(h, "%s %s %s %d %d %d\n", filepath.ToSlash(f), m.RuleID, m.Context, m.Confidence, m.Start, m.End)
		}
	}
	got := hex.EncodeToString(h.Sum(nil))
	if want := versionDigests[Version]; got != want {
		t.Errorf("matches over the corpus changed under rules.Version %q (digest %s, recorded %q): bump Version and record the new digest in versionDigests", Version, got, want)
	}
}
