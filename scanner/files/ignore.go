package files

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/config"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/internal/safefile"
)

// Budget of the ignore rules in force at one point of the walk (the files
// of the directory being walked and of its parents): beyond it, or for a
// single file over safefile.MetaCap, the directory of the file that does
// not fit is scanned as if nothing under it were ignored. Scanning more
// than git would is the safe side for a secret scanner; dropping only that
// file's patterns would not be (its negations would be lost too).
const (
	maxLivePatterns = 1 << 20  // about 32 MiB of pattern records
	maxLiveBytes    = 32 << 20 // text of the ignore files in force
)

// An ignorer applies a work tree's ignore rules to a walk that starts at
// some directory inside it. Tracked files are never ignored, as in git: a
// file added with "git add -f" is scanned even when a pattern matches it.
type ignorer struct {
	top     string          // the work tree's top directory
	prefix  []string        // the walk root's components under top
	tracked map[string]bool // tracked files and their parent directories, relative to top
	base    *ruleSet        // the rules in force at the walk root
	dirs    map[string]bool // parentExcluded's verdicts on directories
}

// newIgnorer returns the ignorer of the work tree that contains root, or
// nil when root is not inside one. Inside one that another user owns and
// safe.directory does not list, it returns nil and a warning: git refuses
// such a repository, so its ignore rules are not applied and every file
// is scanned.
func newIgnorer(root string) (*ignorer, string) {
	repo, err := git.Find(root, git.FindOptions{WorkTree: true})
	var dub *git.DubiousOwnershipError
	if errors.As(err, &dub) {
		return nil, fmt.Sprintf("detected dubious ownership in repository at '%s' (%s is owned by another user): "+
			"its ignore rules (.gitignore, info/exclude) were not read and every file under it was scanned; "+
			"to trust it, call: git config --global --add safe.directory %s", dub.Path, dub.Owned, dub.Path)
	}
	if err != nil {
		return nil, ""
	}
	top := repo.Top
	ig := &ignorer{top: top, tracked: map[string]bool{}}
	if rel, err := filepath.Rel(top, root); err == nil && rel != "." {
		ig.prefix = strings.Split(filepath.ToSlash(rel), "/")
	}
	// Lowest priority first: core.excludesFile, then info/exclude, then
	// the .gitignore files from the top down to the root's parent.
	if name := globalExcludesFile(); name != "" {
		ig.base = loadRules(ig.base, name, nil, safefile.Options{})
	}
	ig.base = loadRules(ig.base, filepath.Join(repo.GitDir, "info", "exclude"), nil, safefile.Options{NoFollow: true})
	for i := 0; i < len(ig.prefix); i++ {
		dir := filepath.Join(append([]string{top}, ig.prefix[:i]...)...)
		ig.base = loadRules(ig.base, filepath.Join(dir, ".gitignore"), ig.prefix[:i], safefile.Options{NoFollow: true})
	}
	ig.readIndex(repo.IndexFile)
	return ig, ""
}

// readIndex records the tracked paths. A missing or unreadable index means
// nothing is tracked: ignore rules then apply to every file.
func (ig *ignorer) readIndex(name string) {
	idx, err := git.ReadIndex(name)
	if err != nil {
		return
	}
	defer idx.Close()
	for i := range idx.Len() {
		p := string(idx.Name(i))
		for p != "" && !ig.tracked[p] {
			ig.tracked[p] = true
			i := strings.LastIndexByte(p, '/')
			if i < 0 {
				break
			}
			p = p[:i]
		}
	}
}

// patternsFor returns the patterns in force at the walk root: nil, or one
// *ruleSet that stands for all of them.
func (ig *ignorer) patternsFor(string) []gitignore.Pattern {
	if ig == nil || ig.base == nil {
		return nil
	}
	return []gitignore.Pattern{ig.base}
}

// addDir returns ps plus the patterns of dir's .gitignore, if any. The
// result is a new *ruleSet over ps's, so siblings never see each other's
// patterns and nothing is copied.
func (ig *ignorer) addDir(ps []gitignore.Pattern, dir, rel string) []gitignore.Pattern {
	var parent *ruleSet
	if len(ps) > 0 {
		parent, _ = ps[len(ps)-1].(*ruleSet)
	}
	rs := loadRules(parent, filepath.Join(dir, ".gitignore"), ig.components(rel), safefile.Options{NoFollow: true})
	if rs == parent {
		return ps
	}
	return []gitignore.Pattern{rs}
}

// components returns rel (under the walk root) as components under top.
func (ig *ignorer) components(rel string) []string {
	out := append([]string(nil), ig.prefix...)
	if rel != "" {
		out = append(out, strings.Split(rel, "/")...)
	}
	return out
}

// ignored reports whether rel (under the walk root) is ignored and not
// tracked.
func (ig *ignorer) ignored(ps []gitignore.Pattern, rel string, isDir bool) bool {
	if len(ps) == 0 {
		return false
	}
	comps := ig.components(rel)
	if !excluded(ps, comps, isDir) && !ig.parentExcluded(ps, comps) {
		return false
	}
	return !ig.tracked[strings.Join(comps, "/")]
}

// parentExcluded reports whether a directory above comps is excluded: git
// ignores everything in an ignored directory, whatever the patterns say
// about the names inside. The walk does not enter an ignored directory,
// so only the directories it entered anyway are checked: those above the
// walk root and those that hold tracked files. Their verdicts are cached
// (the walk runs on one goroutine).
func (ig *ignorer) parentExcluded(ps []gitignore.Pattern, comps []string) bool {
	dir := ""
	for k := 1; k < len(comps); k++ {
		if k > 1 {
			dir += "/"
		}
		dir += comps[k-1]
		if k > len(ig.prefix) && !ig.tracked[dir] {
			continue // the walk entered it, so it is not ignored
		}
		v, ok := ig.dirs[dir]
		if !ok {
			v = excluded(ps, comps[:k], true)
			if ig.dirs == nil {
				ig.dirs = map[string]bool{}
			}
			ig.dirs[dir] = v
		}
		if v {
			return true
		}
	}
	return false
}

// excluded reports whether the last pattern of ps that matches comps
// excludes it.
func excluded(ps []gitignore.Pattern, comps []string, isDir bool) bool {
	for i := len(ps) - 1; i >= 0; i-- {
		if v := ps[i].Match(comps, isDir); v != gitignore.NoMatch {
			return v == gitignore.Exclude
		}
	}
	return false
}

// globalExcludesFile returns core.excludesFile from ~/.gitconfig, the one
// place go-git's LoadGlobalPatterns looked, or "".
func globalExcludesFile() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	data, err := safefile.ReadFile(filepath.Join(home, ".gitconfig"), safefile.MetaCap, safefile.Options{})
	if err != nil {
		return ""
	}
	cfg := config.New()
	if err := config.NewDecoder(bytes.NewReader(data)).Decode(cfg); err != nil {
		return ""
	}
	name := cfg.Section("core").Option("excludesfile")
	switch {
	case name == "":
		return ""
	case name == "~" || strings.HasPrefix(name, "~/"):
		name = filepath.Join(home, name[1:])
	case !filepath.IsAbs(name):
		name = filepath.Join(string(filepath.Separator), name)
	}
	return name
}

// A ruleSet holds the patterns of one ignore file over those of the files
// before it (lower priority). It is a gitignore.Pattern: Match returns the
// verdict of the last pattern that matches, looking at its own file first
// and then at its parent's.
//
// Git decides by the last matching pattern, trying every pattern on every
// path; with 100 000 patterns that is 100 000 glob matches per file. A
// ruleSet sorts its patterns into buckets by a literal that every path they
// match must contain: a whole component ("build", "/docs/api" and
// "**/node_modules/*.js" all need a component spelled that way) or, for
// "*.ext", the extension. A path then tries only the buckets of its own
// components and extensions, plus the few patterns without such a literal,
// and the highest line number among those that match wins, as in git.
type ruleSet struct {
	parent *ruleSet
	domain []string // directory of the file under the top: its patterns apply below it only
	// pats is sorted by bucket, then key, then line; pats[:nName] are keyed
	// by a component, pats[nName:nSuffix] by an extension, the rest (no
	// literal) are in line order.
	pats          []pattern
	nName         int
	nSuffix       int
	off           bool // the file did not fit: nothing under domain is ignored
	nPats, nBytes int  // totals over this set and its parents, for the budget
}

// A pattern is one line of an ignore file.
type pattern struct {
	text   string // without "!", trailing blanks and the trailing "/"; a substring of the file
	line   int32  // position in the file: a later line wins
	ks, ke uint32 // text[ks:ke] is the bucket key
	flags  uint8
}

const (
	negated  = 1 << iota // "!pattern" re-includes
	dirOnly              // "pattern/" matches directories only
	anchored             // has a "/": matched from the domain, component by component
	byName               // keyed by a literal component
	bySuffix             // "*.ext", keyed by ".ext"
)

// loadRules returns the rules of the file name over parent: parent itself
// when the file is missing, empty, not a regular file (git refuses a
// symlinked .gitignore too) or unreadable, and a set that ignores nothing
// under domain when the file is over its cap or the rules in force would
// pass the budget.
func loadRules(parent *ruleSet, name string, domain []string, o safefile.Options) *ruleSet {
	text, err := readText(name, o, parent)
	if errors.Is(err, safefile.ErrTooLarge) {
		return offRules(parent, domain)
	}
	if err != nil || text == "" {
		return parent
	}
	rs := &ruleSet{parent: parent, domain: append([]string(nil), domain...)}
	if parent != nil {
		rs.nPats, rs.nBytes = parent.nPats, parent.nBytes
	}
	rs.nBytes += len(text)
	if !rs.parse(text) {
		return offRules(parent, domain)
	}
	if len(rs.pats) == 0 {
		return parent
	}
	return rs
}

// readText reads an ignore file into one string (the patterns point into
// it, so it is read once, with no copy), refusing a file over
// safefile.MetaCap or one that would take the text in force past
// maxLiveBytes.
func readText(name string, o safefile.Options, parent *ruleSet) (string, error) {
	f, st, err := safefile.Open(name, o)
	if err != nil {
		return "", err
	}
	defer f.Close()
	max := int64(safefile.MetaCap)
	if parent != nil && maxLiveBytes-parent.nBytes < safefile.MetaCap {
		max = int64(maxLiveBytes - parent.nBytes)
	}
	if st.Size() > max {
		return "", fmt.Errorf("%s: %w", name, safefile.ErrTooLarge)
	}
	var b strings.Builder
	b.Grow(int(st.Size()))
	if _, err := io.Copy(&b, safefile.LimitReader(f, name, max)); err != nil {
		return "", err
	}
	return b.String(), nil
}

func offRules(parent *ruleSet, domain []string) *ruleSet {
	rs := &ruleSet{parent: parent, domain: append([]string(nil), domain...), off: true}
	if parent != nil {
		rs.nPats, rs.nBytes = parent.nPats, parent.nBytes
	}
	return rs
}

// parse reads the patterns of text, one per line, and sorts them into
// buckets. It counts them first, so the pattern slice is allocated once
// and never for a file over the budget; the patterns' text points into
// text. It returns false when the patterns would pass the budget.
func (rs *ruleSet) parse(text string) bool {
	n := 0
	for rest := text; rest != ""; {
		var s string
		s, rest, _ = strings.Cut(rest, "\n")
		if _, ok := parsePattern(strings.TrimSuffix(s, "\r")); ok {
			n++
		}
	}
	if rs.nPats+n > maxLivePatterns {
		return false
	}
	rs.pats = make([]pattern, 0, n)
	for line := int32(0); text != ""; line++ {
		var s string
		s, text, _ = strings.Cut(text, "\n")
		if p, ok := parsePattern(strings.TrimSuffix(s, "\r")); ok {
			p.line = line
			p.text = bangClasses(p.text)
			p.index()
			rs.pats = append(rs.pats, p)
		}
	}
	rs.nPats += len(rs.pats)
	sort.Slice(rs.pats, func(i, j int) bool {
		a, b := &rs.pats[i], &rs.pats[j]
		if ra, rb := a.rank(), b.rank(); ra != rb {
			return ra < rb
		}
		if ka, kb := a.key(), b.key(); ka != kb {
			return ka < kb
		}
		return a.line < b.line
	})
	rs.nName = sort.Search(len(rs.pats), func(i int) bool { return rs.pats[i].rank() > 0 })
	rs.nSuffix = sort.Search(len(rs.pats), func(i int) bool { return rs.pats[i].rank() > 1 })
	return true
}

// parsePattern reads one line as git does: blank lines and "#" comments are
// none; "!" negates; trailing blanks go unless escaped; a trailing "/"
// matches directories only; any other "/" anchors the pattern.
func parsePattern(s string) (pattern, bool) {
	var p pattern
	if strings.TrimSpace(s) == "" || s[0] == '#' {
		return p, false
	}
	if s[0] == '!' {
		p.flags |= negated
		s = s[1:]
	}
	if !strings.HasSuffix(s, `\ `) {
		s = strings.TrimRight(s, " ")
	}
	if strings.HasSuffix(s, "/") {
		p.flags |= dirOnly
		s = s[:len(s)-1]
	}
	if s == "" {
		return p, false // "/" or "!": matches nothing
	}
	if strings.Contains(s, "/") {
		p.flags |= anchored
	}
	p.text = s
	return p, true
}

// index picks the pattern's bucket key: for a pattern without "/", the
// name itself when literal or the extension of "*.ext"; for one with "/",
// its last literal component.
func (p *pattern) index() {
	t := p.text
	if p.flags&anchored == 0 {
		switch {
		case literal(t):
			p.flags |= byName
			p.ks, p.ke = 0, uint32(len(t))
		case len(t) > 2 && t[0] == '*' && t[1] == '.' && literal(t[1:]):
			p.flags |= bySuffix
			p.ks, p.ke = 1, uint32(len(t))
		}
		return
	}
	for end := len(t); end > 0; {
		start := strings.LastIndexByte(t[:end], '/') + 1
		if c := t[start:end]; c != "" && literal(c) {
			p.flags |= byName
			p.ks, p.ke = uint32(start), uint32(end)
			return
		}
		end = start - 1
	}
}

func (p *pattern) key() string { return p.text[p.ks:p.ke] }

// rank orders the buckets: by name, by suffix, the rest.
func (p *pattern) rank() int {
	switch {
	case p.flags&byName != 0:
		return 0
	case p.flags&bySuffix != 0:
		return 1
	}
	return 2
}

// Match returns the verdict for path (components under the top), as
// gitignore.Matcher would with the patterns of rs and its parents.
func (rs *ruleSet) Match(path []string, isDir bool) gitignore.MatchResult {
	for s := rs; s != nil; s = s.parent {
		if v := s.own(path, isDir); v != gitignore.NoMatch {
			return v
		}
	}
	return gitignore.NoMatch
}

// own is the verdict of rs's own file.
func (rs *ruleSet) own(path []string, isDir bool) gitignore.MatchResult {
	if len(path) <= len(rs.domain) {
		return gitignore.NoMatch
	}
	for i, c := range rs.domain {
		if path[i] != c {
			return gitignore.NoMatch
		}
	}
	if rs.off {
		return gitignore.Include
	}
	rest := path[len(rs.domain):]
	best := -1
	for _, c := range rest {
		lo, hi := rs.bucket(0, rs.nName, c)
		best = rs.last(lo, hi, best, rest, isDir)
	}
	base := rest[len(rest)-1]
	for i := strings.IndexByte(base, '.'); i >= 0; {
		lo, hi := rs.bucket(rs.nName, rs.nSuffix, base[i:])
		best = rs.last(lo, hi, best, rest, isDir)
		j := strings.IndexByte(base[i+1:], '.')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	best = rs.last(rs.nSuffix, len(rs.pats), best, rest, isDir)
	switch {
	case best < 0:
		return gitignore.NoMatch
	case rs.pats[best].flags&negated != 0:
		return gitignore.Include
	}
	return gitignore.Exclude
}

// bucket returns the range of pats[lo:hi] whose key is key.
func (rs *ruleSet) bucket(lo, hi int, key string) (int, int) {
	i := lo + sort.Search(hi-lo, func(k int) bool { return rs.pats[lo+k].key() >= key })
	j := i
	for j < hi && rs.pats[j].key() == key {
		j++
	}
	return i, j
}

// last returns the index of the pattern with the highest line among best
// and those of pats[lo:hi] (in line order) that match.
func (rs *ruleSet) last(lo, hi, best int, path []string, isDir bool) int {
	floor := int32(-1)
	if best >= 0 {
		floor = rs.pats[best].line
	}
	for i := hi - 1; i >= lo && rs.pats[i].line > floor; i-- {
		if rs.pats[i].match(path, isDir) {
			return i
		}
	}
	return best
}

// match reports whether p matches path (components under its domain).
func (p *pattern) match(path []string, isDir bool) bool {
	if p.flags&anchored != 0 {
		return p.matchAnchored(path, isDir)
	}
	// A pattern without "/" matches the base name at any depth.
	return matchComponent(p.text, path[len(path)-1]) && (isDir || p.flags&dirOnly == 0)
}

// matchAnchored matches p's components against all of path. "**" matches
// any number of components, a trailing "/**" one or more. The last "**" seen is the only backtracking point, as in a glob
// matcher's "*": a later "**" can absorb whatever an earlier one could,
// so the match is linear in the path for each "**", never exponential.
func (p *pattern) matchAnchored(path []string, isDir bool) bool {
	t := p.text
	dirOK := isDir || p.flags&dirOnly == 0
	// pi is where the next component of t starts, len(t)+1 once all are
	// matched; a leading "/" only anchors, an empty component ("a//b")
	// matches no name.
	pi, si := 0, 0
	if t[0] == '/' {
		pi = 1
	}
	starP, starS := -1, 0
	for {
		if pi > len(t) {
			if si == len(path) && dirOK {
				return true
			}
		} else {
			end := strings.IndexByte(t[pi:], '/')
			if end < 0 {
				end = len(t)
			} else {
				end += pi
			}
			switch c := t[pi:end]; {
			case c == "**" && end == len(t):
				if si < len(path) && dirOK {
					return true
				}
			case c == "**":
				starP, starS = end+1, si
				pi = end + 1
				continue
			case si < len(path) && matchComponent(c, path[si]):
				pi, si = end+1, si+1
				continue
			}
		}
		if starP < 0 || starS >= len(path) {
			return false
		}
		starS++
		pi, si = starP, starS
	}
}

// matchComponent matches one pattern component against one name with
// path.Match, which treats "\" as an escape on every OS, as git does. A
// malformed pattern matches nothing.
func matchComponent(pat, name string) bool {
	if literal(pat) {
		return pat == name
	}
	ok, err := path.Match(pat, name)
	return err == nil && ok
}

func literal(s string) bool { return !strings.ContainsAny(s, `*?[\`) }

// bangClasses spells git's "[!...]" negated class as path.Match's "[^...]".
func bangClasses(s string) string {
	if !strings.Contains(s, "[!") {
		return s
	}
	b := []byte(s)
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '[':
			j := i + 1
			if j < len(b) && b[j] == '!' {
				b[j] = '^'
			}
			if j < len(b) && (b[j] == '^') {
				j++
			}
			if j < len(b) && b[j] == ']' {
				j++
			}
			for j < len(b) && b[j] != ']' {
				if b[j] == '\\' {
					j++
				}
				j++
			}
			i = j
		}
	}
	return string(b)
}
