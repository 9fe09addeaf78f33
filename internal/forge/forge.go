// Package forge lists the repositories of a GitHub organisation or user
// and of a GitLab group (subgroups included) through their REST APIs, for
// `cambscan git --github-org`, `--github-user` and `--gitlab-group`.
//
// It speaks only net/http. A listing is streamed page by page to a
// callback (Link rel="next", 100 a page); each page is read whole but
// bounded (PageCap). Rate limits are honoured: a 403 or 429 that carries
// Retry-After, or that says the quota is spent (X-RateLimit-Remaining: 0
// on GitHub, RateLimit-Remaining: 0 on GitLab), and a page that spends the
// last of the quota, make the next request wait until the reset when that
// is at most MaxWait away (the wait is said on Log and ends with the
// context), and fail with a [RateLimitError] when it is longer.
//
// # The token
//
// A token (GITHUB_TOKEN or GITLAB_TOKEN, read by the caller) goes in the
// Authorization header of requests to the API base URL's scheme and host
// only: a next-page link to another host is refused, a redirect to
// another host is not followed, and plain http is allowed only to a
// loopback host. [Client.CloneAuth] gives the same token as clone
// credentials for a clone URL on the forge's own git host and nothing for
// any other host. No error or log line holds the token.
package forge

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Kind is the API a client speaks.
type Kind int

const (
	GitHub Kind = iota // GitHub REST v3 (github.com or Enterprise Server)
	GitLab             // GitLab REST v4
)

func (k Kind) String() string {
	if k == GitLab {
		return "gitlab"
	}
	return "github"
}

// Default API base URLs.
const (
	GitHubAPI = "https://api.github.com"
	GitLabAPI = "https://gitlab.com/api/v4"
)

// Defaults of Options.
const (
	DefaultPageCap = 16 << 20         // bytes of one page of results
	DefaultMaxWait = 60 * time.Second // longest rate-limit wait before giving up
	DefaultTimeout = 60 * time.Second // one request, body included
	perPage        = 100
	maxRetries     = 5 // rate-limited attempts of one page
	maxPages       = 100000
)

// Options configure a client. Zero values take the defaults.
type Options struct {
	// APIURL is the API base: https://HOST/api/v3 for GitHub Enterprise
	// Server, https://HOST/api/v4 for a self-hosted GitLab. It must be
	// https, or http to a loopback host.
	APIURL  string
	Token   string        // sent to the API host only; "" for anonymous
	Log     io.Writer     // where rate-limit waits are said; nil for nowhere
	MaxWait time.Duration // longest wait for a rate limit to reset
	PageCap int64         // largest response body
	Timeout time.Duration // of one request
	// UserAgent is sent with every request (GitHub requires one).
	UserAgent string
	// Transport replaces the HTTP transport (tests); redirects are
	// governed by the client whatever it is.
	Transport http.RoundTripper
	// Now and Sleep replace the clock (tests); Sleep must end when ctx
	// does.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// A Repo is one listed repository.
type Repo struct {
	Name     string // owner/name (GitHub), group/sub/project (GitLab)
	CloneURL string // the https clone URL
	Fork     bool
	Archived bool
	Private  bool // not public (private or internal)
}

// A Client lists repositories of one forge.
type Client struct {
	kind      Kind
	base      *url.URL
	token     string
	log       io.Writer
	maxWait   time.Duration
	pageCap   int64
	userAgent string
	http      *http.Client
	now       func() time.Time
	sleep     func(context.Context, time.Duration) error
	// notBefore is when the next request may go: set when a page spent
	// the last of the quota.
	notBefore time.Time
}

// New returns a client of kind for opts.
func New(kind Kind, opts Options) (*Client, error) {
	raw := opts.APIURL
	if raw == "" {
		raw = GitHubAPI
		if kind == GitLab {
			raw = GitLabAPI
		}
	}
	base, err := checkBase(raw)
	if err != nil {
		return nil, err
	}
	c := &Client{
		kind: kind, base: base, token: opts.Token, log: opts.Log,
		maxWait: opts.MaxWait, pageCap: opts.PageCap, userAgent: opts.UserAgent,
		now: opts.Now, sleep: opts.Sleep,
	}
	if c.maxWait <= 0 {
		c.maxWait = DefaultMaxWait
	}
	if c.pageCap <= 0 {
		c.pageCap = DefaultPageCap
	}
	if c.userAgent == "" {
		c.userAgent = "cambscan"
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.sleep == nil {
		c.sleep = sleepCtx
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	tr := opts.Transport
	if tr == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.Proxy = http.ProxyFromEnvironment
		tr = t
	}
	c.http = &http.Client{Transport: tr, Timeout: timeout, CheckRedirect: c.checkRedirect}
	return c, nil
}

// Kind returns the API the client speaks.
func (c *Client) Kind() Kind { return c.kind }

// APIHost returns the host (and port) of the API base URL.
func (c *Client) APIHost() string { return c.base.Host }

// checkRedirect follows a redirect only to the API's own scheme and host
// (net/http keeps the Authorization header on it); any other is returned
// as the response, which get turns into an error.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 || !c.sameOrigin(req.URL) {
		return http.ErrUseLastResponse
	}
	return nil
}

// sameOrigin reports whether u has the API base's scheme and host.
func (c *Client) sameOrigin(u *url.URL) bool {
	return strings.EqualFold(u.Scheme, c.base.Scheme) && strings.EqualFold(u.Host, c.base.Host)
}

// checkBase validates an API base URL: https, or http to a loopback host;
// no userinfo, query or fragment.
func checkBase(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil {
		return nil, fmt.Errorf("API URL %q: %w", raw, err)
	}
	switch {
	case u.Host == "" || u.Opaque != "":
		return nil, fmt.Errorf("API URL %q has no host", raw)
	case u.User != nil:
		return nil, fmt.Errorf("API URL %q: user info is not allowed (the token comes from the environment)", u.Redacted())
	case u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return nil, fmt.Errorf("API URL %q: a query or fragment is not allowed", raw)
	case u.Scheme == "https":
	case u.Scheme == "http" && IsLoopback(u.Hostname()):
	case u.Scheme == "http":
		return nil, fmt.Errorf("API URL %q: plain http is allowed only to a loopback host; the token goes to other hosts over https only", raw)
	default:
		return nil, fmt.Errorf("API URL %q: scheme must be https", raw)
	}
	return u, nil
}

// IsLoopback reports whether host is localhost or a loopback IP literal.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// GitHubOrg streams the repositories of organisation org to fn.
func (c *Client) GitHubOrg(ctx context.Context, org string, fn func(Repo) error) error {
	return c.list(ctx, "/orgs/"+url.PathEscape(org)+"/repos?type=all&per_page="+strconv.Itoa(perPage), fn)
}

// GitHubUser streams the repositories user owns to fn. The API lists
// only public ones, whatever the token: a user's private repositories
// are not listed.
func (c *Client) GitHubUser(ctx context.Context, user string, fn func(Repo) error) error {
	return c.list(ctx, "/users/"+url.PathEscape(user)+"/repos?type=owner&per_page="+strconv.Itoa(perPage), fn)
}

// GitLabGroup streams the projects of group (a full path, a/b/c, or an
// id) and of all its subgroups to fn; projects shared with the group
// from elsewhere are left out.
func (c *Client) GitLabGroup(ctx context.Context, group string, fn func(Repo) error) error {
	return c.list(ctx, "/groups/"+url.PathEscape(group)+"/projects?include_subgroups=true&with_shared=false&order_by=id&sort=asc&per_page="+strconv.Itoa(perPage), fn)
}

// list fetches path (relative to the base, with its query) and every
// next page, and calls fn for each repository.
func (c *Client) list(ctx context.Context, path string, fn func(Repo) error) error {
	next, err := url.Parse(strings.TrimRight(c.base.String(), "/") + path)
	if err != nil {
		return err
	}
	for page := 0; next != nil; page++ {
		if page >= maxPages {
			return fmt.Errorf("more than %d pages", maxPages)
		}
		body, link, err := c.get(ctx, next)
		if err != nil {
			return err
		}
		repos, err := c.decode(body)
		if err != nil {
			return fmt.Errorf("page %d: %w", page+1, err)
		}
		for _, r := range repos {
			if err := fn(r); err != nil {
				return err
			}
		}
		next, err = c.nextPage(link)
		if err != nil {
			return err
		}
	}
	return nil
}

// nextPage returns the rel="next" URL of a Link header, or nil. A link
// to another scheme or host is refused: the token would follow it.
func (c *Client) nextPage(link string) (*url.URL, error) {
	raw := nextLink(link)
	if raw == "" {
		return nil, nil
	}
	u, err := c.base.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("next page link: %w", err)
	}
	if !c.sameOrigin(u) {
		return nil, fmt.Errorf("the next page link points to %s://%s, not to the API host %s: not followed", u.Scheme, u.Host, c.base.Host)
	}
	return u, nil
}

// nextLink returns the target of rel="next" in an RFC 8288 Link header.
func nextLink(h string) string {
	for _, part := range strings.Split(h, ",") {
		part = strings.TrimSpace(part)
		if !strings.HasPrefix(part, "<") {
			continue
		}
		end := strings.IndexByte(part, '>')
		if end < 0 {
			continue
		}
		for _, p := range strings.Split(part[end+1:], ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "rel") {
				for _, rel := range strings.Fields(strings.Trim(strings.TrimSpace(v), `"`)) {
					if strings.EqualFold(rel, "next") {
						return part[1:end]
					}
				}
			}
		}
	}
	return ""
}

// decode parses one page of repositories.
func (c *Client) decode(body []byte) ([]Repo, error) {
	if c.kind == GitLab {
		var page []struct {
			Path       string           `json:"path_with_namespace"`
			HTTPURL    string           `json:"http_url_to_repo"`
			Archived   bool             `json:"archived"`
			Visibility string           `json:"visibility"`
			ForkedFrom *json.RawMessage `json:"forked_from_project"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return nil, fmt.Errorf("not a list of projects: %w", err)
		}
		out := make([]Repo, 0, len(page))
		for _, p := range page {
			fork := p.ForkedFrom != nil && string(*p.ForkedFrom) != "null"
			out = append(out, Repo{Name: p.Path, CloneURL: p.HTTPURL, Fork: fork, Archived: p.Archived, Private: p.Visibility != "" && p.Visibility != "public"})
		}
		return out, nil
	}
	var page []struct {
		FullName string `json:"full_name"`
		CloneURL string `json:"clone_url"`
		Fork     bool   `json:"fork"`
		Archived bool   `json:"archived"`
		Private  bool   `json:"private"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return nil, fmt.Errorf("not a list of repositories: %w", err)
	}
	out := make([]Repo, 0, len(page))
	for _, p := range page {
		out = append(out, Repo{Name: p.FullName, CloneURL: p.CloneURL, Fork: p.Fork, Archived: p.Archived, Private: p.Private})
	}
	return out, nil
}

// A RateLimitError is a rate limit that resets later than the client
// waits for.
type RateLimitError struct {
	Kind    Kind
	Wait    time.Duration // until the reset, or as Retry-After says
	Reset   time.Time
	MaxWait time.Duration // the client's longest wait; 0 for DefaultMaxWait
}

func (e *RateLimitError) Error() string {
	longest := e.MaxWait
	if longest <= 0 {
		longest = DefaultMaxWait
	}
	return fmt.Sprintf("%s API rate limit: the quota resets in %s (at %s), longer than the %s cambscan waits; run again later, or with a token (%s) for a larger quota",
		e.Kind, e.Wait.Round(time.Second), e.Reset.UTC().Format(time.RFC3339), longest, tokenVar(e.Kind))
}

// ErrRateLimit is wrapped by a RateLimitError.
var ErrRateLimit = errors.New("rate limited")

func (e *RateLimitError) Unwrap() error { return ErrRateLimit }

func tokenVar(k Kind) string {
	if k == GitLab {
		return "GITLAB_TOKEN"
	}
	return "GITHUB_TOKEN"
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
