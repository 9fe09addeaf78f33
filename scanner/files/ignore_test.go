package files

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/safefile"
	"github.com/cambscan/cambscan/scanner"
)

// isolateGit keeps the user's git configuration (core.excludesFile, a
// global ignore file) out of both git and the scanner.
func isolateGit(t *testing.T) []string {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	return append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+filepath.Join(home, ".gitconfig"))
}

// walked returns the files a scan of dir would read, slash-separated.
func walked(t *testing.T, dir string) []string {
	t.Helper()
	var got []string
	err := NewSource(dir, Options{}).Chunks(context.Background(), func(c scanner.Chunk) error {
		if c.Skip == nil {
			rel, err := filepath.Rel(dir, filepath.FromSlash(c.Origin.Path))
			if err != nil {
				return err
			}
			got = append(got, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	return got
}

// gitScanned returns what git says is tracked, or untracked and not
// ignored.
func gitScanned(t *testing.T, dir string, env []string) []string {
	t.Helper()
	var files []string
	for _, args := range [][]string{{"--cached"}, {"--others", "--exclude-standard"}} {
		cmd := exec.Command("git", append([]string{"ls-files", "-z"}, args...)...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("git ls-files: %v", err)
		}
		for _, f := range strings.Split(string(out), "\x00") {
			if f != "" {
				files = append(files, f)
			}
		}
	}
	slices.Sort(files)
	return files
}

const diffRounds = 60

var (
	diffNames = []string{"a", "b", "c", "deep"}
	diffFiles = []string{"a", "b.x", "c.y", "d.x.y", "keep.x", "e.log", "#f"}
	diffPats  = []string{
		"*.x", "*.y", "*.log", "*.x.y", "a", "b", "deep", "a/", "deep/", "c/",
		"/a", "/a/b", "/b/", "a/b", "a/b/", "deep/a", "a/*.x", "/c/*.y",
		"**/deep/*.log", "**/b", "**/a/b.x", "a/**/c.y", "a/**", "b/**/", "**/c/**/*.x",
		"b*", "?.x", "[ab]", "[!a].y", "*.[xy]", "d.*", "*", "**", "\\#f", "#f", "",
		"keep*", "deep/**/deep", "a//b", "/", "c/  ", "b.x   ", "*/*.x",
	}
)

// diffTree writes a random tree with random ignore files in it.
func diffTree(t *testing.T, r *rand.Rand) string {
	dir := t.TempDir()
	var dirs []string
	for range 12 {
		d := ""
		for range 1 + r.Intn(4) {
			d = filepath.Join(d, diffNames[r.Intn(len(diffNames))])
		}
		dirs = append(dirs, d)
	}
	dirs = append(dirs, "")
	for _, d := range dirs {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range dirs {
		for range 1 + r.Intn(4) { // a name taken by a directory fails: fine
			os.WriteFile(filepath.Join(dir, d, diffFiles[r.Intn(len(diffFiles))]), []byte("x\n"), 0o644)
		}
	}
	ignore := func() []byte {
		var b strings.Builder
		for range r.Intn(8) {
			p := diffPats[r.Intn(len(diffPats))]
			if r.Intn(4) == 0 {
				p = "!" + p
			}
			b.WriteString(p + "\n")
		}
		return []byte(b.String())
	}
	for _, d := range dirs {
		if r.Intn(3) == 0 {
			os.WriteFile(filepath.Join(dir, d, ".gitignore"), ignore(), 0o644)
		}
	}
	cmd := exec.Command("git", "init", "-q", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git init: %v %s", err, out)
	}
	os.MkdirAll(filepath.Join(dir, ".git", "info"), 0o755)
	os.WriteFile(filepath.Join(dir, ".git", "info", "exclude"), ignore(), 0o644)
	// Track a few files, some of them in ignored directories.
	var add []string
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.Name() == ".git" {
			return filepath.SkipDir
		}
		if err == nil && fi.Mode().IsRegular() && r.Intn(6) == 0 {
			add = append(add, p[len(dir)+1:])
		}
		return nil
	})
	if len(add) > 0 {
		cmd := exec.Command("git", append([]string{"add", "-f", "--"}, add...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git add: %v %s", err, out)
		}
	}
	return dir
}

// The walk yields exactly the files git lists as tracked, or untracked
// and not ignored, on random trees with random ignore files at several levels.
func TestIgnoreMatchesGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	env := isolateGit(t)
	r := rand.New(rand.NewSource(10))
	for i := range diffRounds {
		dir := diffTree(t, r)
		got, want := walked(t, dir), gitScanned(t, dir, env)
		if !slices.Equal(got, want) {
			var ign strings.Builder
			filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
				if err == nil && (fi.Name() == ".gitignore" || fi.Name() == "exclude") {
					b, _ := os.ReadFile(p)
					fmt.Fprintf(&ign, "%s:\n%s", p[len(dir):], b)
				}
				return nil
			})
			t.Fatalf("tree %d:\nscan %q\ngit  %q\n%s", i, got, want, ign.String())
		}
	}
}

// The per-pattern verdicts agree with the linear rule "the last matching
// line wins" over the same patterns: the buckets lose nothing.
func TestRuleSetBucketsMatchLinear(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	for range 300 {
		var lines []string
		for range r.Intn(30) {
			p := diffPats[r.Intn(len(diffPats))]
			if r.Intn(4) == 0 {
				p = "!" + p
			}
			lines = append(lines, p)
		}
		rs := &ruleSet{}
		if !rs.parse(strings.Join(lines, "\n")) {
			t.Fatal("parse refused a small file")
		}
		for range 50 {
			var path []string
			for range 1 + r.Intn(4) {
				path = append(path, diffNames[r.Intn(len(diffNames))])
			}
			path[len(path)-1] = diffFiles[r.Intn(len(diffFiles))]
			isDir := r.Intn(3) == 0
			want := 0 // NoMatch
			for i := len(lines) - 1; i >= 0; i-- {
				p, ok := parsePattern(lines[i])
				if !ok {
					continue
				}
				p.text = bangClasses(p.text)
				if p.match(path, isDir) {
					want = 1
					if p.flags&negated != 0 {
						want = 2
					}
					break
				}
			}
			if got := int(rs.own(path, isDir)); got != want {
				t.Fatalf("patterns %q, path %q dir %v: bucketed %d, linear %d", lines, path, isDir, got, want)
			}
		}
	}
}

// "**" is matched with one backtracking point: a pattern made of many
// "**" against a deep path stays linear instead of exponential. The
// guard is go test's timeout; an exponential matcher takes hours here.
func TestIgnoreDoubleStarNotExponential(t *testing.T) {
	p, _ := parsePattern(strings.Repeat("**/a/", 30) + "b")
	path := make([]string, 200)
	for i := range path {
		path[i] = "a"
	}
	if p.match(path, false) {
		t.Fatal("matched a path without b")
	}
	path[199] = "b"
	if !p.match(path, false) {
		t.Fatal("missed the match")
	}
}

// An ignore file at safefile.MetaCap made of the shortest distinct
// patterns stays within a bounded allocation: the budget refuses it
// before allocating pattern records, and a directory whose .gitignore does
// not fit is scanned as if nothing under it were ignored.
func TestIgnoreFileAtCap(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 16 MiB")
	}
	isolateGit(t)
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, ".git"), 0o755)
	os.WriteFile(filepath.Join(dir, "kept.txt"), []byte("x\n"), 0o644)
	// 3.3 million patterns; the last one would hide kept.txt.
	var b strings.Builder
	for i := 0; b.Len()+5+len("*.txt") <= safefile.MetaCap; i++ {
		fmt.Fprintf(&b, "%04x\n", i%0x10000)
	}
	b.WriteString("*.txt")
	if err := os.WriteFile(filepath.Join(dir, ".gitignore"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	got := walked(t, dir)
	runtime.ReadMemStats(&after)
	if !slices.Contains(got, "kept.txt") {
		t.Fatalf("a .gitignore over the pattern budget hid files: %q", got)
	}
	// The file's text (16 MiB) and little else: 3.3 million pattern
	// records would be over 100 MiB.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 40<<20 {
		t.Fatalf("allocated %d MiB for a refused ignore file", alloc>>20)
	}
}

// A .gitignore that fits is parsed into one record per pattern, with no
// garbage per pattern.
func TestIgnoreParseAllocations(t *testing.T) {
	var b strings.Builder
	for i := range 10000 {
		fmt.Fprintf(&b, "*.e%d\n/d%d/f%d.txt\nn%d/\n**/deep%d/*.log\n!keep%d\n", i, i, i, i, i, i)
	}
	text := b.String()
	allocs := testing.AllocsPerRun(3, func() {
		rs := &ruleSet{}
		if !rs.parse(text) {
			t.Fatal("refused")
		}
	})
	if allocs > 10 {
		t.Fatalf("%v allocations to parse 50 000 patterns", allocs)
	}
}
