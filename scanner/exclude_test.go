package scanner

import (
	"path"
	"strings"
	"testing"
)

func TestExcluded(t *testing.T) {
	for _, c := range []struct {
		path, glob string
		want       bool
	}{
		// Plain patterns, as before: any run of whole components.
		{"a/b/c.go", "*.go", true},
		{"a/b/c.go", "b", true},
		{"a/b/c.go", "a/b", true},
		{"a/b/c.go", "b/**", true},
		{"a/b/c.go", "a/c.go", false},
		{"a/bb/c.go", "b", false},
		{"a/b/c.go", "a/*", true},
		{"a/b/c.go", "*/c.go", true},
		{"x.gox", "*.go", false},
		{"testdata/x/y", "testdata/**", true},
		{"testdata", "testdata/**", true},
		// ** (doublestar semantics): any number of components, none too.
		{"testdata/x", "**/testdata/**", true},
		{"a/testdata/x/y", "**/testdata/**", true},
		{"a/testdata", "**/testdata/**", true},
		{"a/testdatax/y", "**/testdata/**", false},
		{"docs/a.md", "docs/**/*.md", true},
		{"docs/a/b/c.md", "docs/**/*.md", true},
		{"docs/a/b/c.txt", "docs/**/*.md", false},
		{"src/docs/a.md", "docs/**/*.md", true},
		{"a/b/c/d", "a/**/d", true},
		{"a/d", "a/**/d", true},
		{"a/b/c/e", "a/**/d", false},
		{"a/x/b/y/c", "a/**/b/**/c", true},
		{"a/x/c/y/b", "a/**/b/**/c", false},
		{"anything/at/all", "**", true},
		// ** inside a component is * (doublestar: no path separator).
		{"abc/d", "a**c", true},
		{"ab/c", "a**c", false},
		// Alternatives, classes and escapes.
		{"web/app.min.js", "*.{min.js,map}", true},
		{"web/app.js.map", "*.{min.js,map}", true},
		{"web/app.js", "*.{min.js,map}", false},
		{"a/{b}/c", `\{b\}`, true},
		{"x1.go", "x[0-9].go", true},
		{"node_modules/y/z.js", "{vendor,node_modules}", true},
		{"a/b/c", "{a/b,x}/c", true},
		{"a/b/c", "{a/{b,d},x}/c", true},
	} {
		if got := Excluded(c.path, []string{c.glob}); got != c.want {
			t.Errorf("Excluded(%q, %q) = %v", c.path, c.glob, got)
		}
	}
	for _, bad := range []string{"[", "a/[", "{a,b", "a}", "", strings.Repeat("{a,b}", 10)} {
		if CheckGlob(bad) == nil {
			t.Errorf("CheckGlob accepted %q", bad)
		}
	}
}

func TestExcludesCounts(t *testing.T) {
	e, err := NewExcludes([]string{"**/testdata/**", "*.min.js", "nothing/**"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"a/testdata/x", "b/app.min.js", "c/main.go"} {
		e.Match(p)
	}
	if got := strings.Join(e.Unmatched(), ","); got != "nothing/**" {
		t.Errorf("unmatched %s", got)
	}
	var none *Excludes
	if none.Match("x") || none.Unmatched() != nil {
		t.Error("a nil Excludes matched")
	}
	if _, err := NewExcludes([]string{"["}); err == nil {
		t.Error("NewExcludes accepted a bad pattern")
	}
}

// naiveRun is the definition matchRun implements: the components match
// some run of whole components of parts, ** standing for any number of
// them. Exponential, for the fuzz test only.
func naiveRun(segs, parts []string) bool {
	for i := 0; i <= len(parts); i++ {
		if naivePrefix(segs, parts[i:]) {
			return true
		}
	}
	return false
}

func naivePrefix(segs, parts []string) bool {
	if len(segs) == 0 {
		return true
	}
	if segs[0] == "**" {
		for k := 0; k <= len(parts); k++ {
			if naivePrefix(segs[1:], parts[k:]) {
				return true
			}
		}
		return false
	}
	if len(parts) == 0 {
		return false
	}
	ok, _ := path.Match(segs[0], parts[0])
	return ok && naivePrefix(segs[1:], parts[1:])
}

func FuzzGlob(f *testing.F) {
	f.Add("**/testdata/**", "a/testdata/b")
	f.Add("docs/**/*.md", "x/docs/a/b.md")
	f.Add("a/**/b/**/c", "a/x/b/y/z/c/d")
	f.Add("*.{go,md}", "q/r.md")
	f.Fuzz(func(t *testing.T, g, p string) {
		if len(g) > 64 || len(p) > 128 {
			return
		}
		c, err := compileGlob(g)
		if err != nil {
			return
		}
		parts := strings.Split(p, "/")
		want := false
		for _, segs := range c {
			want = want || naiveRun(segs, parts)
		}
		if got := c.match(parts); got != want {
			t.Errorf("glob %q on %q: %v, definition says %v", g, p, got, want)
		}
	})
}
