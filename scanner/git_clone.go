package scanner

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"

	git "github.com/go-git/go-git/v5"
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
	_, err = git.PlainCloneContext(ctx, dir, true, &git.CloneOptions{
		URL:    url,
		Mirror: true,
		Tags:   git.AllTags,
	})
	if err != nil {
		os.RemoveAll(dir)
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", fmt.Errorf("clone %s: %w", url, err)
	}
	return dir, nil
}
