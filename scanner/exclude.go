package scanner

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"sync/atomic"
)

// maxBraceAlternatives bounds what one --exclude pattern's {a,b} groups
// expand to.
const maxBraceAlternatives = 256

// CheckGlob reports whether g is a valid --exclude pattern.
func CheckGlob(g string) error {
	_, err := compileGlob(g)
	return err
}

// Excluded reports whether the slash path p matches one of globs. The
// syntax is doublestar's: path.Match's *, ? and [...] within a path
// component, {a,b} alternatives, and ** as a whole component for any
// number of components (none included). A glob matches when it matches
// any run of whole components of p, so "*.min.js" matches
// "web/app.min.js", "vendor" matches "vendor/x.go" and "a/vendor/x.go",
// "docs/*.md" matches "docs/a.md", "docs/**/*.md" matches
// "docs/a/b/c.md", and "**/testdata/**" and "testdata/**" match
// everything under any directory named testdata. Invalid globs match
// nothing (CheckGlob refuses them on the command line).
func Excluded(p string, globs []string) bool {
	if len(globs) == 0 {
		return false
	}
	parts := strings.Split(p, "/")
	for _, g := range globs {
		if c, err := compileGlob(g); err == nil && c.match(parts) {
			return true
		}
	}
	return false
}

// Excludes is a compiled set of --exclude globs that counts how many
// paths each one matched, so that a glob that matched nothing can be
// reported. It is safe for concurrent use; a nil *Excludes matches
// nothing.
type Excludes struct {
	globs []string
	comp  []glob
	hits  []atomic.Int64
}

// NewExcludes compiles globs (see [Excluded] for the syntax).
func NewExcludes(globs []string) (*Excludes, error) {
	e := &Excludes{globs: globs, comp: make([]glob, len(globs)), hits: make([]atomic.Int64, len(globs))}
	for i, g := range globs {
		c, err := compileGlob(g)
		if err != nil {
			return nil, err
		}
		e.comp[i] = c
	}
	return e, nil
}

// Match reports whether the slash path p matches one of the globs, and
// counts a match for each glob that matches it.
func (e *Excludes) Match(p string) bool {
	if e == nil || len(e.comp) == 0 {
		return false
	}
	parts := strings.Split(p, "/")
	found := false
	for i, c := range e.comp {
		if c.match(parts) {
			e.hits[i].Add(1)
			found = true
		}
	}
	return found
}

// Unmatched returns the globs that no path matched so far, in order.
func (e *Excludes) Unmatched() []string {
	if e == nil {
		return nil
	}
	var out []string
	for i, g := range e.globs {
		if e.hits[i].Load() == 0 {
			out = append(out, g)
		}
	}
	return out
}

// A glob is one pattern, brace-expanded into alternatives of components.
type glob [][]string

// compileGlob expands braces, splits each alternative into components
// and checks them. A trailing "/**" is kept: ** matches no component too.
func compileGlob(g string) (glob, error) {
	if g == "" {
		return nil, errors.New("empty pattern")
	}
	alts, err := expandBraces(g, maxBraceAlternatives)
	if err != nil {
		return nil, err
	}
	out := make(glob, 0, len(alts))
	for _, a := range alts {
		var segs []string
		for _, s := range strings.Split(a, "/") {
			if s == "**" && len(segs) > 0 && segs[len(segs)-1] == "**" {
				continue // a/**/**/b is a/**/b
			}
			if s != "**" {
				if _, err := path.Match(s, ""); err != nil {
					return nil, err
				}
			}
			segs = append(segs, s)
		}
		out = append(out, segs)
	}
	return out, nil
}

// match reports whether one of g's alternatives matches a run of whole
// components of parts. It runs the pattern as a set of states over the
// components, with an implicit leading ** for "any run", in
// O(components x pattern components): a path nested a thousand deep
// costs no more per component than a short one.
func (g glob) match(parts []string) bool {
	for _, segs := range g {
		if matchRun(segs, parts) {
			return true
		}
	}
	return false
}

func matchRun(segs []string, parts []string) bool {
	n := len(segs)
	// cur[s]: segs[:s] matched a run ending just before the next part.
	cur := make([]bool, n+1)
	next := make([]bool, n+1)
	closure := func(set []bool) bool {
		for s := 0; s < n; s++ {
			if set[s] && segs[s] == "**" {
				set[s+1] = true
			}
		}
		return set[n]
	}
	for _, part := range parts {
		cur[0] = true // a run may start at any component
		if closure(cur) {
			return true
		}
		clear(next)
		for s := 0; s < n; s++ {
			if !cur[s] {
				continue
			}
			if segs[s] == "**" {
				next[s] = true
			} else if ok, _ := path.Match(segs[s], part); ok {
				next[s+1] = true
			}
		}
		cur, next = next, cur
	}
	return closure(cur)
}

// expandBraces expands {a,b} groups (nested, with \ escaping) into the
// patterns they stand for, at most limit.
func expandBraces(g string, limit int) ([]string, error) {
	open := -1
	depth := 0
	for i := 0; i < len(g); i++ {
		switch g[i] {
		case '\\':
			i++
		case '{':
			if depth == 0 {
				open = i
			}
			depth++
		case '}':
			if depth == 0 {
				return nil, errors.New("unmatched }")
			}
			if depth--; depth > 0 {
				continue
			}
			var alts []string
			start, d := open+1, 0
			for j := open + 1; j < i; j++ {
				switch g[j] {
				case '\\':
					j++
				case '{':
					d++
				case '}':
					d--
				case ',':
					if d == 0 {
						alts = append(alts, g[start:j])
						start = j + 1
					}
				}
			}
			alts = append(alts, g[start:i])
			var out []string
			for _, a := range alts {
				rest, err := expandBraces(g[:open]+a+g[i+1:], limit)
				if err != nil {
					return nil, err
				}
				out = append(out, rest...)
				if len(out) > limit {
					return nil, fmt.Errorf("more than %d alternatives", limit)
				}
			}
			return out, nil
		}
	}
	if depth > 0 {
		return nil, errors.New("unmatched {")
	}
	return []string{g}, nil
}
