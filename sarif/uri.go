package sarif

import (
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/cambscan/cambscan/scanner"
)

// srcRootID is the uriBaseId GitHub code scanning resolves against the
// repository checkout.
const srcRootID = "%SRCROOT%"

// A place is where a finding's URI is relative to: the base id and the
// slash-separated, unescaped path below it.
type place struct {
	base string // srcRootID, or a key of locator.roots
	rel  string
}

// A locator turns finding paths into repository-relative URIs.
//
// File findings carry the path as the user gave it joined with the file
// (relative to WorkDir, or absolute); they are made relative to SrcRoot.
// History and staged findings carry a path relative to the repository's
// top level; a repository at or below SrcRoot gets the relative prefix of
// its target, so "cambscan git ." in the checkout yields plain repository
// paths. (The target is taken as the repository's top level: a target
// that is a subdirectory of a work tree is not resolved upwards.)
// Anything outside SrcRoot, and remote repositories, get a base id of
// their own ("ROOT1", ...), declared in originalUriBaseIds, so no URI is
// ever absolute or climbs out with "..".
type locator struct {
	srcRoot string // absolute, cleaned; "" when unknown
	workDir string // absolute, cleaned; "" when unknown
	// roots maps a root key (an absolute directory or a remote URL,
	// credentials removed) to its base id, assigned in sorted key order.
	roots map[string]string
}

func newLocator(srcRoot, workDir string) *locator {
	l := &locator{roots: map[string]string{}}
	if srcRoot != "" {
		l.srcRoot = absClean(srcRoot, "")
	}
	if workDir == "" {
		// Relative paths are relative to the process's directory; SrcRoot
		// stands in when even that is unknown.
		workDir, _ = os.Getwd()
	}
	if workDir != "" {
		l.workDir = absClean(workDir, "")
	} else {
		l.workDir = l.srcRoot
	}
	return l
}

// absClean makes p absolute against dir (or the process's directory when
// dir is empty, through filepath.Abs) and cleans it.
func absClean(p, dir string) string {
	p = filepath.FromSlash(p)
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	if dir != "" {
		return filepath.Join(dir, p)
	}
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// within returns p relative to dir (both absolute and clean), and whether
// p is dir or below it.
func within(dir, p string) (string, bool) {
	if dir == "" {
		return "", false
	}
	rel, err := filepath.Rel(dir, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// isRemote reports whether a target is a clone URL rather than a path.
func isRemote(target string) bool {
	if strings.Contains(target, "://") {
		return true
	}
	// scp-like "user@host:path"; a Windows drive "C:\x" has no "@".
	at, colon := strings.Index(target, "@"), strings.Index(target, ":")
	return at > 0 && colon > at
}

// remoteKey is a remote target without credentials, usable in the log.
func remoteKey(target string) string {
	if u, err := url.Parse(target); err == nil && u.Scheme != "" && u.Host != "" {
		u.User = nil
		u.RawQuery, u.Fragment = "", ""
		return u.String()
	}
	if at := strings.Index(target, "@"); at > 0 {
		return target[at+1:] // scp-like: drop "user@"
	}
	return target
}

// danglingPath is the pseudo path of a finding in a blob that no commit
// names: it has no file, but GitHub needs a location on every result, and
// the hash tells the user what to look at ("git cat-file -p HASH").
func danglingPath(blob string) string {
	if blob == "" {
		return "git-blob/unknown"
	}
	return "git-blob/" + blob
}

// place returns where f is.
func (l *locator) place(f *scanner.Finding) place {
	switch f.Kind {
	case scanner.KindHistory, scanner.KindStaged:
		rel := f.Path
		if rel == "" {
			rel = danglingPath(f.Blob)
		}
		rel = strings.TrimPrefix(path.Clean("/"+rel), "/")
		if isRemote(f.Target) {
			return place{base: l.root(remoteKey(f.Target)), rel: rel}
		}
		repo := absClean(orDot(f.Target), l.workDir)
		if prefix, ok := within(l.srcRoot, repo); ok {
			return place{base: srcRootID, rel: joinRel(prefix, rel)}
		}
		return place{base: l.root(repo), rel: rel}
	}
	// Files: the path is relative to the working directory, or absolute.
	if l.workDir == "" && !filepath.IsAbs(filepath.FromSlash(f.Path)) {
		// Nothing to resolve against: keep the path as given.
		return place{base: srcRootID, rel: strings.TrimPrefix(path.Clean("/"+f.Path), "/")}
	}
	p := absClean(f.Path, l.workDir)
	if rel, ok := within(l.srcRoot, p); ok && rel != "." {
		return place{base: srcRootID, rel: rel}
	}
	// Outside SrcRoot: relative to the scanned root (the target, or the
	// directory of a target that is one file).
	root := absClean(orDot(f.Target), l.workDir)
	rel, ok := within(root, p)
	if !ok || rel == "." {
		root = filepath.Dir(p)
		rel = filepath.Base(p)
	}
	return place{base: l.root(root), rel: rel}
}

func orDot(s string) string {
	if s == "" {
		return "."
	}
	return s
}

func joinRel(prefix, rel string) string {
	if prefix == "" || prefix == "." {
		return rel
	}
	return prefix + "/" + rel
}

// root registers a root key and returns a placeholder base id; ids are
// numbered by finish once every root is known.
func (l *locator) root(key string) string {
	if _, ok := l.roots[key]; !ok {
		l.roots[key] = ""
	}
	return "\x00" + key
}

// finish numbers the roots in sorted order and returns the resolver of
// placeholder ids and the run's originalUriBaseIds entries.
func (l *locator) finish() (resolve func(string) string, bases []baseEntry) {
	keys := make([]string, 0, len(l.roots))
	for k := range l.roots {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if l.srcRoot != "" {
		bases = append(bases, baseEntry{id: srcRootID, uri: fileURI(l.srcRoot), desc: "The directory scanned from: the repository checkout in GitHub Actions."})
	}
	for i, k := range keys {
		id := "ROOT" + strconv.Itoa(i+1)
		l.roots[k] = id
		e := baseEntry{id: id}
		if strings.Contains(k, "://") || !filepath.IsAbs(k) {
			// A clone URL is no base a relative path resolves against:
			// described, without a uri.
			e.desc = "The top level of repository " + k + "."
		} else {
			e.uri = fileURI(k)
			e.desc = "A scanned root outside the source root."
		}
		bases = append(bases, e)
	}
	return func(id string) string {
		if strings.HasPrefix(id, "\x00") {
			return l.roots[id[1:]]
		}
		return id
	}, bases
}

// A baseEntry is one originalUriBaseIds entry.
type baseEntry struct{ id, uri, desc string }

// fileURI returns the file URI of an absolute directory, ending in "/".
func fileURI(dir string) string {
	p := filepath.ToSlash(dir)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: C:/x -> /C:/x
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	drive := ""
	if len(p) >= 4 && p[2] == ':' && p[3] == '/' {
		drive, p = p[:3], p[3:] // keep the colon of "/C:"
	}
	return "file://" + drive + escapePath(p)
}

// escapePath percent-encodes a slash path for use as a URI reference:
// everything but RFC 3986 unreserved characters, "/" and the sub-delims
// that are harmless in a path is encoded, including ":" (a colon in the
// first segment would read as a scheme), "%", "#", "?", spaces and every
// non-ASCII byte (as UTF-8).
func escapePath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if keepInPath(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func keepInPath(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~/!$&'()*+,;=@", c) >= 0
}
