package forge_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cambscan/cambscan/internal/forge"
	"github.com/cambscan/cambscan/internal/forge/forgetest"
)

const token = "ghp_faketoken0123456789" // not a real token

// clock is a fake clock whose Sleep advances it and records the waits.
type clock struct {
	now   time.Time
	waits []time.Duration
}

func (c *clock) Now() time.Time { return c.now }
func (c *clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.waits = append(c.waits, d)
	c.now = c.now.Add(d)
	return nil
}

func newClient(t *testing.T, f *forgetest.Fake, tok string, clk *clock, log *bytes.Buffer) *forge.Client {
	t.Helper()
	opts := forge.Options{APIURL: f.APIURL(), Token: tok}
	if clk != nil {
		opts.Now, opts.Sleep = clk.Now, clk.Sleep
	}
	if log != nil {
		opts.Log = log
	}
	c, err := forge.New(f.Kind, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func list(t *testing.T, c *forge.Client, kind, owner string) ([]forge.Repo, error) {
	t.Helper()
	var got []forge.Repo
	fn := func(r forge.Repo) error { got = append(got, r); return nil }
	var err error
	switch kind {
	case "org":
		err = c.GitHubOrg(context.Background(), owner, fn)
	case "user":
		err = c.GitHubUser(context.Background(), owner, fn)
	case "group":
		err = c.GitLabGroup(context.Background(), owner, fn)
	}
	return got, err
}

func names(rs []forge.Repo) string {
	var s []string
	for _, r := range rs {
		s = append(s, r.Name)
	}
	return strings.Join(s, ",")
}

func githubFake(t *testing.T) *forgetest.Fake {
	f := &forgetest.Fake{Kind: forge.GitHub, Owner: "acme", Token: token, Repos: []forgetest.Repo{
		{Name: "acme/a"}, {Name: "acme/b", Fork: true}, {Name: "acme/c", Archived: true},
		{Name: "acme/d", Private: true}, {Name: "acme/e"}, {Name: "other/x"},
	}}
	f.Start(t)
	return f
}

func TestGitHubPaginationAndToken(t *testing.T) {
	f := githubFake(t)
	got, err := list(t, newClient(t, f, "", nil, nil), "org", "acme")
	if err != nil {
		t.Fatal(err)
	}
	if n := names(got); n != "acme/a,acme/b,acme/c,acme/e" {
		t.Errorf("anonymous listing = %s", n)
	}
	got, err = list(t, newClient(t, f, token, nil, nil), "org", "acme")
	if err != nil {
		t.Fatal(err)
	}
	if n := names(got); n != "acme/a,acme/b,acme/c,acme/d,acme/e" {
		t.Errorf("listing with the token = %s", n)
	}
	pages := 0
	for _, r := range f.Requests() {
		if strings.Contains(r.Path, "/orgs/acme/repos") && r.Authorization == "Bearer "+token {
			pages++
			if !strings.Contains(r.Path, "per_page=100") {
				t.Errorf("request %s has no per_page=100", r.Path)
			}
		}
	}
	if pages != 3 { // 5 repositories, 2 a page
		t.Errorf("%d pages fetched with the token, want 3", pages)
	}
	if !got[1].Fork || !got[2].Archived || !got[3].Private || got[0].Fork || got[0].Archived {
		t.Errorf("flags = %+v", got)
	}
	if want := f.CloneURL("acme/d"); got[3].CloneURL != want {
		t.Errorf("clone URL = %q, want %q", got[3].CloneURL, want)
	}
}

func TestGitHubUser(t *testing.T) {
	f := githubFake(t)
	f.Owner = "other"
	got, err := list(t, newClient(t, f, "", nil, nil), "user", "other")
	if err != nil || names(got) != "other/x" {
		t.Errorf("user listing = %s, %v", names(got), err)
	}
}

func TestGitLabSubgroups(t *testing.T) {
	f := &forgetest.Fake{Kind: forge.GitLab, Owner: "grp", Token: token, Repos: []forgetest.Repo{
		{Name: "grp/a"}, {Name: "grp/sub/b", Fork: true}, {Name: "grp/sub/deeper/c", Archived: true}, {Name: "grp/p", Private: true},
		{Name: "grpx/no"},
	}}
	f.Start(t)
	got, err := list(t, newClient(t, f, token, nil, nil), "group", "grp")
	if err != nil {
		t.Fatal(err)
	}
	if n := names(got); n != "grp/a,grp/sub/b,grp/sub/deeper/c,grp/p" {
		t.Errorf("group listing = %s", n)
	}
	if !got[1].Fork || got[0].Fork || !got[2].Archived || !got[3].Private {
		t.Errorf("flags = %+v", got)
	}
	// A nested group's path is one escaped segment.
	f.Owner = "grp/sub"
	got, err = list(t, newClient(t, f, "", nil, nil), "group", "grp/sub")
	if err != nil || names(got) != "grp/sub/b,grp/sub/deeper/c" {
		t.Errorf("subgroup listing = %s, %v", names(got), err)
	}
}

// TestRateLimitRetryAfterShort: a 403 with a short Retry-After is waited
// out (and said on the log), then the page is fetched again.
func TestRateLimitRetryAfterShort(t *testing.T) {
	for _, status := range []int{http.StatusForbidden, http.StatusTooManyRequests} {
		f := githubFake(t)
		f.Limit = func(page, n int) (int, http.Header) {
			if page == 2 && n == 0 {
				return status, http.Header{"Retry-After": {"7"}}
			}
			return 0, nil
		}
		clk := &clock{now: time.Unix(1_700_000_000, 0)}
		var log bytes.Buffer
		got, err := list(t, newClient(t, f, "", clk, &log), "org", "acme")
		if err != nil {
			t.Fatalf("%d: %v", status, err)
		}
		if len(got) != 4 {
			t.Errorf("%d: %d repositories, want 4", status, len(got))
		}
		if len(clk.waits) != 1 || clk.waits[0] != 7*time.Second {
			t.Errorf("%d: waits = %v, want [7s]", status, clk.waits)
		}
		if !strings.Contains(log.String(), "rate limit reached; waiting 7s") {
			t.Errorf("%d: log = %q", status, log.String())
		}
	}
}

// TestRateLimitLongStops: a long Retry-After, or a spent quota that
// resets in an hour, stops with a RateLimitError and no wait.
func TestRateLimitLongStops(t *testing.T) {
	start := time.Unix(1_700_000_000, 0)
	for name, h := range map[string]http.Header{
		"retry-after": {"Retry-After": {"3600"}},
		"reset":       {"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {strconv.FormatInt(start.Unix()+3600, 10)}},
	} {
		f := githubFake(t)
		f.Limit = func(page, n int) (int, http.Header) { return http.StatusForbidden, h }
		clk := &clock{now: start}
		_, err := list(t, newClient(t, f, token, clk, nil), "org", "acme")
		var rl *forge.RateLimitError
		if !errors.As(err, &rl) || !errors.Is(err, forge.ErrRateLimit) {
			t.Fatalf("%s: err = %v, want a RateLimitError", name, err)
		}
		if rl.Wait < 59*time.Minute || len(clk.waits) != 0 {
			t.Errorf("%s: wait %v, slept %v", name, rl.Wait, clk.waits)
		}
		if strings.Contains(err.Error(), token) || !strings.Contains(err.Error(), "GITHUB_TOKEN") {
			t.Errorf("%s: message %q", name, err)
		}
	}
}

// TestRateLimitSpentQuota: a page that spends the last request of the
// quota makes the next request wait for the reset (GitLab's headers).
func TestRateLimitSpentQuota(t *testing.T) {
	start := time.Unix(1_700_000_000, 0)
	f := &forgetest.Fake{Kind: forge.GitLab, Owner: "grp", Repos: []forgetest.Repo{{Name: "grp/a"}, {Name: "grp/b"}, {Name: "grp/c"}}}
	f.Limit = func(page, n int) (int, http.Header) {
		if page == 1 {
			return 0, http.Header{"Ratelimit-Remaining": {"0"}, "Ratelimit-Reset": {strconv.FormatInt(start.Unix()+20, 10)}}
		}
		return 0, http.Header{"Ratelimit-Remaining": {"99"}, "Ratelimit-Reset": {strconv.FormatInt(start.Unix()+60, 10)}}
	}
	f.Start(t)
	clk := &clock{now: start}
	got, err := list(t, newClient(t, f, "", clk, nil), "group", "grp")
	if err != nil || len(got) != 3 {
		t.Fatalf("got %d, %v", len(got), err)
	}
	if len(clk.waits) != 1 || clk.waits[0] != 21*time.Second {
		t.Errorf("waits = %v, want [21s]", clk.waits)
	}
}

// TestRateLimitWaitCancelled: the real wait ends with the context.
func TestRateLimitWaitCancelled(t *testing.T) {
	f := githubFake(t)
	f.Limit = func(page, n int) (int, http.Header) {
		return http.StatusTooManyRequests, http.Header{"Retry-After": {"50"}}
	}
	c, err := forge.New(forge.GitHub, forge.Options{APIURL: f.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	done := make(chan error, 1)
	go func() { done <- c.GitHubOrg(ctx, "acme", func(forge.Repo) error { return nil }) }()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the wait did not end with the context")
	}
}

func TestForbiddenNotRateLimit(t *testing.T) {
	f := githubFake(t)
	f.Limit = func(page, n int) (int, http.Header) { return http.StatusForbidden, nil }
	clk := &clock{now: time.Unix(1_700_000_000, 0)}
	_, err := list(t, newClient(t, f, "", clk, nil), "org", "acme")
	if err == nil || errors.Is(err, forge.ErrRateLimit) || !strings.Contains(err.Error(), "403") || len(clk.waits) != 0 {
		t.Errorf("err = %v, waits %v", err, clk.waits)
	}
}

func TestNotFound(t *testing.T) {
	f := githubFake(t)
	_, err := list(t, newClient(t, f, "", nil, nil), "org", "nobody")
	if err == nil || !strings.Contains(err.Error(), "404") || !strings.Contains(err.Error(), "GITHUB_TOKEN") {
		t.Errorf("err = %v", err)
	}
}

// TestTokenStaysOnAPIHost: a next-page link or a redirect to another host
// is not followed, so that host never sees the token.
func TestTokenStaysOnAPIHost(t *testing.T) {
	rec := forgetest.StartRecorder(t)
	for name, h := range map[string]http.HandlerFunc{
		"link": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Link", `<`+rec.Server.URL+`/api/v3/orgs/acme/repos?page=2>; rel="next"`)
			w.Write([]byte(`[{"full_name":"acme/a","clone_url":"https://example.invalid/a.git"}]`))
		},
		"redirect": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, rec.Server.URL+r.URL.RequestURI(), http.StatusFound)
		},
	} {
		var auth []string
		api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			auth = append(auth, r.Header.Get("Authorization"))
			h(w, r)
		}))
		c, err := forge.New(forge.GitHub, forge.Options{APIURL: api.URL + "/api/v3", Token: token})
		if err != nil {
			t.Fatal(err)
		}
		err = c.GitHubOrg(context.Background(), "acme", func(forge.Repo) error { return nil })
		api.Close()
		if err == nil || !strings.Contains(err.Error(), "not followed") || strings.Contains(err.Error(), token) {
			t.Errorf("%s: err = %v", name, err)
		}
		if len(auth) != 1 || auth[0] != "Bearer "+token {
			t.Errorf("%s: the API host saw %q", name, auth)
		}
	}
	if n := len(rec.Requests()); n != 0 {
		t.Errorf("the other host got %d requests: %+v", n, rec.Requests())
	}
}

func TestPageCap(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("[" + strings.Repeat(" ", 2<<10) + "]"))
	}))
	defer api.Close()
	c, err := forge.New(forge.GitHub, forge.Options{APIURL: api.URL, PageCap: 1 << 10})
	if err != nil {
		t.Fatal(err)
	}
	err = c.GitHubOrg(context.Background(), "acme", func(forge.Repo) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "over the") {
		t.Errorf("err = %v", err)
	}
}

func TestAPIURLChecks(t *testing.T) {
	for _, u := range []string{"http://example.com/api/v3", "ftp://h/", "https://u:p@h/api", "https://h/api?x=1", "nohost"} {
		if _, err := forge.New(forge.GitHub, forge.Options{APIURL: u}); err == nil {
			t.Errorf("%s accepted", u)
		} else if strings.Contains(err.Error(), ":p@") {
			t.Errorf("%s: the message shows the password: %v", u, err)
		}
	}
	for _, u := range []string{"https://ghe.example.com/api/v3", "http://127.0.0.1:8080/api/v4", "http://localhost/api/v3/"} {
		if _, err := forge.New(forge.GitLab, forge.Options{APIURL: u}); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
}

func TestCloneAuth(t *testing.T) {
	gh, _ := forge.New(forge.GitHub, forge.Options{Token: token})
	gl, _ := forge.New(forge.GitLab, forge.Options{APIURL: "https://git.example.com/api/v4", Token: token})
	anon, _ := forge.New(forge.GitHub, forge.Options{})
	for _, tc := range []struct {
		c    *forge.Client
		url  string
		user string
	}{
		{gh, "https://github.com/acme/a.git", "x-access-token"},
		{gh, "https://GitHub.com/acme/a.git", "x-access-token"},
		{gh, "http://github.com/acme/a.git", ""},
		{gh, "https://api.github.com/acme/a.git", ""},
		{gh, "https://evil.example/acme/a.git", ""},
		{gh, "https://github.com.evil.example/a.git", ""},
		{gh, "https://u@github.com/acme/a.git", ""},
		{gl, "https://git.example.com/grp/a.git", "oauth2"},
		{gl, "https://gitlab.com/grp/a.git", ""},
		{anon, "https://github.com/acme/a.git", ""},
	} {
		user, pass, ok := tc.c.CloneAuth(tc.url)
		if user != tc.user || ok != (tc.user != "") || (ok && pass != token) || (!ok && pass != "") {
			t.Errorf("CloneAuth(%s) = %q, ok %v", tc.url, user, ok)
		}
	}
}

func TestNextLink(t *testing.T) {
	f := githubFake(t)
	f.PerPage = 1
	got, err := list(t, newClient(t, f, token, nil, nil), "org", "acme")
	if err != nil || len(got) != 5 {
		t.Errorf("got %d, %v", len(got), err)
	}
}
