package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// gatedGit serves the repositories under root over smart HTTP on loopback;
// requests for a repository whose name starts with "slow" wait until open
// is called (or the client goes away).
func gatedGit(t *testing.T, root string) (url string, open func()) {
	t.Helper()
	gitExe, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git not installed")
	}
	backend := &cgi.Handler{
		Path: gitExe, Args: []string{"http-backend"},
		Env:    []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1", "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=" + os.DevNull},
		Stderr: io.Discard,
	}
	gate := make(chan struct{})
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/slow") {
			select {
			case <-gate:
			case <-r.Context().Done():
				return
			}
		}
		backend.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { once.Do(func() { close(gate) }) })
	return srv.URL, func() { once.Do(func() { close(gate) }) }
}

// TestCacheKilledRunResumes runs cambscan (the test binary) over a list of
// repositories with --cache-dir, SIGKILLs it once the first two are
// finished (their records are on disk) while the third is being cloned,
// and runs it again: the finished repositories' blobs are not read again,
// their findings keep the first_seen the killed run recorded, and the
// killed clone's temporary directory is removed.
func TestCacheKilledRunResumes(t *testing.T) {
	fl := newFleet(t)
	key := fakekey.New("killed " + t.Name())
	var names []string
	for _, n := range []string{"fast1", "fast2", "slow3", "slow4", "slow5"} {
		fl.repo(n, "x.txt", "y.txt")
		hookGit(t, fl.root, "clone", "-q", "--bare", filepath.Join(fl.root, n), filepath.Join(fl.root, n+".git"))
		names = append(names, n+".git")
	}
	fl.commit("fast1", "k.env", "CAMB_API_KEY="+key+"\n")
	hookGit(t, filepath.Join(fl.root, "fast1"), "push", "-q", filepath.Join(fl.root, "fast1.git"), "main")
	base, open := gatedGit(t, fl.root)
	list := filepath.Join(t.TempDir(), "repos.txt")
	var urls []string
	for _, n := range names {
		urls = append(urls, base+"/"+n)
	}
	if err := os.WriteFile(list, []byte(strings.Join(urls, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	args := []string{"git", "--cache-dir", cache, "--repos-file", list, "--format", "json", "--progress", "never", "--clone-jobs", "2", "--fail-on", "none"}

	out, err := os.Create(filepath.Join(t.TempDir(), "killed.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd, stderr := startChild(t, t.TempDir(), out, args...)
	// Wait for the records of the two fast ones and a clone of a slow one.
	deadline := time.Now().Add(60 * time.Second)
	var tmps []string
	for {
		recs, _ := filepath.Glob(filepath.Join(cache, "records", "*.json"))
		segs, _ := filepath.Glob(filepath.Join(cache, "blobs", "*", "seg-*.ids"))
		tmps, _ = filepath.Glob(filepath.Join(cache, "mirrors", ".tmp-clone-*slow*"))
		if len(recs) == 2 && len(segs) >= 2 && len(tmps) > 0 {
			break
		}
		if len(recs) > 2 {
			t.Fatalf("records %v: a slow repository finished", recs)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no records after 60 s (records %v, segments %v, clones %v); stderr:\n%s", recs, segs, tmps, stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if st := cmd.ProcessState.Sys().(syscall.WaitStatus); !st.Signaled() || st.Signal() != syscall.SIGKILL {
		t.Fatalf("the run was not killed: %v", cmd.ProcessState)
	}
	rec := readRecordFile(t, cache, "fast1")
	if len(rec.Findings) != 1 {
		t.Fatalf("fast1's record holds %d findings, want 1", len(rec.Findings))
	}
	var firstSeen string
	for _, f := range rec.Findings {
		firstSeen = f.FirstSeen
	}

	// The killed run's git clones live on (each in a session of its
	// own, waiting on the gate): end them, as a reboot or the pod's end
	// would, so none writes into the cache during the next run.
	killOrphans(t, base)
	open()
	r := cacheScan(t, cache, nil, urls...)
	// Three slow repositories with two blobs each, and the key's blob
	// (a blob holding a finding is read on every run); nothing else of
	// fast1 and fast2.
	if r.Stats.Files != 3*2+1 {
		t.Errorf("resumed run read %d blobs, want 7 (the slow repositories' and the key's)", r.Stats.Files)
	}
	if len(r.Findings) != 1 || r.Findings[0].FirstSeen != firstSeen {
		t.Errorf("resumed run: findings %+v, want fast1's with first_seen %s", r.Findings, firstSeen)
	}
	if left, _ := filepath.Glob(filepath.Join(cache, "mirrors", ".tmp-clone-*")); len(left) > 0 {
		t.Errorf("the killed clone's directory is still there: %v", left)
	}
	if recs, _ := filepath.Glob(filepath.Join(cache, "records", "*.json")); len(recs) != 5 {
		t.Errorf("%d records after the resumed run, want 5", len(recs))
	}
}

// readRecordFile reads the cache record of the repository whose mirror
// name holds name.
func readRecordFile(t *testing.T, cache, name string) (rec struct {
	Findings map[string]struct {
		FirstSeen string `json:"first_seen"`
	} `json:"findings"`
}) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(cache, "records", "*"+name+"*.json"))
	if len(files) != 1 {
		t.Fatalf("records of %s: %v", name, files)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatal(err)
	}
	return rec
}

// killOrphans SIGKILLs the processes whose command line names url (the
// git clones of a killed run and their transport helpers) and waits until
// they are gone.
func killOrphans(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		found := 0
		procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
		for _, p := range procs {
			b, err := os.ReadFile(p)
			if err != nil || !strings.Contains(string(b), url) {
				continue
			}
			stat, _ := os.ReadFile(filepath.Join(filepath.Dir(p), "stat"))
			if i := strings.LastIndexByte(string(stat), ')'); i > 0 && strings.HasPrefix(string(stat[i+1:]), " Z") {
				continue // a zombie writes nothing
			}
			var pid int
			fmt.Sscan(filepath.Base(filepath.Dir(p)), &pid)
			syscall.Kill(pid, syscall.SIGKILL)
			found++
		}
		if found == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d processes of the killed run still alive", found)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
