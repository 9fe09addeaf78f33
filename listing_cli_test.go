package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/internal/forge"
	"github.com/cambscan/cambscan/internal/forge/forgetest"
)

const listToken = "ghp_fake_listing_token_42" // not a real token

// keyRepo makes a repository with a key file and returns its directory.
// With pull, the key's commit is reachable only from refs/pull/1/head.
func keyRepo(t *testing.T, seed string, pull bool) string {
	t.Helper()
	dir := t.TempDir()
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	os.WriteFile(filepath.Join(dir, "README"), []byte("hello\n"), 0o644)
	git("add", "-A")
	git("commit", "-q", "-m", "init")
	if pull {
		git("checkout", "-q", "-b", "pr")
	}
	os.WriteFile(filepath.Join(dir, "app.env"), []byte("CAMB_API_KEY="+fakekey.New(seed)+"\n"), 0o644)
	git("add", "-A")
	git("commit", "-q", "-m", "key")
	if pull {
		git("update-ref", "refs/pull/1/head", "pr")
		git("checkout", "-q", "main")
		git("branch", "-q", "-D", "pr")
	}
	return dir
}

// forgeFleet starts a fake forge of kind whose repositories each hold a key
// (seeded with their name), except those in missing, which are listed
// but not served.
func forgeFleet(t *testing.T, kind forge.Kind, owner string, repos []forgetest.Repo, missing ...string) *forgetest.Fake {
	t.Helper()
	f := &forgetest.Fake{Kind: kind, Owner: owner, Token: listToken, Repos: repos, Root: t.TempDir()}
	for _, r := range repos {
		if contains(missing, r.Name) {
			continue
		}
		forgetest.BareRepo(t, f.Root, r.Name, keyRepo(t, r.Name, strings.HasSuffix(r.Name, "/pull")))
	}
	f.Start(t)
	return f
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

type listRun struct {
	stdout, stderr string
	code           int
	report         struct {
		Findings []struct {
			Target string `json:"target"`
			Path   string `json:"path"`
		} `json:"findings"`
		Repositories []struct {
			Target string `json:"target"`
			Status string `json:"status"`
			Reason string `json:"reason"`
		} `json:"repositories"`
	}
}

// runList runs cambscan with env as its whole environment and the JSON
// report on stdout.
func runList(t *testing.T, env map[string]string, args ...string) *listRun {
	t.Helper()
	var out, errOut bytes.Buffer
	args = append([]string{"git", "--progress", "never", "--format", "json"}, args...)
	err := run(t.Context(), args, strings.NewReader(""), &out, &errOut, func(k string) string { return env[k] })
	if err != nil {
		errOut.WriteString("cambscan: " + err.Error() + "\n")
	}
	r := &listRun{stdout: out.String(), stderr: errOut.String(), code: exitCodeOf(err)}
	if out.Len() > 0 {
		if err := json.Unmarshal(out.Bytes(), &r.report); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out.String())
		}
	}
	if strings.Contains(r.stdout+r.stderr, listToken) {
		t.Errorf("%v: the token is in the output", args)
	}
	return r
}

// found returns the repository names (the clone URL path without /git/
// and .git) that findings came from, sorted.
func (r *listRun) found() []string {
	seen := map[string]bool{}
	for _, f := range r.report.Findings {
		_, after, _ := strings.Cut(f.Target, "/git/")
		seen[strings.TrimSuffix(after, ".git")] = true
	}
	var out []string
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

var githubFleet = []forgetest.Repo{
	{Name: "acme/pub"}, {Name: "acme/fork", Fork: true}, {Name: "acme/old", Archived: true},
	{Name: "acme/secret", Private: true}, {Name: "acme/pull"}, {Name: "acme/gone"},
}

// TestGitHubOrgAudit: with the token every repository of the org is
// listed (three pages) and cloned (the private one with the token as clone
// credential), the fork is left out, the archived one is in, the key only
// a pull request's ref reaches is found, and the repository that cannot be
// cloned is reported as failed with its reason (exit 2).
func TestGitHubOrgAudit(t *testing.T) {
	f := forgeFleet(t, forge.GitHub, "acme", githubFleet, "acme/gone")
	r := runList(t, map[string]string{"GITHUB_TOKEN": listToken}, "--api-url", f.APIURL(), "--github-org", "acme")
	if r.code != 2 {
		t.Errorf("exit code %d, want 2 (acme/gone failed)\n%s", r.code, r.stderr)
	}
	if got, want := strings.Join(r.found(), ","), "acme/old,acme/pub,acme/pull,acme/secret"; got != want {
		t.Errorf("findings in %s, want %s\n%s", got, want, r.stderr)
	}
	status := map[string]string{}
	for _, repo := range r.report.Repositories {
		status[repo.Target] = repo.Status
		if repo.Status == "failed" && repo.Reason == "" {
			t.Errorf("%s failed without a reason", repo.Target)
		}
	}
	if len(status) != 5 || status[f.CloneURL("acme/gone")] != "failed" || status[f.CloneURL("acme/secret")] != "scanned" {
		t.Errorf("repositories = %+v", r.report.Repositories)
	}
	if !strings.Contains(r.stderr, "github org acme: 6 repositories (1 fork left out (--include-forks))") {
		t.Errorf("stderr = %s", r.stderr)
	}
	for _, req := range f.Requests() {
		if strings.HasPrefix(req.Path, "/api/") && req.Authorization != "Bearer "+listToken {
			t.Errorf("API request %s without the token", req.Path)
		}
	}
}

// TestGitHubOrgAnonymous: without a token the private repository is not
// listed; --include-forks and --exclude-archived change the selection;
// the text report has the repositories line.
func TestGitHubOrgAnonymous(t *testing.T) {
	f := forgeFleet(t, forge.GitHub, "acme", githubFleet[:5])
	r := runList(t, nil, "--api-url", f.APIURL(), "--github-org", "acme", "--include-forks", "--exclude-archived")
	if got, want := strings.Join(r.found(), ","), "acme/fork,acme/pub,acme/pull"; got != want || r.code != 1 {
		t.Errorf("findings in %s, want %s; exit %d\n%s", got, want, r.code, r.stderr)
	}
	for _, req := range f.Requests() {
		if req.Authorization != "" {
			t.Errorf("%s: Authorization sent without a token", req.Path)
		}
	}
	var out, errOut bytes.Buffer
	run(t.Context(), []string{"git", "--progress", "never", "--api-url", f.APIURL(), "--github-org", "acme"}, strings.NewReader(""), &out, &errOut, func(string) string { return "" })
	if !strings.Contains(out.String(), "3 repositories: 3 scanned, 0 failed") {
		t.Errorf("text report:\n%s", out.String())
	}
}

// TestPrivateNeedsToken: the private repository is listed only with the
// token, and its clone succeeds only because the token goes with it (the
// fake answers 401 to a clone without it).
func TestPrivateNeedsToken(t *testing.T) {
	f := forgeFleet(t, forge.GitHub, "acme", []forgetest.Repo{{Name: "acme/secret", Private: true}, {Name: "acme/pub"}})
	r := runList(t, nil, "--api-url", f.APIURL(), "--github-org", "acme")
	if got := strings.Join(r.found(), ","); got != "acme/pub" {
		t.Errorf("anonymous: findings in %s", got)
	}
	r = runList(t, map[string]string{"GITHUB_TOKEN": listToken}, "--api-url", f.APIURL(), "--github-org", "acme")
	if got := strings.Join(r.found(), ","); got != "acme/pub,acme/secret" {
		t.Errorf("with the token: findings in %s\n%s", got, r.stderr)
	}
	basic := false
	for _, req := range f.Requests() {
		if strings.HasPrefix(req.Path, "/git/acme/secret.git/") && strings.HasPrefix(req.Authorization, "Basic ") {
			basic = true
		}
		if strings.HasPrefix(req.Path, "/git/acme/secret.git/") && req.Authorization == "" {
			t.Errorf("a clone request for the private repository without the credential: %s", req.Path)
		}
	}
	if !basic {
		t.Error("the private repository was never cloned with the credential")
	}
}

// TestTokenOnlyToForgeHosts: the API names clone URLs on another host (a
// second loopback server); the token goes to the API, never there.
func TestTokenOnlyToForgeHosts(t *testing.T) {
	rec := forgetest.StartRecorder(t)
	f := forgeFleet(t, forge.GitHub, "acme", []forgetest.Repo{{Name: "acme/pub"}, {Name: "acme/secret", Private: true}})
	f.CloneHost = rec.Host()
	r := runList(t, map[string]string{"GITHUB_TOKEN": listToken}, "--api-url", f.APIURL(), "--github-org", "acme")
	if r.code != 2 || len(r.report.Findings) != 0 {
		t.Errorf("exit %d, %d findings; want 2 and none (every clone fails)", r.code, len(r.report.Findings))
	}
	if len(rec.Requests()) == 0 {
		t.Fatal("the clone host got no request: the test proves nothing")
	}
	for _, req := range rec.Requests() {
		if req.Authorization != "" {
			t.Errorf("the other host got Authorization on %s", req.Path)
		}
	}
	sawToken := false
	for _, req := range f.Requests() {
		sawToken = sawToken || strings.Contains(req.Authorization, listToken)
	}
	if !sawToken {
		t.Error("the API host never got the token")
	}
}

// TestGitLabGroupAudit: a group's projects, subgroups included, private
// ones with GITLAB_TOKEN (not GITHUB_TOKEN).
func TestGitLabGroupAudit(t *testing.T) {
	f := forgeFleet(t, forge.GitLab, "grp", []forgetest.Repo{
		{Name: "grp/a"}, {Name: "grp/sub/b", Private: true}, {Name: "grp/sub/deep/c", Fork: true}, {Name: "other/d"},
	})
	r := runList(t, map[string]string{"GITLAB_TOKEN": listToken, "GITHUB_TOKEN": "not-this-one"}, "--api-url", f.APIURL(), "--gitlab-group", "grp")
	if got := strings.Join(r.found(), ","); got != "grp/a,grp/sub/b" || r.code != 1 {
		t.Errorf("findings in %s, exit %d\n%s", got, r.code, r.stderr)
	}
	for _, req := range f.Requests() {
		if strings.Contains(req.Authorization, "not-this-one") {
			t.Errorf("GITHUB_TOKEN sent to GitLab on %s", req.Path)
		}
	}
}

// TestListingShard: the shards of a listing, together with a path
// argument, are disjoint and cover everything.
func TestListingShard(t *testing.T) {
	var repos []forgetest.Repo
	for _, n := range []string{"a", "b", "c", "d", "e", "f"} {
		repos = append(repos, forgetest.Repo{Name: "acme/" + n})
	}
	f := forgeFleet(t, forge.GitHub, "acme", repos)
	local := keyRepo(t, "local", false)
	seen := map[string]int{}
	for _, s := range []string{"0/2", "1/2"} {
		r := runList(t, nil, "--api-url", f.APIURL(), "--github-org", "acme", "--shard", s, local)
		for _, repo := range r.report.Repositories {
			seen[repo.Target]++
		}
	}
	if len(seen) != 7 {
		t.Errorf("%d targets over the shards, want 7: %v", len(seen), seen)
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("%s in %d shards", k, n)
		}
	}
}

// TestListingRateLimitStops: a rate limit that resets in an hour stops the
// run with exit 2 and a clear message before anything is cloned.
func TestListingRateLimitStops(t *testing.T) {
	f := forgeFleet(t, forge.GitHub, "acme", []forgetest.Repo{{Name: "acme/a"}})
	f.Limit = func(page, n int) (int, http.Header) {
		return http.StatusTooManyRequests, http.Header{"Retry-After": {"3600"}}
	}
	r := runList(t, map[string]string{"GITHUB_TOKEN": listToken}, "--api-url", f.APIURL(), "--github-org", "acme")
	if r.code != 2 || !strings.Contains(r.stderr, "rate limit") || !strings.Contains(r.stderr, "nothing was scanned") {
		t.Errorf("exit %d, stderr %s", r.code, r.stderr)
	}
	for _, req := range f.Requests() {
		if strings.HasPrefix(req.Path, "/git/") {
			t.Errorf("cloned %s after the listing failed", req.Path)
		}
	}
}

func TestListingUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--include-forks", "."},
		{"--api-url", "https://ghe.example.com/api/v3", "."},
		{"--github-org", "a", "--gitlab-group", "g", "--api-url", "https://h.example.com/api/v4"},
		{"--github-org", "a", "--api-url", "http://ghe.example.com/api/v3"},
		{"--github-org", ""},
	} {
		r := runList(t, nil, args...)
		if r.code != 2 || r.stdout != "" {
			t.Errorf("%v: exit %d, stdout %q", args, r.code, r.stdout)
		}
	}
}

// TestListingRateLimitShortWait: a 429 with a short Retry-After is waited
// out, said on stderr, and the listing goes on.
func TestListingRateLimitShortWait(t *testing.T) {
	f := forgeFleet(t, forge.GitHub, "acme", []forgetest.Repo{{Name: "acme/a"}, {Name: "acme/b"}, {Name: "acme/c"}})
	f.Limit = func(page, n int) (int, http.Header) {
		if page == 2 && n == 0 {
			return http.StatusTooManyRequests, http.Header{"Retry-After": {"1"}}
		}
		return 0, nil
	}
	r := runList(t, nil, "--api-url", f.APIURL(), "--github-org", "acme")
	if got := strings.Join(r.found(), ","); got != "acme/a,acme/b,acme/c" || r.code != 1 {
		t.Errorf("findings in %s, exit %d\n%s", got, r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "github API rate limit reached; waiting 1s") {
		t.Errorf("stderr = %s", r.stderr)
	}
}
