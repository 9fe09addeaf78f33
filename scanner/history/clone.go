package history

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	gogit "github.com/go-git/go-git/v5"
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

// cloneTemp clones url with go-git into a new temporary bare repository
// and returns its directory; the caller removes it. Every ref of the
// remote is fetched (branches, tags, pull requests, notes), as a mirror
// would, so that the scan sees what a local copy of the remote holds. On
// error or cancellation nothing is left behind.
func cloneTemp(ctx context.Context, url string) (string, error) {
	dir, err := os.MkdirTemp("", "cambscan-clone-")
	if err != nil {
		return "", fmt.Errorf("clone %s: %w", url, err)
	}
	liveClones.add(dir)
	// The clone is given ctx: go-git stops fetching when it ends, so
	// Ctrl-C does not wait for the transfer.
	_, err = gogit.PlainCloneContext(ctx, dir, true, &gogit.CloneOptions{
		URL:    url,
		Mirror: true,
		Tags:   gogit.AllTags,
	})
	if err != nil {
		removeClone(dir)
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", fmt.Errorf("clone %s: %w", url, err)
	}
	return dir, nil
}

// liveClones are the temporary clone directories not yet removed, so that a
// forced exit can remove them (RemoveTempClones).
var liveClones cloneSet

type cloneSet struct {
	mu   sync.Mutex
	dirs map[string]bool
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

// RemoveTempClones removes every temporary clone directory still on disk,
// waiting at most limit for it: it is for a process about to exit without
// letting its scans finish (a second Ctrl-C). Directories not removed in
// time stay behind in the temporary directory.
func RemoveTempClones(limit time.Duration) {
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
