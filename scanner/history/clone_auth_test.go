package history

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cambscan/cambscan/internal/forge/forgetest"
	"github.com/cambscan/cambscan/scanner"
)

const cloneToken = "glpat-fake-clone-token-0123" // not a real token

// authServer serves root over smart HTTP, answering 401 to a request
// without the Basic credential oauth2:cloneToken, and records the
// Authorization headers it saw.
type authServer struct {
	url  string
	host string
	mu   sync.Mutex
	seen []string
}

func newAuthServer(t *testing.T, root string) *authServer {
	s := &authServer{}
	git := forgetest.GitHandler(root, "")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.seen = append(s.seen, r.Header.Get("Authorization"))
		s.mu.Unlock()
		user, pass, ok := r.BasicAuth()
		if !ok || user != "oauth2" || pass != cloneToken {
			w.Header().Set("WWW-Authenticate", `Basic realm="t"`)
			http.Error(w, "auth", http.StatusUnauthorized)
			return
		}
		git.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	s.url, s.host = srv.URL, strings.TrimPrefix(srv.URL, "http://")
	return s
}

// TestCloneAuth: a clone of a repository that needs the token succeeds
// with CloneAuth on both backends and fails without it, and no error
// shows the token.
func TestCloneAuth(t *testing.T) {
	r, want := remoteRepo(t)
	srv := newAuthServer(t, filepath.Dir(r.dir))
	url := srv.url + "/" + filepath.Base(r.dir)
	auth := &CloneAuth{Host: srv.host, User: "oauth2", Password: cloneToken}
	for _, b := range cloneBackends {
		t.Setenv(cloneBackendEnv, b)
		t.Setenv("TMPDIR", t.TempDir())
		res := scanGit(t, url, Options{CloneAuth: auth}, scanner.Options{})
		wantBriefs(t, res, want...)

		dir, err := cloneTemp(context.Background(), url, 0, nil)
		if err == nil {
			removeClone(dir)
			t.Errorf("%s: a clone without the token succeeded", b)
		}
		other := &CloneAuth{Host: "127.0.0.1:1", User: "oauth2", Password: cloneToken}
		dir, err = cloneTemp(context.Background(), url, 0, other)
		if err == nil {
			removeClone(dir)
			t.Errorf("%s: a credential for another host was sent", b)
		} else if strings.Contains(err.Error(), cloneToken) {
			t.Errorf("%s: the error shows the token: %v", b, err)
		}
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	withAuth := 0
	for _, a := range srv.seen {
		if a != "" {
			withAuth++
		}
	}
	if withAuth == 0 {
		t.Error("the server never saw the credential")
	}
}

// TestCloneAuthRedirect: a clone host that redirects to another host
// does not pass the credential on, on either backend.
func TestCloneAuthRedirect(t *testing.T) {
	rec := forgetest.StartRecorder(t)
	redir := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, rec.Server.URL+r.URL.RequestURI(), http.StatusFound)
	}))
	defer redir.Close()
	auth := &CloneAuth{Host: strings.TrimPrefix(redir.URL, "http://"), User: "x-access-token", Password: cloneToken}
	for _, b := range cloneBackends {
		t.Setenv(cloneBackendEnv, b)
		t.Setenv("TMPDIR", t.TempDir())
		dir, err := cloneTemp(context.Background(), redir.URL+"/r.git", 0, auth)
		if err == nil {
			removeClone(dir)
			t.Errorf("%s: the clone succeeded", b)
		} else if strings.Contains(err.Error(), cloneToken) {
			t.Errorf("%s: the error shows the token: %v", b, err)
		}
	}
	t.Logf("the redirect target got %d requests", len(rec.Requests()))
	for _, r := range rec.Requests() {
		if r.Authorization != "" {
			t.Errorf("the redirect target got an Authorization header on %s", r.Path)
		}
	}
}

func TestCloneAuthGitEnv(t *testing.T) {
	a := &CloneAuth{Host: "git.example.com", User: "oauth2", Password: cloneToken}
	env := a.GitEnv("https://git.example.com/g/p.git")
	joined := strings.Join(env, "\n")
	if !strings.Contains(joined, "GIT_CONFIG_KEY_0=http.https://git.example.com/.extraHeader") ||
		!strings.Contains(joined, "GIT_CONFIG_VALUE_1=false") {
		t.Errorf("env = %q", env)
	}
	for _, u := range []string{"https://other.example/g/p.git", "ssh://git.example.com/g/p.git", "https://u:p@git.example.com/g.git", "git@git.example.com:g/p.git"} {
		if env := a.GitEnv(u); env != nil || a.GoGit(u) != nil {
			t.Errorf("%s: credential given: %q", u, env)
		}
	}
	var none *CloneAuth
	if none.GitEnv("https://git.example.com/g.git") != nil || none.GoGit("https://git.example.com/g.git") != nil {
		t.Error("a nil CloneAuth gave a credential")
	}
}
