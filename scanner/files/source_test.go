package files_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/scanner/files"
)

// leak returns a line that holds key in an x-api-key header.
func leak(key string) string {
	return `requests.get("https://client.camb.ai/apis/list-voices", headers={"x-api-key": "` + key + `"})` + "\n"
}

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func scanDir(t *testing.T, dir string, fo files.Options, o scanner.Options) *scanner.Result {
	t.Helper()
	res, err := scanner.Run(context.Background(), []scanner.Source{files.NewSource(dir, fo)}, o)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

func paths(res *scanner.Result) []string {
	var ps []string
	for _, f := range res.Findings {
		ps = append(ps, f.Path)
	}
	return ps
}

func skipReasons(res *scanner.Result) map[string]string {
	m := map[string]string{}
	for _, s := range res.Skipped {
		m[s.Path] = s.Reason()
	}
	return m
}

func TestFilesFindsAndSorts(t *testing.T) {
	k := fakekey.N("files", 3)
	dir := writeTree(t, map[string]string{
		"b/two.py":   "\n\n" + leak(k[1]),
		"a/one.py":   leak(k[0]) + leak(k[2]),
		"c/clean.py": "print('hello')\n",
	})
	t.Chdir(dir)
	for i := 0; i < 5; i++ { // the order must not depend on scheduling
		res := scanDir(t, ".", files.Options{}, scanner.Options{Jobs: 4})
		got := strings.Join(paths(res), ",")
		if got != "a/one.py,a/one.py,b/two.py" {
			t.Fatalf("paths = %s", got)
		}
		f := res.Findings[2]
		if f.Line != 3 || f.Column != 80 || f.EndLine != 3 || f.EndColumn != 116 || f.Secret != k[1] {
			t.Errorf("b/two.py finding at %d:%d-%d:%d %q", f.Line, f.Column, f.EndLine, f.EndColumn, f.Secret)
		}
		if res.Stats.Files != 3 || res.Findings[0].Kind != scanner.KindFile || res.Findings[0].Target != "." {
			t.Errorf("stats %+v, kind %q target %q", res.Stats, res.Findings[0].Kind, res.Findings[0].Target)
		}
	}
}

func TestFilesPathsAsGiven(t *testing.T) {
	dir := writeTree(t, map[string]string{"src/app.py": leak(fakekey.New("given"))})
	t.Chdir(dir)
	for target, want := range map[string]string{
		"src":        "src/app.py",
		"./src/":     "src/app.py",
		"src/app.py": "src/app.py",
		dir:          filepath.ToSlash(filepath.Join(dir, "src", "app.py")),
	} {
		res := scanDir(t, target, files.Options{}, scanner.Options{})
		if got := strings.Join(paths(res), ","); got != want {
			t.Errorf("scan %s: paths %q, want %q", target, got, want)
		}
	}
}

func TestFilesSymlinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows")
	}
	outside := writeTree(t, map[string]string{"secret.py": leak(fakekey.New("outside"))})
	dir := writeTree(t, map[string]string{"in/real.py": leak(fakekey.New("inside"))})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(filepath.Join(outside, "secret.py"), filepath.Join(dir, "out.py")))
	must(os.Symlink(outside, filepath.Join(dir, "outdir")))
	must(os.Symlink(filepath.Join(dir, "in"), filepath.Join(dir, "in", "loop")))
	must(os.Symlink(filepath.Join(dir, "in", "real.py"), filepath.Join(dir, "alias.py")))
	must(os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "broken.py")))
	res := scanDir(t, dir, files.Options{}, scanner.Options{})
	if len(res.Findings) != 1 || !strings.HasSuffix(res.Findings[0].Path, "in/real.py") {
		t.Fatalf("findings %v: want only in/real.py (links are not followed)", paths(res))
	}
	reasons := skipReasons(res)
	if r := reasons[filepath.ToSlash(filepath.Join(dir, "out.py"))]; !strings.Contains(r, "outside the scanned root") {
		t.Errorf("out.py skip reason %q", r)
	}
	if r := reasons[filepath.ToSlash(filepath.Join(dir, "broken.py"))]; !strings.Contains(r, "broken") {
		t.Errorf("broken.py skip reason %q", r)
	}
}

func TestFilesSkipsBinaryLargeAndGitDir(t *testing.T) {
	k := fakekey.N("skips", 3)
	dir := writeTree(t, map[string]string{
		"bin.dat":     "\x00\x01" + leak(k[0]),
		"big.py":      leak(k[1]) + strings.Repeat("#\n", 600),
		".git/config": leak(k[2]),
		".git/HEAD":   "ref: refs/heads/main\n",
		"ok.py":       leak(k[2]),
	})
	if err := os.Mkdir(filepath.Join(dir, ".git", "objects"), 0o755); err != nil {
		t.Fatal(err)
	}
	res := scanDir(t, dir, files.Options{}, scanner.Options{MaxFileSize: 1024})
	if got := paths(res); len(got) != 1 || !strings.HasSuffix(got[0], "/ok.py") {
		t.Fatalf("findings in %v, want ok.py only", got)
	}
	reasons := map[string]string{}
	for p, r := range skipReasons(res) {
		reasons[filepath.Base(p)] = r
	}
	if reasons["bin.dat"] != "binary" || !strings.HasPrefix(reasons["big.py"], "larger than --max-file-size") {
		t.Errorf("skip reasons %v", reasons)
	}
	if _, ok := reasons["config"]; ok || res.Stats.Files != 1 {
		t.Errorf(".git was entered or files miscounted: %v %+v", reasons, res.Stats)
	}
}

func TestFilesExcludes(t *testing.T) {
	k := fakekey.N("excl", 4)
	dir := writeTree(t, map[string]string{
		"web/app.min.js":     leak(k[0]),
		"vendor/lib/x.py":    leak(k[1]),
		"docs/a.md":          leak(k[2]),
		"docs/deeper/b.md":   leak(k[3]),
		"src/keep/vendor.py": leak(k[3]),
	})
	t.Chdir(dir)
	res := scanDir(t, ".", files.Options{Excludes: []string{"*.min.js", "vendor", "docs/*.md"}}, scanner.Options{})
	if got := strings.Join(paths(res), ","); got != "docs/deeper/b.md,src/keep/vendor.py" {
		t.Errorf("paths after excludes: %s", got)
	}
}

func TestFilesMissingRoot(t *testing.T) {
	_, err := scanner.Run(context.Background(), []scanner.Source{files.NewSource(filepath.Join(t.TempDir(), "nope"), files.Options{})}, scanner.Options{})
	if err == nil || !strings.Contains(err.Error(), "no such file or directory") {
		t.Errorf("err = %v", err)
	}
}

// Only git directories are passed over: the work tree's .git, a nested
// repository's, a .git file; a plain directory named .git is scanned
// (git itself never lists such a directory, but the files are on disk).
func TestFilesDirsNamedDotGit(t *testing.T) {
	k := fakekey.N("dotgit", 5)
	dir := writeTree(t, map[string]string{
		"docs/.git/notes.env":          leak(k[0]),
		"nested/.git/HEAD":             "ref: refs/heads/main\n",
		"nested/.git/refs/heads/x.txt": leak(k[1]),
		"nested/app.py":                leak(k[2]),
		"wt/.git":                      "gitdir: ../nested/.git\n" + leak(k[3]),
		"wt/main.py":                   leak(k[4]),
		"headless/.git/objects/x.env":  leak(k[1]),
	})
	t.Chdir(dir)
	res := scanDir(t, ".", files.Options{}, scanner.Options{})
	want := "docs/.git/notes.env,headless/.git/objects/x.env,nested/app.py,wt/main.py"
	if got := strings.Join(paths(res), ","); got != want {
		t.Errorf("paths = %s, want %s", got, want)
	}
}

// The root "-" is Options.Stdin, read up to the cap and reported as
// <stdin>; without Stdin, "-" is a path.
func TestFilesStdin(t *testing.T) {
	k := fakekey.N("stdin", 2)
	res := scanDir(t, "-", files.Options{Stdin: strings.NewReader("\n" + leak(k[0]))}, scanner.Options{})
	if len(res.Findings) != 1 || res.Findings[0].Path != files.StdinPath || res.Findings[0].Target != "-" || res.Findings[0].Line != 2 {
		t.Fatalf("findings %+v", res.Findings)
	}
	res = scanDir(t, "-", files.Options{Stdin: strings.NewReader(strings.Repeat("#\n", 600) + leak(k[0]))}, scanner.Options{MaxFileSize: 1024})
	if len(res.Findings) != 0 || len(res.Skipped) != 1 || res.Skipped[0].Reason() != "larger than --max-file-size (more than 1024 bytes)" {
		t.Fatalf("over the cap: findings %v, skipped %+v", paths(res), res.Skipped)
	}
	dir := writeTree(t, map[string]string{"-": leak(k[1])})
	t.Chdir(dir)
	res = scanDir(t, "-", files.Options{}, scanner.Options{})
	if len(res.Findings) != 1 || res.Findings[0].Path != "-" || res.Findings[0].Secret != k[1] {
		t.Fatalf("a file named -: findings %+v", res.Findings)
	}
}
