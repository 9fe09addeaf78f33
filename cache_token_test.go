package main

import (
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/internal/forge/forgetest"
)

// A clone URL with a token in its userinfo (from --repos-file, say) must
// leave no trace of the token in the cache: not in the mirror's config
// (git clone --mirror keeps the URL as remote.origin.url), nor anywhere
// else under the cache directory.
func TestCacheMirrorKeepsNoURLToken(t *testing.T) {
	fl := newFleet(t)
	key := fakekey.New("token " + t.Name())
	fl.repo("a", "readme.txt")
	fl.commit("a", "k.env", "CAMB_API_KEY="+key+"\n")
	root := t.TempDir()
	forgetest.BareRepo(t, root, "org/a", filepath.Join(fl.root, "a"))
	srv := httptest.NewServer(forgetest.GitHandler(root, "/git"))
	t.Cleanup(srv.Close)
	const token = "ghp_V1secretTokenNeverInTheCache0123"
	url := strings.Replace(srv.URL, "http://", "http://x-access-token:"+token+"@", 1) + "/git/org/a.git"
	cache := t.TempDir()
	for run := 1; run <= 2; run++ { // the clone, then the fetch
		if r := cacheScan(t, cache, nil, url); len(r.Findings) != 1 {
			t.Fatalf("run %d: %d findings, want 1", run, len(r.Findings))
		}
		filepath.WalkDir(cache, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return err
			}
			b, err := os.ReadFile(p)
			if err == nil && strings.Contains(string(b), token) {
				rel, _ := filepath.Rel(cache, p)
				t.Errorf("run %d: the token is in the cache, in %s", run, rel)
			}
			return nil
		})
	}
}
