package history

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cambscan/cambscan/scanner"
)

// cloneBackends are the values of cloneBackendEnv that pick each backend.
var cloneBackends = []string{"git", "go"}

// smartHTTP serves the repositories under root over git's smart HTTP
// protocol on loopback (git http-backend as a CGI program) and returns the
// server's URL.
func smartHTTP(t *testing.T, root string) string {
	t.Helper()
	gitExe, err := exec.LookPath("git")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(&cgi.Handler{
		Path: gitExe,
		Args: []string{"http-backend"},
		Env: []string{
			"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1",
			"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=" + os.DevNull,
		},
		Stderr: io.Discard, // "Not a git repository" for a missing one
	})
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestCloneBackendsSameFindings clones the same repository with the git
// executable and with go-git, over smart HTTP and file://, and requires
// the same findings from both (DESIGN section 4: git is an accelerator,
// go-git the complete fallback).
func TestCloneBackendsSameFindings(t *testing.T) {
	r, want := remoteRepo(t)
	r.git("tag", "-a", "-m", "v1", "v1")
	r.git("update-ref", "refs/pull/1/head", "topic")
	base := smartHTTP(t, filepath.Dir(r.dir))
	for _, url := range []string{base + "/" + filepath.Base(r.dir), "file://" + r.dir} {
		var got [][]scanner.Finding
		for _, b := range cloneBackends {
			t.Setenv(cloneBackendEnv, b)
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp)
			res := scanGit(t, url, Options{}, scanner.Options{})
			wantBriefs(t, res, want...)
			got = append(got, res.Findings)
			noClonesLeft(t, tmp)
		}
		if !reflect.DeepEqual(got[0], got[1]) {
			t.Errorf("%s: git clone found\n%+v\ngo-git clone found\n%+v", url, got[0], got[1])
		}
	}
}

// TestCloneBackendsStall: a server that accepts the connection and never
// answers fails with ErrCloneStalled on both backends, and the git
// process is gone (the directory it wrote into is removed).
func TestCloneBackendsStall(t *testing.T) {
	addr := silentServer(t)
	for _, b := range cloneBackends {
		for _, url := range []string{"http://" + addr + "/repo.git", "git://" + addr + "/repo.git"} {
			t.Setenv(cloneBackendEnv, b)
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp)
			errc := make(chan error, 1)
			go func() {
				_, err := cloneTemp(context.Background(), url, 300*time.Millisecond, nil)
				errc <- err
			}()
			select {
			case err := <-errc:
				if !errors.Is(err, ErrCloneStalled) {
					t.Errorf("%s %s: err = %v, want ErrCloneStalled", b, url, err)
				}
			case <-time.After(time.Minute):
				t.Fatalf("%s %s: the clone of a silent server hung", b, url)
			}
			noClonesLeft(t, tmp)
		}
	}
}

// TestCloneBackendsNoCredentials: the userinfo of a clone URL is in no
// error, whichever backend fails and however (a repository the server
// does not have, a server that asks for a password): git and go-git
// quote the URL in their messages.
func TestCloneBackendsNoCredentials(t *testing.T) {
	const secret = "ghs_cloneTestToken0123456789"
	base := smartHTTP(t, t.TempDir())
	authSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Basic realm="x"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer authSrv.Close()
	for _, b := range cloneBackends {
		t.Setenv(cloneBackendEnv, b)
		for _, srv := range []string{base, authSrv.URL} {
			url := strings.Replace(srv, "http://", "http://x-access-token:"+secret+"@", 1) + "/missing.git"
			_, err := cloneTemp(context.Background(), url, time.Minute, nil)
			if err == nil {
				t.Fatalf("%s %s: cloned a repository that is not there", b, srv)
			}
			if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "x-access-token") {
				t.Errorf("%s: the error shows the URL's userinfo: %v", b, err)
			}
			if !strings.Contains(err.Error(), strings.TrimPrefix(srv, "http://")) {
				t.Errorf("%s: the error does not name the server: %v", b, err)
			}
		}
	}
}

// TestCloneGitNoPrompt: a server that asks for credentials makes the git
// clone fail, without running the askpass program of the environment or
// a credential helper of the global configuration, and without waiting
// for anyone to type.
func TestCloneGitNoPrompt(t *testing.T) {
	needGit(t)
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("needs /bin/sh")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Basic realm="x"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	dir := t.TempDir()
	marker := filepath.Join(dir, "asked")
	askpass := filepath.Join(dir, "askpass.sh")
	if err := os.WriteFile(askpass, []byte("#!/bin/sh\necho asked >> "+marker+"\necho pw\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	global := filepath.Join(dir, "gitconfig")
	if err := os.WriteFile(global, []byte("[credential]\n\thelper = !"+askpass+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(cloneBackendEnv, "git")
	t.Setenv("GIT_ASKPASS", askpass)
	t.Setenv("SSH_ASKPASS", askpass)
	t.Setenv("GIT_CONFIG_GLOBAL", global)
	t.Setenv("GIT_TERMINAL_PROMPT", "1")
	errc := make(chan error, 1)
	go func() {
		_, err := cloneTemp(context.Background(), srv.URL+"/r.git", time.Minute, nil)
		errc <- err
	}()
	select {
	case err := <-errc:
		if err == nil {
			t.Fatal("the clone succeeded")
		}
	case <-time.After(time.Minute):
		t.Fatal("the clone waited for a prompt")
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("the askpass program or a credential helper was run")
	}
}

// TestCloneEnv: variables that would redirect or configure git are
// dropped; those that say how to reach the server stay.
func TestCloneEnv(t *testing.T) {
	env := cloneEnv([]string{
		"PATH=/bin", "HOME=/home/u", "GIT_DIR=/x", "GIT_CONFIG_PARAMETERS='core.hooksPath'='/evil'",
		"GIT_CONFIG_COUNT=1", "git_askpass=/evil", "SSH_ASKPASS=/evil", "GIT_SSH_COMMAND=ssh -i k",
		"GIT_TRACE_PACKET=1", "GIT_TEMPLATE_DIR=/evil", "GIT_ALLOW_PROTOCOL=ext", "https_proxy=http://p:3128",
	})
	got := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		got[k] = v
	}
	for _, k := range []string{"GIT_DIR", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "git_askpass", "SSH_ASKPASS", "GIT_TRACE_PACKET", "GIT_TEMPLATE_DIR", "GIT_ALLOW_PROTOCOL"} {
		if _, ok := got[k]; ok {
			t.Errorf("%s kept", k)
		}
	}
	for k, v := range map[string]string{"PATH": "/bin", "HOME": "/home/u", "GIT_SSH_COMMAND": "ssh -i k", "https_proxy": "http://p:3128",
		"GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.DevNull} {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

// TestCloneGitStderrMessage: git's progress is left out of the error,
// its fatal line kept.
func TestCloneGitStderrMessage(t *testing.T) {
	s := &stderrTail{progress: &progressCount{}}
	s.Write([]byte("Cloning into bare repository '/tmp/x'...\nremote: Enumerating objects: 5, done.\rReceiving objects:  40% (2/5)\r"))
	s.Write([]byte("Receiving objects: 100% (5/5), done.\nfatal: unable to access 'http://h/r.git/': The requested URL returned error: 404\n"))
	if got, want := s.message(), "fatal: unable to access 'http://h/r.git/': The requested URL returned error: 404"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
	if s.progress.n.Load() == 0 {
		t.Error("stderr did not count as progress")
	}
	big := strings.Repeat("Receiving objects:  1% (1/100)\r", 2000)
	s.Write([]byte(big))
	if len(s.buf) > stderrKeep {
		t.Errorf("kept %d bytes of stderr", len(s.buf))
	}
}

// TestCloneWatchIndexing: the stall watch cancels a clone whose directory
// and progress stand still, but not once the pack has arrived and go-git
// is indexing it (silently: about 50 s for a 160 MB pack).
func TestCloneWatchIndexing(t *testing.T) {
	for _, indexing := range []bool{false, true} {
		ctx, cancel := context.WithCancelCause(context.Background())
		p := &progressCount{}
		w := &packWriter{WriteCloser: nopWriteCloser{}, progress: p}
		if indexing {
			w.Close()
		}
		stop := watchClone(ctx, cancel, t.TempDir(), p, 20*time.Millisecond)
		if indexing {
			time.Sleep(300 * time.Millisecond) // 15 idle periods
		} else {
			select {
			case <-ctx.Done():
			case <-time.After(30 * time.Second):
			}
		}
		stop()
		stalled := errors.Is(context.Cause(ctx), ErrCloneStalled)
		if stalled == indexing {
			t.Errorf("indexing %v: stalled = %v", indexing, stalled)
		}
		cancel(nil)
	}
}

type nopWriteCloser struct{}

func (nopWriteCloser) Write(b []byte) (int, error) { return len(b), nil }
func (nopWriteCloser) Close() error                { return nil }

// TestSplitUserinfo: the URL shown in clone errors has no userinfo, and a
// message quoting the secret in any usual form loses it.
func TestSplitUserinfo(t *testing.T) {
	for _, c := range []struct{ url, shown, msg string }{
		{"https://x-access-token:ghs_T%40K@github.com/o/r.git", "https://github.com/o/r.git",
			"fatal: https://x-access-token:ghs_T%40K@github.com/o/r.git ghs_T%40K ghs_T@K"},
		{"https://ghp_TOKEN@host/r", "https://host/r", "auth failed for ghp_TOKEN@host and ghp_TOKEN"},
		{"git@github.com:o/r.git", "git@github.com:o/r.git", ""},
		{"http://127.0.0.1:8080/r.git", "http://127.0.0.1:8080/r.git", ""},
	} {
		shown, secrets := splitUserinfo(c.url)
		if shown != c.shown {
			t.Errorf("%s: shown %q, want %q", c.url, shown, c.shown)
		}
		msg := (&cloneError{url: shown, secrets: secrets, err: errors.New(c.msg)}).Error()
		for _, bad := range []string{"ghs_T", "ghp_TOKEN", "x-access-token"} {
			if strings.Contains(msg, bad) {
				t.Errorf("%s: %q shows %s", c.url, msg, bad)
			}
		}
	}
}
