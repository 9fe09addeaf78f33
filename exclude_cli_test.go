package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// TestExcludeDoublestar: ** globs exclude at any depth, also at the top,
// and a glob that matched no path is a warning on stderr.
func TestExcludeDoublestar(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	line := "CAMB_API_KEY=" + fakekey.New("exclude") + "\n"
	for _, p := range []string{"testdata/a.env", "x/testdata/y/b.env", "docs/a/b/c.md", "docs/keep.txt"} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte(line), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errOut bytes.Buffer
	run(t.Context(), []string{"scan", "--progress", "never", "--exclude", "**/testdata/**", "--exclude", "docs/**/*.md",
		"--exclude", "nothing/**", dir}, strings.NewReader(""), &out, &errOut, func(string) string { return "" })
	if got := out.String(); strings.Count(got, "CAMB.AI API key") != 1 || !strings.Contains(got, "docs/keep.txt:1:14") {
		t.Errorf("stdout:\n%s", got)
	}
	if got := errOut.String(); strings.Count(got, "matched no path") != 1 || !strings.Contains(got, `warning: --exclude "nothing/**" matched no path`) {
		t.Errorf("stderr:\n%s", got)
	}
}
