package history

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-git/go-billy/v5/osfs"
	gogit "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// scpLike matches git's scp-style remote syntax, user@host:path.
var scpLike = regexp.MustCompile(`^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:[^/]`)

// isCloneURL reports whether target names a remote to clone rather than
// a local path: a URL with a scheme git knows, or user@host:path.
func isCloneURL(target string) bool {
	for _, s := range []string{"https://", "http://", "ssh://", "git://", "file://", "git+ssh://", "ssh+git://"} {
		if strings.HasPrefix(strings.ToLower(target), s) {
			return true
		}
	}
	if _, err := os.Stat(target); err == nil {
		return false
	}
	return scpLike.MatchString(target)
}

// DefaultCloneIdle is how long a clone may go without progress (no byte
// received into the clone, no progress message from the server) before it
// is abandoned.
const DefaultCloneIdle = 30 * time.Second

// ErrCloneStalled is wrapped by the error of a clone abandoned for want of
// progress.
var ErrCloneStalled = errors.New("the remote stopped sending")

// cloneCache is the object cache of the go-git clone's storage: go-git's
// default is 96 MiB, and a clone only writes the pack and its index.
const cloneCache = 4 << 20

// cloneBackendEnv names the environment variable that picks the clone
// backend: "git" (the git executable, which must be there), "go" (go-git)
// or "auto"/unset (git when it is on PATH, else go-git). Tests use it to
// check that both give the same findings.
const cloneBackendEnv = "CAMBSCAN_CLONE_BACKEND"

// cloneBackend returns "git" or "go" as cloneBackendEnv asks.
func cloneBackend() (string, error) {
	switch v := os.Getenv(cloneBackendEnv); v {
	case "", "auto":
		if _, err := exec.LookPath("git"); err == nil {
			return "git", nil
		}
		return "go", nil
	case "go":
		return "go", nil
	case "git", "exec":
		if _, err := exec.LookPath("git"); err != nil {
			return "", fmt.Errorf("%s=%s: git executable not found", cloneBackendEnv, v)
		}
		return "git", nil
	default:
		return "", fmt.Errorf("%s=%q: want auto, git or go", cloneBackendEnv, v)
	}
}

// cloneTemp clones url into a new temporary bare repository and returns
// its directory; the caller removes it. Every ref of the remote is fetched
// (branches, tags, pull requests, notes), as a mirror would, so that the
// scan sees what a local copy of the remote holds. The git executable
// clones when it is there (cloneGit: a fraction of go-git's memory),
// go-git otherwise. A clone that makes no progress for idle (0:
// DefaultCloneIdle) fails with ErrCloneStalled. On error or cancellation
// nothing is left behind. Errors never hold the URL's userinfo. auth, when
// it is for url, authenticates the clone (see CloneAuth).
func cloneTemp(ctx context.Context, url string, idle time.Duration, auth *CloneAuth) (string, error) {
	dir, err := os.MkdirTemp("", "cambscan-clone-")
	if err != nil {
		shown, _ := splitUserinfo(url)
		return "", fmt.Errorf("clone %s: %w", shown, err)
	}
	if err := cloneInto(ctx, url, dir, idle, auth); err != nil {
		return "", err
	}
	return dir, nil
}

// cloneInto clones url into the new empty directory dir, as cloneTemp
// describes; on error or cancellation it removes dir.
func cloneInto(ctx context.Context, url, dir string, idle time.Duration, auth *CloneAuth) error {
	if idle <= 0 {
		idle = DefaultCloneIdle
	}
	shown, secrets := splitUserinfo(url)
	secrets = append(secrets, auth.secrets()...)
	liveClones.add(dir)
	backend, err := cloneBackend()
	if err != nil {
		removeClone(dir)
		return fmt.Errorf("clone %s: %w", shown, err)
	}
	// The clone is given ctx: it stops when ctx ends, so Ctrl-C does not
	// wait for the transfer, and neither does a stall.
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	progress := &progressCount{}
	stop := watchClone(ctx, cancel, dir, progress, idle)
	if backend == "git" {
		err = cloneGit(ctx, url, dir, progress, idle, auth.GitEnv(url))
	} else {
		err = cloneGoGit(ctx, url, dir, progress, auth)
	}
	stop()
	if err != nil {
		removeClone(dir)
		if errors.Is(context.Cause(ctx), ErrCloneStalled) {
			return fmt.Errorf("clone %s: no progress for %v: %w", shown, idle, ErrCloneStalled)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &cloneError{url: shown, secrets: secrets, err: err}
	}
	return nil
}

// A cloneError is a failed clone. Its message leaves out the userinfo of
// the URL: git and go-git quote the URL in theirs.
type cloneError struct {
	url     string   // without userinfo
	secrets []string // the userinfo and its parts, as splitUserinfo returns them
	err     error
}

func (e *cloneError) Error() string {
	msg := e.err.Error()
	for _, s := range e.secrets {
		msg = strings.ReplaceAll(msg, s, "")
	}
	return "clone " + e.url + ": " + msg
}

func (e *cloneError) Unwrap() error { return e.err }

// splitUserinfo returns url without its userinfo
// (https://x-access-token:TOKEN@host/r.git becomes https://host/r.git) and
// the strings to remove from a message that may quote it: the userinfo
// with its "@", the userinfo, and the password (or a lone user name, which
// is often a token), raw and unescaped. scp-like addresses (git@host:r)
// keep their user: it names an account, not a secret. (The root package
// drops userinfo from everything it prints; scanner/history may not use
// its redactor, STYLE 2.4.)
func splitUserinfo(url string) (string, []string) {
	i := strings.Index(url, "://")
	if i < 0 {
		return url, nil
	}
	start := i + 3
	end := len(url)
	if j := strings.IndexAny(url[start:], "/?#"); j >= 0 {
		end = start + j
	}
	at := strings.LastIndexByte(url[start:end], '@')
	if at < 0 {
		return url, nil
	}
	info := url[start : start+at]
	secrets := []string{info + "@", info}
	user, pass, hasPass := strings.Cut(info, ":")
	part := user
	if hasPass {
		part = pass
	}
	if part != "" {
		secrets = append(secrets, part)
		if u, err := neturl.PathUnescape(part); err == nil && u != part && u != "" {
			secrets = append(secrets, u)
		}
	}
	return url[:start] + url[start+at+1:], secrets
}

// cloneGoGit clones url into dir with go-git, reporting the server's
// progress messages to progress.
func cloneGoGit(ctx context.Context, url, dir string, progress *progressCount, auth *CloneAuth) error {
	// The pack is written to disk as it arrives and indexed from there;
	// the small object cache keeps go-git from holding decoded objects.
	st := filesystem.NewStorageWithOptions(osfs.New(dir), cache.NewObjectLRU(cloneCache), filesystem.Options{})
	defer st.Close()
	_, err := gogit.CloneContext(ctx, &indexWatch{Storage: st, progress: progress}, nil, &gogit.CloneOptions{
		URL:      url,
		Auth:     auth.GoGit(url),
		Mirror:   true,
		Tags:     gogit.AllTags,
		Progress: progress,
	})
	return err
}

// indexWatch is go-git's storage with one change: once the whole pack
// has arrived, the stall watch stops. go-git then indexes the pack
// without a word or a byte written (about 50 s for a 160 MB pack on a
// busy machine), which is work, not a silent server. Every other method
// is the storage's own, so go-git sees the same optional interfaces.
type indexWatch struct {
	*filesystem.Storage
	progress *progressCount
}

func (s *indexWatch) PackfileWriter() (io.WriteCloser, error) {
	w, err := s.Storage.PackfileWriter()
	if err != nil {
		return nil, err
	}
	return &packWriter{WriteCloser: w, progress: s.progress}, nil
}

type packWriter struct {
	io.WriteCloser
	progress *progressCount
}

// Close is called once the pack has arrived; it waits for the index.
func (w *packWriter) Close() error {
	w.progress.indexing.Store(true)
	return w.WriteCloser.Close()
}

// progressCount counts the bytes of the server's progress messages.
// indexing says that the transfer is over and the clone is indexing what
// it received: the stall watch stops.
type progressCount struct {
	n        atomic.Int64
	indexing atomic.Bool
}

func (p *progressCount) Write(b []byte) (int, error) {
	p.n.Add(int64(len(b)))
	return len(b), nil
}

// watchClone cancels ctx with ErrCloneStalled when neither the bytes on
// disk under dir nor the progress messages grow for idle, until the
// transfer is over (progress.indexing). Progress is
// polled (a few times per idle period, at most once a second): it works the
// same for every transport go-git speaks, including a server that accepts
// the connection and then says nothing at all. stop ends the watch.
func watchClone(ctx context.Context, cancel context.CancelCauseFunc, dir string, progress *progressCount, idle time.Duration) (stop func()) {
	every := min(idle/4, time.Second)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(every)
		defer t.Stop()
		last, since := int64(-1), time.Now()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if progress.indexing.Load() {
				return
			}
			n := progress.n.Load() + diskBytes(dir)
			if n != last {
				last, since = n, time.Now()
				continue
			}
			if time.Since(since) >= idle {
				cancel(ErrCloneStalled)
				return
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// diskBytes is the size of the files under dir.
func diskBytes(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// liveClones are the temporary clone directories not yet removed, so that a
// forced exit can remove them (RemoveTempClones).
var liveClones cloneSet

type cloneSet struct {
	mu    sync.Mutex
	dirs  map[string]bool
	procs map[*exec.Cmd]bool // running git clones, killed by RemoveTempClones
}

// addProc records a started clone process; the returned func forgets it.
func (s *cloneSet) addProc(cmd *exec.Cmd) (done func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.procs == nil {
		s.procs = map[*exec.Cmd]bool{}
	}
	s.procs[cmd] = true
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.procs, cmd)
	}
}

// killProcs kills every running clone process (and, where the system has
// them, its process group).
func (s *cloneSet) killProcs() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for cmd := range s.procs {
		killClone(cmd)
	}
}

func (s *cloneSet) add(dir string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dirs == nil {
		s.dirs = map[string]bool{}
	}
	s.dirs[dir] = true
}

func (s *cloneSet) take() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for d := range s.dirs {
		out = append(out, d)
	}
	s.dirs = nil
	return out
}

// removeClone removes a temporary clone and forgets it.
func removeClone(dir string) error {
	liveClones.mu.Lock()
	delete(liveClones.dirs, dir)
	liveClones.mu.Unlock()
	return os.RemoveAll(dir)
}

// RemoveTempClones kills the git clones still running and removes every
// temporary clone directory still on disk,
// waiting at most limit for it: it is for a process about to exit without
// letting its scans finish (a second Ctrl-C). Directories not removed in
// time stay behind in the temporary directory.
func RemoveTempClones(limit time.Duration) {
	// A git clone runs in its own session: the terminal's signal does not
	// reach it, and it must not outlive this process.
	liveClones.killProcs()
	dirs := liveClones.take()
	if len(dirs) == 0 {
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, d := range dirs {
			os.RemoveAll(d)
		}
	}()
	select {
	case <-done:
	case <-time.After(limit):
	}
}
