package git

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cambscan/cambscan/internal/safefile"
)

// A Ref is a ref name and the object it points at (unpeeled).
type Ref struct {
	Name string
	ID   ID
}

// Refs returns every ref: packed and loose refs under refs/ (branches,
// tags, remotes, pull requests, notes, stash), HEAD and the HEADs of linked
// worktrees (HEAD@main-worktree, HEAD@NAME), sorted by name; and the
// entries of the stash reflog, as refs/stash@{log N}.
func (r *Repo) Refs() ([]Ref, error) {
	m, err := r.packedRefs()
	if err != nil {
		return nil, err
	}
	heads := map[string]string{} // name -> file
	root := filepath.Join(r.CommonDir, "refs")
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(r.CommonDir, p)
		heads[filepath.ToSlash(rel)] = p
		return nil
	})
	if err != nil {
		return nil, err
	}
	heads["HEAD"] = filepath.Join(r.GitDir, "HEAD")
	if r.CommonDir != r.GitDir {
		heads["HEAD@main-worktree"] = filepath.Join(r.CommonDir, "HEAD")
	}
	wts, _ := filepath.Glob(filepath.Join(r.CommonDir, "worktrees", "*", "HEAD"))
	for _, w := range wts {
		heads["HEAD@"+filepath.Base(filepath.Dir(w))] = w
	}
	for name, file := range heads {
		if id, ok := r.resolveFile(file, m, 0); ok {
			m[name] = id
		}
	}
	out := make([]Ref, 0, len(m)+8)
	for name, id := range m {
		out = append(out, Ref{name, id})
	}
	// The stash keeps older entries in its reflog only.
	if data, err := safefile.ReadFile(filepath.Join(r.CommonDir, "logs", "refs", "stash"), safefile.MetaCap, safefile.Options{}); err == nil {
		for i, line := range strings.Split(string(data), "\n") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				if id, ok := ParseID(f[1]); ok {
					out = append(out, Ref{fmt.Sprintf("refs/stash@{log %d}", i), id})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// packedRefs reads packed-refs: name to id, peeled lines left out. A
// missing file is no refs.
func (r *Repo) packedRefs() (map[string]ID, error) {
	m := map[string]ID{}
	data, err := safefile.ReadFile(filepath.Join(r.CommonDir, "packed-refs"), safefile.MetaCap, safefile.Options{})
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, err
	}
	parsePackedRefs(data, m)
	return m, nil
}

// parsePackedRefs adds the refs of packed-refs data to m: lines of "ID
// NAME"; comments, peeled lines ("^ID") and malformed lines are skipped.
func parsePackedRefs(data []byte, m map[string]ID) {
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || line[0] == '#' || line[0] == '^' {
			continue
		}
		h, name, ok := strings.Cut(line, " ")
		if id, good := ParseID(h); ok && good {
			m[name] = id
		}
	}
}

// resolveFile reads a loose ref file: an id, or "ref: NAME" resolved
// through loose and packed refs, at most 5 levels deep.
func (r *Repo) resolveFile(file string, packed map[string]ID, depth int) (ID, bool) {
	data, err := safefile.ReadFile(file, safefile.SmallCap, safefile.Options{})
	if err != nil || depth > 5 {
		return ID{}, false
	}
	s := strings.TrimSpace(string(data))
	if target, ok := strings.CutPrefix(s, "ref: "); ok {
		if id, ok := r.resolveFile(filepath.Join(r.CommonDir, filepath.FromSlash(target)), packed, depth+1); ok {
			return id, true
		}
		id, ok := packed[target]
		return id, ok
	}
	return ParseID(s)
}

// Head returns the commit HEAD points at, through symbolic and packed
// refs. ok is false, with no error, when HEAD names a branch that does
// not exist yet (an unborn branch: nothing is committed) or there is no
// HEAD file; a HEAD that is neither a symbolic ref nor an id is an error.
func (r *Repo) Head() (id ID, ok bool, err error) {
	data, err := safefile.ReadFile(filepath.Join(r.GitDir, "HEAD"), safefile.SmallCap, safefile.Options{})
	if errors.Is(err, fs.ErrNotExist) {
		return ID{}, false, nil
	}
	if err != nil {
		return ID{}, false, err
	}
	s := strings.TrimSpace(string(data))
	target, sym := strings.CutPrefix(s, "ref: ")
	if !sym {
		if id, ok = ParseID(s); !ok {
			return ID{}, false, fmt.Errorf("HEAD holds neither a ref nor an object id")
		}
		return id, true, nil
	}
	packed, err := r.packedRefs()
	if err != nil {
		return ID{}, false, err
	}
	if id, ok = r.resolveFile(filepath.Join(r.CommonDir, filepath.FromSlash(target)), packed, 1); ok {
		return id, true, nil
	}
	id, ok = packed[target]
	return id, ok, nil
}

// Shallow returns the boundary commits of a shallow clone (none when the
// repository is complete).
func (r *Repo) Shallow() []string {
	data, err := safefile.ReadFile(filepath.Join(r.CommonDir, "shallow"), safefile.MetaCap, safefile.Options{})
	if err != nil {
		return nil
	}
	return strings.Fields(string(data))
}

// Partial reports whether the repository is a partial clone: objects the
// promisor remote holds are missing on purpose, and are never fetched
// here.
func (r *Repo) Partial() bool {
	if r.configValue("extensions", "partialclone") != "" {
		return true
	}
	ps, _ := filepath.Glob(filepath.Join(r.CommonDir, "objects", "pack", "*.promisor"))
	return len(ps) > 0
}
