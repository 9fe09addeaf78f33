package scanner

import (
	"path"
	"strings"
)

// CheckGlob reports whether g is a valid --exclude pattern.
func CheckGlob(g string) error {
	_, err := path.Match(strings.TrimSuffix(g, "/**"), "")
	return err
}

// Excluded reports whether the slash path p matches one of globs. A glob
// matches when path.Match accepts it against any run of whole components
// of p ("*.min.js" matches "web/app.min.js", "vendor" matches
// "vendor/x.go" and "a/vendor/x.go", "docs/*.md" matches "docs/a.md");
// "dir/**" matches everything under a run ending in dir.
func Excluded(p string, globs []string) bool {
	if len(globs) == 0 {
		return false
	}
	parts := strings.Split(p, "/")
	for _, g := range globs {
		g = strings.TrimSuffix(g, "/**")
		n := strings.Count(g, "/") + 1
		for i := 0; i+n <= len(parts); i++ {
			if ok, _ := path.Match(g, strings.Join(parts[i:i+n], "/")); ok {
				return true
			}
		}
	}
	return false
}
