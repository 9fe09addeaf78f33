package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/cambscan/cambscan/internal/forge"
	"github.com/cambscan/cambscan/internal/redact"
	"github.com/cambscan/cambscan/scanner/history"
)

// listFlags are the flags of `cambscan git` that list the repositories of
// an organisation, a user or a group.
type listFlags struct {
	githubOrgs      []string
	githubUsers     []string
	gitlabGroups    []string
	apiURL          string
	includeForks    bool
	excludeArchived bool
}

// any reports whether a listing was asked for.
func (l *listFlags) any() bool {
	return len(l.githubOrgs)+len(l.githubUsers)+len(l.gitlabGroups) > 0
}

func addListFlags(fs *pflag.FlagSet, l *listFlags) {
	fs.StringArrayVar(&l.githubOrgs, "github-org", nil, "also scan every repository of GitHub organisation `ORG` (token: GITHUB_TOKEN); repeatable")
	fs.StringArrayVar(&l.githubUsers, "github-user", nil, "also scan every public repository GitHub user `USER` owns; repeatable")
	fs.StringArrayVar(&l.gitlabGroups, "gitlab-group", nil, "also scan every project of GitLab group `GROUP` and its subgroups (token: GITLAB_TOKEN); repeatable")
	fs.StringVar(&l.apiURL, "api-url", "", "API base `URL` of GitHub Enterprise Server (https://HOST/api/v3) or a self-hosted GitLab (https://HOST/api/v4)")
	fs.BoolVar(&l.includeForks, "include-forks", false, "also scan the forks a listing names")
	fs.BoolVar(&l.excludeArchived, "exclude-archived", false, "leave out the archived repositories a listing names")
}

// checkListFlags validates the listing flags before anything is sent.
func checkListFlags(l *listFlags) error {
	if !l.any() {
		for _, f := range []struct {
			set  bool
			name string
		}{{l.apiURL != "", "--api-url"}, {l.includeForks, "--include-forks"}, {l.excludeArchived, "--exclude-archived"}} {
			if f.set {
				return usageErrorf("%s needs --github-org, --github-user or --gitlab-group", f.name)
			}
		}
		return nil
	}
	if l.apiURL != "" && len(l.gitlabGroups) > 0 && len(l.githubOrgs)+len(l.githubUsers) > 0 {
		return usageErrorf("--api-url names one server: list GitHub and GitLab in separate runs when one of them is self-hosted")
	}
	for _, names := range [][]string{l.githubOrgs, l.githubUsers, l.gitlabGroups} {
		for _, n := range names {
			if n == "" {
				return usageErrorf("--github-org, --github-user and --gitlab-group need a name")
			}
		}
	}
	return nil
}

// A listing is what the listing flags resolved to: the clone credential of
// each listed URL that gets one.
type listing struct {
	auth map[string]*history.CloneAuth
}

// cloneAuth returns the credential of target, or nil.
func (l *listing) cloneAuth(target string) *history.CloneAuth {
	if l == nil {
		return nil
	}
	return l.auth[target]
}

// resolveListings lists the repositories the listing flags name, streamed
// page by page: each one not left out (a fork without --include-forks, an
// archived one with --exclude-archived, one already a target) is appended
// to c.targets as its clone URL when it falls in the --shard share. It
// says on stderr what each listing gave. A listing that fails (rate limit
// too long to wait for, unknown organisation, API error) stops the run
// with exit code 2 before anything is cloned.
func resolveListings(ctx context.Context, c *config, stderr io.Writer) error {
	l := &c.flags.list
	if c.cmd != "git" || !l.any() {
		return nil
	}
	si, sn := 0, 1
	if c.flags.shard != "" {
		var err error
		if si, sn, err = parseShard(c.flags.shard); err != nil {
			return usageErrorf("--shard: %v", err)
		}
		c.targets = shard(c.targets, si, sn)
	}
	seen := make(map[string]bool, len(c.targets))
	for _, t := range c.targets {
		seen[t] = true
	}
	c.listed = &listing{auth: map[string]*history.CloneAuth{}}
	log := stderr
	if c.flags.quiet {
		log = nil
	}
	type job struct {
		kind  forge.Kind
		what  string // "github org", ...
		name  string
		count func(*forge.Client, context.Context, string, func(forge.Repo) error) error
	}
	var jobs []job
	for _, n := range l.githubOrgs {
		jobs = append(jobs, job{forge.GitHub, "github org", n, (*forge.Client).GitHubOrg})
	}
	for _, n := range l.githubUsers {
		jobs = append(jobs, job{forge.GitHub, "github user", n, (*forge.Client).GitHubUser})
	}
	for _, n := range l.gitlabGroups {
		jobs = append(jobs, job{forge.GitLab, "gitlab group", n, (*forge.Client).GitLabGroup})
	}
	clients := map[forge.Kind]*forge.Client{}
	for _, j := range jobs {
		cl := clients[j.kind]
		if cl == nil {
			tokenVar := "GITHUB_TOKEN"
			if j.kind == forge.GitLab {
				tokenVar = "GITLAB_TOKEN"
			}
			var err error
			cl, err = forge.New(j.kind, forge.Options{
				APIURL: l.apiURL, Token: c.getenv(tokenVar), Log: log,
				UserAgent: "cambscan/" + toolVersion(),
			})
			if err != nil {
				return usageErrorf("--api-url: %v", err)
			}
			clients[j.kind] = cl
		}
		var listed, forks, archived, dup, taken int
		err := j.count(cl, ctx, j.name, func(r forge.Repo) error {
			listed++
			switch {
			case r.CloneURL == "":
				return fmt.Errorf("repository %q has no clone URL", r.Name)
			case r.Fork && !l.includeForks:
				forks++
				return nil
			case r.Archived && l.excludeArchived:
				archived++
				return nil
			case seen[r.CloneURL]:
				dup++
				return nil
			}
			seen[r.CloneURL] = true
			if len(shard([]string{r.CloneURL}, si, sn)) == 0 {
				return nil
			}
			taken++
			c.targets = append(c.targets, r.CloneURL)
			if user, pass, ok := cl.CloneAuth(r.CloneURL); ok {
				c.listed.auth[r.CloneURL] = &history.CloneAuth{Host: cl.GitHost(), User: user, Password: pass}
			}
			return nil
		})
		if err != nil {
			if ctx.Err() != nil {
				return errInterrupted
			}
			msg := fmt.Sprintf("listing %s %s: %v", j.what, j.name, err)
			if errors.Is(err, forge.ErrRateLimit) {
				msg += "\nnothing was scanned"
			}
			return &exitError{code: 2, msg: redact.Escape(msg)}
		}
		if log != nil {
			fmt.Fprintf(log, "cambscan: %s %s: %s%s\n", j.what, redact.Escape(j.name), plural(listed, "repository", "repositories"), leftOut(forks, archived, dup, taken, listed, sn))
		}
	}
	return nil
}

// leftOut describes what a listing did not add to the targets.
func leftOut(forks, archived, dup, taken, listed, shards int) string {
	var parts []string
	if forks > 0 {
		parts = append(parts, plural(forks, "fork", "forks")+" left out (--include-forks)")
	}
	if archived > 0 {
		parts = append(parts, fmt.Sprintf("%d archived left out (--exclude-archived)", archived))
	}
	if dup > 0 {
		parts = append(parts, fmt.Sprintf("%d already listed", dup))
	}
	if shards > 1 {
		parts = append(parts, fmt.Sprintf("%d in this shard", taken))
	}
	if len(parts) == 0 {
		return ""
	}
	s := " ("
	for i, p := range parts {
		if i > 0 {
			s += ", "
		}
		s += p
	}
	return s + ")"
}

// plural returns "1 fork" or "3 forks".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
