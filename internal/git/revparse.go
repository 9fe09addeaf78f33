package git

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrUnknownRevision is wrapped by the error of a revision that names
// nothing in the repository: no ref, no object, a parent a commit does not
// have, a peel to a type the object cannot become.
var ErrUnknownRevision = errors.New("unknown revision")

// ErrAmbiguousRevision is wrapped by the error of a short object id that
// more than one object of the repository starts with.
var ErrAmbiguousRevision = errors.New("ambiguous revision")

// MinAbbrev is the shortest object id prefix ResolveRevision accepts, as
// git does (core.abbrev's minimum).
const MinAbbrev = 4

// maxAmbiguous caps the candidates a short id lookup collects: enough to
// say it is ambiguous and how much so, bounded for a prefix like "0000".
const maxAmbiguous = 100

// ResolveRevision resolves rev as git rev-parse does, for the forms users
// type, against refs (from [Repo.Refs]) and the object store st:
//
//   - a name: "@" or HEAD, a full ref name, or a short one looked up in
//     git's order: NAME, refs/NAME, refs/tags/NAME, refs/heads/NAME,
//     refs/remotes/NAME, refs/remotes/NAME/HEAD (the first that exists
//     wins, as git picks it after warning that the name is ambiguous);
//   - a full object id, or an unambiguous prefix of at least MinAbbrev hex
//     digits (a ref of the same name wins, as in git);
//   - followed by any sequence of ~N (the Nth first-parent ancestor), ~
//     (~1), ^N (the Nth parent; ^0 the commit itself), ^ (^1), ^{commit},
//     ^{tree}, ^{blob}, ^{tag}, ^{object} and ^{} (tags peeled).
//
// It returns the object rev names, unpeeled (a tag name gives the tag).
// The object must be in st: a full id that is not is unknown, unlike in
// git, which accepts any well-formed one. An unknown revision wraps
// ErrUnknownRevision, an ambiguous short id ErrAmbiguousRevision; an
// object that cannot be read on the way (a missing parent, a corrupt
// commit) wraps the store's error. Reflog (@{...}), path (REV:PATH) and
// search (^{/TEXT}, :/TEXT) forms are refused as unknown. Every walk is
// bounded by the number of objects it visits: a tag or parent chain that
// loops ends with an error.
func ResolveRevision(st *Store, refs []Ref, rev string) (ID, error) {
	if rev == "" {
		return ID{}, fmt.Errorf("%w: empty revision", ErrUnknownRevision)
	}
	if strings.Contains(rev, "@{") || strings.Contains(rev, ":") || strings.Contains(rev, "^{/") {
		return ID{}, fmt.Errorf("%w %q: reflog (@{...}), path (REV:PATH) and search forms are not supported", ErrUnknownRevision, rev)
	}
	cut := strings.IndexAny(rev, "~^")
	if cut < 0 {
		cut = len(rev)
	}
	base, ops := rev[:cut], rev[cut:]
	if base == "" {
		return ID{}, fmt.Errorf("%w %q: no name before %q", ErrUnknownRevision, rev, ops)
	}
	r := revWalk{st: st, rev: rev}
	id, err := r.base(refs, base, ops != "")
	if err != nil {
		return ID{}, err
	}
	for ops != "" {
		if id, ops, err = r.apply(id, ops); err != nil {
			return ID{}, err
		}
	}
	return id, nil
}

// revWalk holds the revision being resolved, for its errors.
type revWalk struct {
	st  *Store
	rev string
}

func (r *revWalk) unknown(format string, args ...any) error {
	return fmt.Errorf("%w %q: %s", ErrUnknownRevision, r.rev, fmt.Sprintf(format, args...))
}

// base resolves the name or id before any suffix. commitish prefers
// commits and tags among the candidates of a short id, as git does when a
// suffix needs a commit.
func (r *revWalk) base(refs []Ref, name string, commitish bool) (ID, error) {
	if name == "@" {
		name = "HEAD"
	}
	if id, ok := ParseID(strings.ToLower(name)); ok {
		if !r.st.Has(id) {
			return ID{}, r.unknown("no object %s in this repository", id)
		}
		return id, nil
	}
	byName := make(map[string]ID, len(refs))
	for _, ref := range refs {
		byName[ref.Name] = ref.ID
	}
	for _, full := range []string{name, "refs/" + name, "refs/tags/" + name, "refs/heads/" + name, "refs/remotes/" + name, "refs/remotes/" + name + "/HEAD"} {
		if id, ok := byName[full]; ok {
			return id, nil
		}
	}
	if len(name) < MinAbbrev || !isHex(name) {
		return ID{}, r.unknown("no ref or object of that name")
	}
	ids := r.st.FindPrefix(strings.ToLower(name), maxAmbiguous)
	if len(ids) > 1 && commitish {
		var keep []ID
		for _, id := range ids {
			if typ, _, err := r.st.Size(id); err == nil && (typ == ObjCommit || typ == ObjTag) {
				keep = append(keep, id)
			}
		}
		if len(keep) > 0 {
			ids = keep
		}
	}
	switch n := len(ids); {
	case n == 0:
		return ID{}, r.unknown("no ref or object of that name")
	case n >= maxAmbiguous:
		return ID{}, fmt.Errorf("%w %q: at least %d objects start with %s; give more digits", ErrAmbiguousRevision, r.rev, n, name)
	case n > 1:
		return ID{}, fmt.Errorf("%w %q: %d objects start with %s; give more digits", ErrAmbiguousRevision, r.rev, n, name)
	}
	return ids[0], nil
}

// apply applies the first suffix of ops to id and returns the rest.
func (r *revWalk) apply(id ID, ops string) (ID, string, error) {
	op := ops[0]
	ops = ops[1:]
	if op == '^' && strings.HasPrefix(ops, "{") {
		end := strings.IndexByte(ops, '}')
		if end < 0 {
			return ID{}, "", r.unknown("unterminated ^{")
		}
		want, rest := ops[1:end], ops[end+1:]
		var typ uint8
		switch want {
		case "":
			typ = 0
		case "commit":
			typ = ObjCommit
		case "tree":
			typ = ObjTree
		case "blob":
			typ = ObjBlob
		case "tag":
			typ = ObjTag
		case "object":
			return id, rest, nil
		default:
			return ID{}, "", r.unknown("unknown peel ^{%s}", want)
		}
		out, err := r.peel(id, typ)
		return out, rest, err
	}
	n := 1
	i := 0
	for i < len(ops) && ops[i] >= '0' && ops[i] <= '9' {
		i++
	}
	if i > 0 {
		v, err := strconv.Atoi(ops[:i])
		if err != nil {
			return ID{}, "", r.unknown("bad number %q", ops[:i])
		}
		n = v
	}
	rest := ops[i:]
	c, err := r.commit(id)
	if err != nil {
		return ID{}, "", err
	}
	if op == '^' {
		switch {
		case n == 0:
			return c.ID, rest, nil
		case n > len(c.Parents):
			return ID{}, "", r.unknown("commit %s has %d parent(s), no parent %d", c.ID, len(c.Parents), n)
		}
		return c.Parents[n-1], rest, nil
	}
	// ~N: first parents, N times; a commit met twice is a loop in
	// corrupt objects.
	seen := map[ID]bool{c.ID: true}
	for k := 0; k < n; k++ {
		if len(c.Parents) == 0 {
			return ID{}, "", r.unknown("history of %s ends %d commit(s) back, before ~%d", id, k, n)
		}
		p := c.Parents[0]
		if seen[p] {
			return ID{}, "", fmt.Errorf("%w: commit %s is its own ancestor", ErrCorrupt, p)
		}
		seen[p] = true
		if c, err = r.commit(p); err != nil {
			return ID{}, "", err
		}
	}
	return c.ID, rest, nil
}

// commit peels id to a commit and reads it.
func (r *revWalk) commit(id ID) (*Commit, error) {
	cid, err := r.peel(id, ObjCommit)
	if err != nil {
		return nil, err
	}
	typ, data, err := r.st.Read(cid)
	if err != nil {
		return nil, fmt.Errorf("revision %q: read commit %s: %w", r.rev, cid, err)
	}
	if typ != ObjCommit {
		return nil, r.unknown("%s is a %s, not a commit", cid, TypeName(typ))
	}
	return ParseCommit(cid, data)
}

// peel follows tags from id until an object of type want (any non-tag
// object for want 0; tag itself is accepted for ObjTag). A commit peels
// to its tree for ObjTree, as git does.
func (r *revWalk) peel(id ID, want uint8) (ID, error) {
	seen := map[ID]bool{}
	for {
		if seen[id] {
			return ID{}, fmt.Errorf("%w: tag %s points at itself through %d tag(s)", ErrCorrupt, id, len(seen))
		}
		seen[id] = true
		typ, data, err := r.st.Read(id)
		if err != nil {
			return ID{}, fmt.Errorf("revision %q: read %s: %w", r.rev, id, err)
		}
		switch {
		case typ == want || (want == 0 && typ != ObjTag):
			return id, nil
		case typ == ObjTag:
			next, ok := ParseTag(data)
			if !ok {
				return ID{}, fmt.Errorf("%w: bad tag %s", ErrCorrupt, id)
			}
			id = next
		case typ == ObjCommit && want == ObjTree:
			c, err := ParseCommit(id, data)
			if err != nil {
				return ID{}, err
			}
			return c.Tree, nil
		default:
			what := TypeName(want)
			return ID{}, r.unknown("%s is a %s, not a %s", id, TypeName(typ), what)
		}
	}
}

// ParseRange splits a revision range: "A..B" (what B reaches and A does
// not) or "A...B" (what either reaches and not both: symmetric is true).
// An empty side means HEAD, as in git; ".." alone is refused.
func ParseRange(spec string) (a, b string, symmetric bool, err error) {
	if a, b, ok := strings.Cut(spec, "..."); ok {
		symmetric = true
		if a == "" && b == "" {
			return "", "", false, fmt.Errorf("%w %q: want A..B or A...B", ErrUnknownRevision, spec)
		}
		return orHead(a), orHead(b), true, nil
	}
	a, b, ok := strings.Cut(spec, "..")
	if !ok || (a == "" && b == "") || strings.Contains(b, "..") {
		return "", "", false, fmt.Errorf("%w %q: want A..B or A...B", ErrUnknownRevision, spec)
	}
	return orHead(a), orHead(b), false, nil
}

func orHead(s string) string {
	if s == "" {
		return "HEAD"
	}
	return s
}

// FindPrefix returns the objects whose hex id starts with prefix (lower
// case), at most max of them: from every pack index (a binary search in
// the block of its first byte) and every loose objects directory.
func (s *Store) FindPrefix(prefix string, max int) []ID {
	if len(prefix) < 2 || len(prefix) > 40 || !isHex(prefix) {
		return nil
	}
	even := prefix[:len(prefix)&^1]
	lo, _ := hex.DecodeString(even)
	seen := map[ID]bool{}
	var out []ID
	add := func(id ID) bool {
		if !seen[id] && strings.HasPrefix(id.String(), prefix) {
			seen[id] = true
			out = append(out, id)
		}
		return len(out) >= max
	}
	for _, p := range s.packs {
		first := lo[0]
		start := 0
		if first > 0 {
			start = int(p.fanout[first-1])
		}
		end := int(p.fanout[first])
		// The first position whose id is not below lo.
		i, j := start, end
		for i < j {
			m := int(uint(i+j) >> 1)
			if bytes.Compare(p.hashes[m*20:m*20+len(lo)], lo) < 0 {
				i = m + 1
			} else {
				j = m
			}
		}
		for k := i; k < end && bytes.Equal(p.hashes[k*20:k*20+len(lo)], lo); k++ {
			if add(p.ID(k)) {
				return out
			}
		}
	}
	for _, d := range s.dirs {
		names, err := os.ReadDir(filepath.Join(d, prefix[:2]))
		if err != nil {
			continue
		}
		for _, n := range names {
			if id, ok := ParseID(prefix[:2] + n.Name()); ok && !n.IsDir() && add(id) {
				return out
			}
		}
	}
	return out
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return s != ""
}
