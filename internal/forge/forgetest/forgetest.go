// Package forgetest is a loopback fake of the GitHub REST API and the
// GitLab v4 API, for tests: it lists repositories page by page with Link
// headers, can answer with rate-limit headers and 403/429, and serves the
// repositories themselves over git's smart HTTP protocol (git
// http-backend as a CGI program), asking for the token for private ones.
// It records every request it receives, so that a test can check where a
// token went.
package forgetest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/cambscan/cambscan/internal/forge"
)

// A Repo is a repository the fake lists. Dir is a bare repository under
// the fake's Root, at Root/Name.git, served for clones.
type Repo struct {
	Name     string // owner/name, or group/sub/project
	Fork     bool
	Archived bool
	Private  bool // listed and cloned only with the token
}

// A Request is what the fake recorded of one request.
type Request struct {
	Host          string
	Path          string // with the query
	Authorization string
}

// A Fake is a fake forge on loopback. Set its fields before the first
// request.
type Fake struct {
	Kind  forge.Kind
	Token string // the token it accepts
	Repos []Repo
	// Owner is the organisation, user or group listed; its repositories
	// are those whose Name starts with Owner + "/" (for GitLab, at any
	// depth: subgroups).
	Owner   string
	PerPage int // repositories a page; 0 means 2
	// Limit, when set, is asked before a page is served: page is 1-based,
	// n counts the requests for that page so far (0 for the first).
	// A status of 0 serves the page with the extra headers h.
	Limit func(page, n int) (status int, h http.Header)
	// CloneHost, when set, is the host:port written in clone URLs
	// instead of the fake's own.
	CloneHost string
	// Root is the directory of the bare repositories (Root/Name.git).
	Root string

	Server *httptest.Server
	mu     sync.Mutex
	seen   []Request
	counts map[int]int
}

// Start starts the fake on 127.0.0.1 and stops it when the test ends.
func (f *Fake) Start(t testing.TB) {
	t.Helper()
	f.Server = httptest.NewServer(f)
	t.Cleanup(f.Server.Close)
}

// APIURL is the fake's API base URL.
func (f *Fake) APIURL() string {
	if f.Kind == forge.GitLab {
		return f.Server.URL + "/api/v4"
	}
	return f.Server.URL + "/api/v3"
}

// CloneURL is the clone URL of a repository.
func (f *Fake) CloneURL(name string) string {
	host := strings.TrimPrefix(f.Server.URL, "http://")
	if f.CloneHost != "" {
		host = f.CloneHost
	}
	return "http://" + host + "/git/" + name + ".git"
}

// Requests returns the requests received so far.
func (f *Fake) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.seen...)
}

func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.seen = append(f.seen, Request{Host: r.Host, Path: r.URL.RequestURI(), Authorization: r.Header.Get("Authorization")})
	f.mu.Unlock()
	switch {
	case strings.HasPrefix(r.URL.Path, "/api/"):
		f.serveAPI(w, r)
	case strings.HasPrefix(r.URL.Path, "/git/"):
		f.serveGit(w, r)
	default:
		http.NotFound(w, r)
	}
}

// authed reports whether r carries the token, as the API (Bearer) or git
// (Basic, any user) sends it.
func (f *Fake) authed(r *http.Request) bool {
	if f.Token == "" {
		return false
	}
	a := r.Header.Get("Authorization")
	if a == "Bearer "+f.Token {
		return true
	}
	if b, ok := strings.CutPrefix(a, "Basic "); ok {
		dec, err := base64.StdEncoding.DecodeString(b)
		if err == nil {
			_, pass, _ := strings.Cut(string(dec), ":")
			return pass == f.Token
		}
	}
	return false
}

func (f *Fake) serveAPI(w http.ResponseWriter, r *http.Request) {
	var owner string
	p := r.URL.EscapedPath()
	switch {
	case f.Kind == forge.GitHub && strings.HasPrefix(p, "/api/v3/orgs/"):
		owner = strings.TrimSuffix(strings.TrimPrefix(p, "/api/v3/orgs/"), "/repos")
	case f.Kind == forge.GitHub && strings.HasPrefix(p, "/api/v3/users/"):
		owner = strings.TrimSuffix(strings.TrimPrefix(p, "/api/v3/users/"), "/repos")
	case f.Kind == forge.GitLab && strings.HasPrefix(p, "/api/v4/groups/"):
		owner = strings.TrimSuffix(strings.TrimPrefix(p, "/api/v4/groups/"), "/projects")
		if r.URL.Query().Get("include_subgroups") != "true" {
			http.Error(w, `{"message":"the fake wants include_subgroups=true"}`, http.StatusBadRequest)
			return
		}
	default:
		http.NotFound(w, r)
		return
	}
	if strings.Contains(owner, "/") { // an unescaped slash: not one path segment
		http.NotFound(w, r)
		return
	}
	owner = strings.ReplaceAll(owner, "%2F", "/")
	if owner != f.Owner {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message":"Not Found"}`)
		return
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if page < 1 {
		page = 1
	}
	if f.Limit != nil {
		f.mu.Lock()
		if f.counts == nil {
			f.counts = map[int]int{}
		}
		n := f.counts[page]
		f.counts[page]++
		f.mu.Unlock()
		status, h := f.Limit(page, n)
		for k, v := range h {
			w.Header()[k] = v
		}
		if status != 0 {
			w.WriteHeader(status)
			fmt.Fprint(w, `{"message":"API rate limit exceeded"}`)
			return
		}
	}
	var list []Repo
	for _, repo := range f.Repos {
		if !strings.HasPrefix(repo.Name, f.Owner+"/") {
			continue
		}
		if f.Kind == forge.GitHub && strings.Contains(strings.TrimPrefix(repo.Name, f.Owner+"/"), "/") {
			continue
		}
		if repo.Private && !f.authed(r) {
			continue
		}
		list = append(list, repo)
	}
	per := f.PerPage
	if per <= 0 {
		per = 2
	}
	lo, hi := min((page-1)*per, len(list)), min(page*per, len(list))
	if hi < len(list) {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(page+1))
		next := *r.URL
		next.RawQuery = q.Encode()
		w.Header().Set("Link", fmt.Sprintf(`<http://%s%s>; rel="next", <http://%s%s>; rel="first"`, r.Host, next.RequestURI(), r.Host, r.URL.Path))
	}
	var out []map[string]any
	for _, repo := range list[lo:hi] {
		if f.Kind == forge.GitLab {
			m := map[string]any{"path_with_namespace": repo.Name, "http_url_to_repo": f.CloneURL(repo.Name), "archived": repo.Archived, "visibility": "public"}
			if repo.Private {
				m["visibility"] = "private"
			}
			if repo.Fork {
				m["forked_from_project"] = map[string]any{"id": 1}
			}
			out = append(out, m)
		} else {
			out = append(out, map[string]any{"full_name": repo.Name, "clone_url": f.CloneURL(repo.Name), "fork": repo.Fork, "archived": repo.Archived, "private": repo.Private})
		}
	}
	if out == nil {
		out = []map[string]any{}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}

// serveGit serves Root over smart HTTP; a private repository answers 401
// without the token.
func (f *Fake) serveGit(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/git/")
	name, _, ok := strings.Cut(rest, ".git/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	for _, repo := range f.Repos {
		if repo.Name == name && repo.Private && !f.authed(r) {
			w.Header().Set("WWW-Authenticate", `Basic realm="fake"`)
			http.Error(w, "authentication required", http.StatusUnauthorized)
			return
		}
	}
	GitHandler(f.Root, "/git").ServeHTTP(w, r)
}

// GitHandler serves the bare repositories under root over git's smart
// HTTP protocol at URL prefix (git http-backend as a CGI program).
func GitHandler(root, prefix string) http.Handler {
	gitExe, err := exec.LookPath("git")
	if err != nil {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "git not found", http.StatusInternalServerError)
		})
	}
	return &cgi.Handler{
		Path:   gitExe,
		Root:   prefix,
		Args:   []string{"http-backend"},
		Stderr: io.Discard, // "Not a git repository" for a missing one
		Env: []string{
			"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1",
			"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=" + os.DevNull,
		},
	}
}

// A Recorder is a loopback server, on another host than the fake when the
// system has 127.0.0.2, that records every request and answers 404: the
// place a token must never reach.
type Recorder struct {
	Server *httptest.Server
	mu     sync.Mutex
	seen   []Request
}

// StartRecorder starts a Recorder, stopped when the test ends.
func StartRecorder(t testing.TB) *Recorder {
	t.Helper()
	rec := &Recorder{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.seen = append(rec.seen, Request{Host: r.Host, Path: r.URL.RequestURI(), Authorization: r.Header.Get("Authorization")})
		rec.mu.Unlock()
		http.NotFound(w, r)
	}))
	if l, err := net.Listen("tcp", "127.0.0.2:0"); err == nil {
		srv.Listener.Close()
		srv.Listener = l
	}
	srv.Start()
	t.Cleanup(srv.Close)
	rec.Server = srv
	return rec
}

// Requests returns the requests received so far.
func (rec *Recorder) Requests() []Request {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]Request(nil), rec.seen...)
}

// Host is the recorder's host:port.
func (rec *Recorder) Host() string { return strings.TrimPrefix(rec.Server.URL, "http://") }

// BareRepo makes Root/name.git a bare copy of the repository src.
func BareRepo(t testing.TB, root, name, src string) string {
	t.Helper()
	dst := filepath.Join(root, filepath.FromSlash(name)+".git")
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("git", "clone", "-q", "--bare", "--mirror", src, dst)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git clone --bare: %v\n%s", err, out)
	}
	return dst
}
