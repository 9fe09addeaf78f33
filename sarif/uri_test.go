package sarif

import (
	"strings"
	"testing"

	"github.com/cambscan/cambscan/scanner"
)

func TestPlace(t *testing.T) {
	const root = "/work/repo"
	for _, tc := range []struct {
		name          string
		workDir       string
		kind          scanner.Kind
		target, path  string
		base, rel     string
		baseURI, desc string // of base when it is not %SRCROOT%
	}{
		{name: "file relative", workDir: root, kind: scanner.KindFile, target: ".", path: "src/a.py", base: srcRootID, rel: "src/a.py"},
		{name: "file from a subdirectory", workDir: root + "/sub", kind: scanner.KindFile, target: "src", path: "src/a.py", base: srcRootID, rel: "sub/src/a.py"},
		{name: "file absolute inside", workDir: "/elsewhere", kind: scanner.KindFile, target: root + "/cfg", path: root + "/cfg/x.env", base: srcRootID, rel: "cfg/x.env"},
		{name: "file with dot segments", workDir: root, kind: scanner.KindFile, target: "./a/../b", path: "./a/../b/c.py", base: srcRootID, rel: "b/c.py"},
		{name: "file outside", workDir: root, kind: scanner.KindFile, target: "/srv/app", path: "/srv/app/conf/k.yaml", base: "ROOT1", rel: "conf/k.yaml", baseURI: "file:///srv/app/"},
		{name: "file outside, relative", workDir: root, kind: scanner.KindFile, target: "../other", path: "../other/k.yaml", base: "ROOT1", rel: "k.yaml", baseURI: "file:///work/other/"},
		{name: "one file outside", workDir: root, kind: scanner.KindFile, target: "/tmp/x.py", path: "/tmp/x.py", base: "ROOT1", rel: "x.py", baseURI: "file:///tmp/"},
		{name: "history of the checkout", workDir: root, kind: scanner.KindHistory, target: ".", path: "app/main.go", base: srcRootID, rel: "app/main.go"},
		{name: "history of a nested repository", workDir: root, kind: scanner.KindHistory, target: "vendor/lib", path: "x.go", base: srcRootID, rel: "vendor/lib/x.go"},
		{name: "history outside", workDir: root, kind: scanner.KindHistory, target: "/srv/mirror.git", path: "x.go", base: "ROOT1", rel: "x.go", baseURI: "file:///srv/mirror.git/"},
		{name: "history of a remote", workDir: root, kind: scanner.KindHistory, target: "https://bot:s3cr3t@github.com/org/r.git", path: "x.go", base: "ROOT1", rel: "x.go", desc: "The top level of repository https://github.com/org/r.git."},
		{name: "history of an scp remote", workDir: root, kind: scanner.KindHistory, target: "git@github.com:org/r.git", path: "x.go", base: "ROOT1", rel: "x.go", desc: "The top level of repository github.com:org/r.git."},
		{name: "dangling blob", workDir: root, kind: scanner.KindHistory, target: ".", path: "", base: srcRootID, rel: "git-blob/abc123"},
		{name: "staged", workDir: root, kind: scanner.KindStaged, target: ".", path: "new.py", base: srcRootID, rel: "new.py"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newLocator(root, tc.workDir)
			f := scanner.Finding{Origin: scanner.Origin{Kind: tc.kind, Target: tc.target, Path: tc.path, Blob: "abc123"}}
			p := l.place(&f)
			resolve, bases := l.finish()
			p.base = resolve(p.base)
			if p.base != tc.base || p.rel != tc.rel {
				t.Errorf("place = %s %q, want %s %q", p.base, p.rel, tc.base, tc.rel)
			}
			if tc.base == srcRootID {
				return
			}
			for _, b := range bases {
				if b.id == tc.base {
					if b.uri != tc.baseURI || (tc.desc != "" && b.desc != tc.desc) {
						t.Errorf("base %s = %q %q, want %q %q", b.id, b.uri, b.desc, tc.baseURI, tc.desc)
					}
					if strings.Contains(b.uri+b.desc, "s3cr3t") || strings.Contains(b.uri+b.desc, "bot") {
						t.Errorf("credentials of the clone URL in %q %q", b.uri, b.desc)
					}
					return
				}
			}
			t.Errorf("base %s not declared in %+v", tc.base, bases)
		})
	}
}

// TestRootsNumberedInOrder: base ids do not depend on which finding came
// first.
func TestRootsNumberedInOrder(t *testing.T) {
	for _, order := range [][]string{{"/b", "/a"}, {"/a", "/b"}} {
		l := newLocator("/work/repo", "/work/repo")
		var ps []place
		for _, target := range order {
			f := scanner.Finding{Origin: scanner.Origin{Kind: scanner.KindFile, Target: target, Path: target + "/x"}}
			ps = append(ps, l.place(&f))
		}
		resolve, _ := l.finish()
		got := map[string]string{}
		for i, p := range ps {
			got[order[i]] = resolve(p.base)
		}
		if got["/a"] != "ROOT1" || got["/b"] != "ROOT2" {
			t.Errorf("order %v: %v", order, got)
		}
	}
}

func TestEscapePath(t *testing.T) {
	for in, want := range map[string]string{
		"src/a.py":              "src/a.py",
		"a b/c.txt":             "a%20b/c.txt",
		"c:d.txt":               "c%3Ad.txt",
		"100%/x#1?.md":          "100%25/x%231%3F.md",
		"ünï/日本.go":             "%C3%BCn%C3%AF/%E6%97%A5%E6%9C%AC.go",
		"a+b(1)@v~2,x;y=z!$'&*": "a+b(1)@v~2,x;y=z!$'&*",
		"back\\slash\t[]{}<>\"": "back%5Cslash%09%5B%5D%7B%7D%3C%3E%22",
	} {
		if got := escapePath(in); got != want {
			t.Errorf("escapePath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFileURI(t *testing.T) {
	for in, want := range map[string]string{
		"/work/my repo": "file:///work/my%20repo/",
		"/":             "file:///",
		"C:/src/app":    "file:///C:/src/app/",
	} {
		if got := fileURI(in); got != want {
			t.Errorf("fileURI(%q) = %q, want %q", in, got, want)
		}
	}
}
