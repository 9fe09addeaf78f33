package history

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-billy/v5/osfs"
	gogit "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/cambscan/cambscan/internal/git"
)

// MirrorOptions configure [UpdateMirror].
type MirrorOptions struct {
	// Idle is how long a clone or fetch may make no progress before it
	// fails; 0 means DefaultCloneIdle.
	Idle time.Duration
	// TempDir is where a new mirror is cloned before it is renamed into
	// place; it must be on the same file system as the mirror. Empty
	// means the mirror's parent directory.
	TempDir string
	// Auth, when it is for the URL, authenticates the clone and the fetch
	// as it does a one-off clone (see CloneAuth).
	Auth *CloneAuth
}

// A MirrorResult says what UpdateMirror did.
type MirrorResult struct {
	Cloned  bool   // the mirror was cloned (it was not there, or was damaged)
	Damaged string // why an existing mirror was cloned again; "" when it was not
	Fetched bool   // an existing mirror was brought up to date
}

// fetchSpec is the refspec of a mirror: every ref, as the remote has it.
const fetchSpec = "+refs/*:refs/*"

// UpdateMirror keeps dir a bare mirror of url (every ref: +refs/*:refs/*).
// When dir holds a mirror that internal/git can open, it fetches into it
// with --prune (git fetch when git is on PATH, go-git otherwise), so only
// new objects cross the wire. Otherwise (no mirror yet, or one that
// cannot be opened or whose fetch reports corruption: it is then cloned
// again, and Damaged says why) it clones url into a temporary directory
// next to dir and renames it into place, so dir is never a half clone.
// The caller must hold the lock of dir: nothing here guards against two
// processes updating one mirror. Errors never hold the URL's userinfo.
func UpdateMirror(ctx context.Context, url, dir string, opts MirrorOptions) (MirrorResult, error) {
	var res MirrorResult
	if _, err := os.Stat(dir); err == nil {
		problem := checkMirror(dir)
		if problem == "" {
			err := fetchMirror(ctx, url, dir, opts.Idle, opts.Auth)
			if err == nil {
				res.Fetched = true
				return res, nil
			}
			if ctx.Err() != nil || !corruptFetch().MatchString(err.Error()) {
				return res, err
			}
			problem = err.Error()
		}
		res.Damaged = problem
	}
	parent := opts.TempDir
	if parent == "" {
		parent = filepath.Dir(dir)
	}
	// The name says whose clone it is: internal/cache removes one that a
	// killed run left once that repository's lock is free.
	tmp, err := os.MkdirTemp(parent, ".tmp-clone-"+strings.TrimSuffix(filepath.Base(dir), ".git")+"-")
	if err != nil {
		return res, err
	}
	if err := cloneInto(ctx, url, tmp, opts.Idle, opts.Auth); err != nil {
		return res, err
	}
	if err := forgetUserinfo(tmp, url); err != nil {
		removeClone(tmp)
		return res, err
	}
	// Out of the set a forced exit removes: it becomes the mirror.
	liveClones.mu.Lock()
	delete(liveClones.dirs, tmp)
	liveClones.mu.Unlock()
	if _, err := os.Stat(dir); err == nil {
		old := tmp + "-old"
		if err := os.Rename(dir, old); err != nil {
			os.RemoveAll(tmp)
			return res, fmt.Errorf("replace damaged mirror: %w", err)
		}
		defer os.RemoveAll(old)
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		return res, fmt.Errorf("mirror: %w", err)
	}
	res.Cloned = true
	return res, nil
}

// checkMirror returns why dir is not a mirror internal/git can read, or
// "": it must be a repository whose packs all open and whose every ref
// points at an object that is there.
func checkMirror(dir string) string {
	repo, err := git.Find(dir, git.FindOptions{})
	if err != nil {
		return err.Error()
	}
	st, bad := git.OpenStore(repo.ObjectDirs)
	defer st.Close()
	if len(bad) > 0 {
		return fmt.Sprintf("pack %s: %v", bad[0].Name, bad[0].Err)
	}
	refs, err := repo.Refs()
	if err != nil {
		return err.Error()
	}
	for _, ref := range refs {
		if _, _, err := st.Size(ref.ID); err != nil {
			return fmt.Sprintf("ref %s: %v", ref.Name, err)
		}
	}
	return ""
}

// corruptFetch matches the fetch errors of a damaged repository (as
// opposed to a network or server failure, which leaves the mirror as it
// is and fails the target).
var corruptFetch = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)corrupt|bad object|broken|unable to read|did not receive expected object|not a git repository|invalid (object|index|pack)|missing (blob|tree|commit|object)|object not found|packfile .* (bad|cannot)|index-pack failed`)
})

// fetchMirror fetches url into the mirror dir, with the stall watch of a
// clone.
func fetchMirror(ctx context.Context, url, dir string, idle time.Duration, auth *CloneAuth) error {
	if idle <= 0 {
		idle = DefaultCloneIdle
	}
	shown, secrets := splitUserinfo(url)
	secrets = append(secrets, auth.secrets()...)
	backend, err := cloneBackend()
	if err != nil {
		return fmt.Errorf("fetch %s: %w", shown, err)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	progress := &progressCount{}
	stop := watchClone(ctx, cancel, dir, progress, idle)
	if backend == "git" {
		err = fetchGit(ctx, url, dir, progress, idle, auth.GitEnv(url))
	} else {
		err = fetchGoGit(ctx, url, dir, progress, auth)
	}
	stop()
	if err != nil {
		if errors.Is(context.Cause(ctx), ErrCloneStalled) {
			return fmt.Errorf("fetch %s: no progress for %v: %w", shown, idle, ErrCloneStalled)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		e := &cloneError{url: shown, secrets: secrets, err: err}
		return fmt.Errorf("fetch: %s", e.Error()[len("clone "):])
	}
	return nil
}

// fetchGit runs `git fetch --prune URL +refs/*:refs/*` in the mirror, with
// the clean configuration and environment of cloneGit, and no automatic
// gc (a concurrent scan may be reading the packs).
func fetchGit(ctx context.Context, url, dir string, progress *progressCount, idle time.Duration, authEnv []string) error {
	args := []string{}
	for _, c := range append(cloneConfig(idle), "gc.auto=0", "maintenance.auto=false", "fetch.writeCommitGraph=false") {
		args = append(args, "-c", c)
	}
	args = append(args, "fetch", "--prune", "--progress", "--no-write-fetch-head", "--", url, fetchSpec)
	env := append(cloneEnv(os.Environ()), "GIT_CEILING_DIRECTORIES="+filepath.Dir(dir), "GIT_DIR="+dir)
	return runGit(ctx, "fetch", args, dir, append(env, authEnv...), progress)
}

// fetchGoGit fetches with go-git.
func fetchGoGit(ctx context.Context, url, dir string, progress *progressCount, auth *CloneAuth) error {
	st := filesystem.NewStorageWithOptions(osfs.New(dir), cache.NewObjectLRU(cloneCache), filesystem.Options{})
	defer st.Close()
	repo, err := gogit.Open(&indexWatch{Storage: st, progress: progress}, nil)
	if err != nil {
		return err
	}
	err = repo.FetchContext(ctx, &gogit.FetchOptions{
		RemoteURL: url,
		RefSpecs:  []config.RefSpec{fetchSpec},
		Prune:     true,
		Force:     true,
		Tags:      gogit.NoTags, // refs/tags/* are in the refspec
		Progress:  progress,
		Auth:      auth.GoGit(url),
	})
	if errors.Is(err, gogit.NoErrAlreadyUpToDate) {
		return nil
	}
	return err
}

// IsCloneURL reports whether target names a remote to clone (a URL with a
// scheme git knows, or user@host:path) rather than a local path.
func IsCloneURL(target string) bool { return isCloneURL(target) }

// forgetUserinfo removes the userinfo of url (a token, often) from the
// remote URLs a clone of it wrote into the configuration of dir: a mirror
// stays in the cache, and its fetches name the URL themselves.
func forgetUserinfo(dir, url string) error {
	if _, secrets := splitUserinfo(url); len(secrets) == 0 {
		return nil
	}
	st := filesystem.NewStorage(osfs.New(dir), cache.NewObjectLRU(cloneCache))
	defer st.Close()
	cfg, err := st.Config()
	if err != nil {
		return fmt.Errorf("mirror config: %w", err)
	}
	for _, r := range cfg.Remotes {
		for i, u := range r.URLs {
			r.URLs[i], _ = splitUserinfo(u)
		}
	}
	if err := st.SetConfig(cfg); err != nil {
		return fmt.Errorf("mirror config: %w", err)
	}
	return nil
}
