package forge

import (
	"net/url"
	"strings"
)

// GitHost returns the host (and port) whose clone URLs get the token:
// github.com for api.github.com, the API host otherwise (GitHub
// Enterprise Server and GitLab serve the API and git from one host).
func (c *Client) GitHost() string {
	if c.kind == GitHub && strings.EqualFold(c.base.Host, "api.github.com") {
		return "github.com"
	}
	return c.base.Host
}

// CloneAuth returns the user name and password that authenticate a clone
// of cloneURL with the client's token: x-access-token (GitHub) or oauth2
// (GitLab) and the token. It returns ok false, and nothing, when there is
// no token or cloneURL is not an https URL (http on loopback) on
// GitHost: a clone URL the API names on another host never gets it.
func (c *Client) CloneAuth(cloneURL string) (user, password string, ok bool) {
	if c.token == "" {
		return "", "", false
	}
	u, err := url.Parse(cloneURL)
	if err != nil || u.User != nil || !strings.EqualFold(u.Host, c.GitHost()) {
		return "", "", false
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && IsLoopback(u.Hostname()) && c.base.Scheme == "http":
	default:
		return "", "", false
	}
	user = "x-access-token"
	if c.kind == GitLab {
		user = "oauth2"
	}
	return user, c.token, true
}
