package scanner

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"

	"github.com/cambscan/cambscan/internal/gitdir"
)

// ErrNotAWorkTree is returned by the staged source outside a git work tree.
var ErrNotAWorkTree = gitdir.ErrNotAWorkTree

// A workTree is where a work tree's repository lives.
type workTree struct {
	top    string // absolute top directory of the work tree
	gitDir string // its git directory: .git, or .git/worktrees/NAME, or .git/modules/NAME
	common string // the common directory (objects, refs, config): gitDir unless a linked worktree
}

// findWorkTree looks for .git in dir and its parents, the way git does
// without GIT_DIR (see package gitdir).
func findWorkTree(dir string) (workTree, error) {
	wt, err := gitdir.Find(dir)
	return workTree{top: wt.Top, gitDir: wt.GitDir, common: wt.Common}, err
}

// openObjects opens the object store of wt (its objects directory, then
// the alternates it names) for reads by id, with no sorting of the packs.
//
// go-git's object storage is not used here because its first read from a
// pack decodes the whole .idx and then builds a map from offset to hash of
// every object: 63 ms of the 225 ms a staged scan took in a repository of
// 200 000 files, growing with the repository.
func openObjects(wt workTree) *gitStore {
	// An unreadable pack: its objects are missing, and reads say so.
	st, _ := openObjectStore(gitAlternates(filepath.Join(wt.common, "objects"), 0, nil))
	return st
}

// openRefs opens the reference storage of wt with go-git: HEAD stays per
// worktree, the refs are shared. Objects are read with openObjects.
func openRefs(wt workTree) storer.ReferenceStorer {
	var fs billy.Filesystem = osfs.New(wt.gitDir)
	if wt.common != wt.gitDir {
		fs = dotgit.NewRepositoryFilesystem(fs, osfs.New(wt.common))
	}
	return filesystem.NewStorage(fs, cache.NewObjectLRUDefault())
}

// headTree returns the root tree hash of HEAD's commit, or the zero hash
// when HEAD is unborn (the first commit of a repository).
func headTree(refs storer.ReferenceStorer, objs *gitStore) (plumbing.Hash, error) {
	ref, err := storer.ResolveReference(refs, plumbing.HEAD)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return plumbing.ZeroHash, nil
	}
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("resolve HEAD: %w", err)
	}
	return commitTree(objs, ref.Hash())
}

// commitTree returns the tree of commit h: its first header line.
func commitTree(objs *gitStore, h plumbing.Hash) (plumbing.Hash, error) {
	typ, data, err := objs.read(gitID(h))
	if err == nil && typ != gitObjCommit {
		err = fmt.Errorf("a %s, not a commit", gitTypeName(typ))
	}
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("read commit %s: %w", h, err)
	}
	line, _, _ := strings.Cut(string(data[:min(len(data), 64)]), "\n")
	tree, ok := strings.CutPrefix(line, "tree ")
	if !ok || !plumbing.IsHash(tree) {
		return plumbing.ZeroHash, fmt.Errorf("read commit %s: no tree header", h)
	}
	return plumbing.NewHash(tree), nil
}

// mergeTrees returns the root trees of the commits in MERGE_HEAD (one per
// merged branch), or nil outside a merge.
func mergeTrees(objs *gitStore, gitDir string) ([]plumbing.Hash, error) {
	f, err := os.Open(filepath.Join(gitDir, "MERGE_HEAD"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var trees []plumbing.Hash
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !plumbing.IsHash(line) {
			continue
		}
		t, err := commitTree(objs, plumbing.NewHash(line))
		if err != nil {
			return nil, fmt.Errorf("MERGE_HEAD: %w", err)
		}
		trees = append(trees, t)
	}
	return trees, sc.Err()
}
