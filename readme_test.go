package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// readmeVolatile matches what a README sample cannot reproduce: the
// redacted key, fingerprint and commit (they follow from the fake keys and
// commit times), and the size and duration of the scan.
var readmeVolatile = []struct {
	re   *regexp.Regexp
	repl string
}{
	{regexp.MustCompile(`key [0-9a-f]{4}\.\.\.[0-9a-f]{4}`), "key KEY"},
	{regexp.MustCompile(`fingerprint [0-9a-f]{12}`), "fingerprint FP"},
	{regexp.MustCompile(`commit [0-9a-f]{7}`), "commit SHA"},
	{regexp.MustCompile(`(?m)^scanned \d+ files? \([^)]*\) in [^:]+:`), "scanned N files (SIZE) in TIME:"},
}

func normalizeSample(s string) string {
	for _, v := range readmeVolatile {
		s = v.re.ReplaceAllString(s, v.repl)
	}
	return s
}

// TestReadmeSamples runs each '$ cambscan ...' sample of README.md on a
// fixture built to match it and compares the output with the sample,
// modulo the key, fingerprint, commit, file count, size and duration. A
// new sample needs a fixture here.
func TestReadmeSamples(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(goldenRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	samples := regexp.MustCompile("(?s)```\\n\\$ (cambscan [^\\n]*)\\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	if len(samples) < 2 {
		t.Fatalf("found %d output samples in README.md; the pattern no longer matches", len(samples))
	}
	fixtures := map[string]func(t *testing.T) (dir string, extra []string){
		"cambscan scan .": func(t *testing.T) (string, []string) {
			dir := t.TempDir()
			key := fakekey.New("readme-scan")
			writeTree(t, dir, map[string]string{
				"app/client.py": "import requests\n\nCAMB = \"https://client.camb.ai/apis\"\n" +
					"r = requests.get(CAMB + \"/get-voices\", headers={\"x-api-key\": \"" + key + "\"})\n",
				"app/main.py": "print('hello')\n",
			})
			return dir, nil
		},
		"cambscan git --verify .": func(t *testing.T) (string, []string) {
			dir := hookTestRepo(t)
			key := fakekey.New("readme-git")
			_, srv := newCambFake(t, 0) // every key revoked
			t.Setenv("GIT_AUTHOR_NAME", "Jane Doe")
			t.Setenv("GIT_AUTHOR_EMAIL", "jane@example.com")
			t.Setenv("GIT_AUTHOR_DATE", "2024-05-01T10:00:00Z")
			t.Setenv("GIT_COMMITTER_DATE", "2024-05-01T10:00:00Z")
			settings := strings.Repeat("# settings\n", 11) + "CAMB_API_KEY = \"" + key + "\"\n"
			writeTree(t, dir, map[string]string{"config/settings.py": settings})
			hookGit(t, dir, "add", "-A")
			hookGit(t, dir, "commit", "-q", "-m", "settings")
			// 13 more commits keep the file: 14 commits carry the blob.
			for i := range 13 {
				writeTree(t, dir, map[string]string{"notes.txt": fmt.Sprintf("note %d\n", i)})
				hookGit(t, dir, "add", "-A")
				hookGit(t, dir, "commit", "-q", "-m", fmt.Sprintf("note %d", i))
			}
			return dir, []string{"--verify-url", srv.URL}
		},
	}
	for _, s := range samples {
		line, want := s[1], s[2]
		t.Run(line, func(t *testing.T) {
			fixture := fixtures[line]
			if fixture == nil {
				t.Fatalf("README sample %q has no fixture in TestReadmeSamples", line)
			}
			dir, extra := fixture(t)
			args := strings.Fields(line)[1:]
			args = append(args[:len(args)-1], append(extra, args[len(args)-1])...)
			stdout, stderr, code := runIn(t, dir, envOf(), args...)
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s", code, stderr)
			}
			if got, want := normalizeSample(stdout), normalizeSample(want); got != want {
				t.Errorf("README.md sample differs from the output of %q (normalised):\n--- README\n%s--- cambscan\n%s", line, want, got)
			}
		})
	}
}

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
