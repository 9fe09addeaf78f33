package scanner

import "strings"

// MatchMember is Match for a path that may name an archive member, as
// reports do: "dist/app.jar!config/app.properties", nested as
// "a.zip!b.tgz!c.env". A glob matches such a path as it is written (so a
// member path copied from a report works: "dist/app.jar!config/**") or
// with each "!" read as "/", the archive taken as a directory of its
// members (so "*.properties", "config/app.properties", "**/testdata/**"
// and "dist/**" work as on files). A path without "!" is matched as by
// Match.
func (e *Excludes) MatchMember(p string) bool {
	if !strings.Contains(p, "!") {
		return e.Match(p)
	}
	// Both forms, without short-circuit: each glob that matches either
	// counts as having matched a path.
	a := e.Match(p)
	b := e.Match(strings.ReplaceAll(p, "!", "/"))
	return a || b
}

// memberExcludes is the glob set that archive members are matched with:
// the counting set of Options.Excludes when there is one, else
// Options.MemberExcludes compiled (a glob that does not compile matches
// nothing, as in Excluded).
func (o *Options) memberExcludes() *Excludes {
	if o.Excludes != nil {
		return o.Excludes
	}
	if len(o.MemberExcludes) == 0 {
		return nil
	}
	globs := make([]string, 0, len(o.MemberExcludes))
	for _, g := range o.MemberExcludes {
		if CheckGlob(g) == nil {
			globs = append(globs, g)
		}
	}
	e, _ := NewExcludes(globs)
	return e
}

// excludedMember reports whether the member at member path name (inside
// the expansion's top-level chunk) is excluded. The chunk's own path is
// not always known yet (a history blob is named by the commits that hold
// it only after matching): then the globs see "git-blob/<hash>!name", and
// runSource tries the findings again under their commit paths.
func (e *expansion) excludedMember(name string) bool {
	return e.opts.memberEx != nil && e.opts.memberEx.MatchMember(memberPath(e.origin, name))
}
