package history

import (
	"encoding/base64"
	"fmt"
	neturl "net/url"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
)

// CloneAuth is the HTTP Basic credential of a clone: sent only when the
// clone URL is http(s) on Host, and never in argv, a URL, a log line or an
// error. The git executable gets it through its environment
// (GIT_CONFIG_COUNT/KEY/VALUE: an http.<scheme>://<Host>/.extraHeader,
// with redirects not followed), go-git as its BasicAuth. The fetch that
// updates a cached mirror should pass it the same way ([CloneAuth.GitEnv],
// [CloneAuth.GoGit]).
type CloneAuth struct {
	Host     string // host[:port] of the clone URLs it is for
	User     string // x-access-token (GitHub), oauth2 (GitLab)
	Password string // the token
}

// For reports whether the credential goes with a clone of url: an http or
// https URL without userinfo whose host is Host.
func (a *CloneAuth) For(url string) bool {
	if a == nil || a.Host == "" {
		return false
	}
	u, err := neturl.Parse(url)
	if err != nil || u.User != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return false
	}
	return strings.EqualFold(u.Host, a.Host)
}

// header is the value of the Authorization header.
func (a *CloneAuth) header() string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(a.User+":"+a.Password))
}

// GitEnv returns the environment entries that make git send the
// credential to url's scheme and host, and only there, or nil when the
// credential is not for url. They replace any GIT_CONFIG_COUNT of env.
func (a *CloneAuth) GitEnv(url string) []string {
	if !a.For(url) {
		return nil
	}
	u, _ := neturl.Parse(url)
	key := "http." + u.Scheme + "://" + u.Host + "/"
	cfg := [][2]string{
		{key + ".extraHeader", "Authorization: " + a.header()},
		// A redirect is not followed: the header would go with it.
		{key + ".followRedirects", "false"},
	}
	env := []string{fmt.Sprintf("GIT_CONFIG_COUNT=%d", len(cfg))}
	for i, kv := range cfg {
		env = append(env, fmt.Sprintf("GIT_CONFIG_KEY_%d=%s", i, kv[0]), fmt.Sprintf("GIT_CONFIG_VALUE_%d=%s", i, kv[1]))
	}
	return env
}

// GoGit returns go-git's auth for a clone of url, or nil.
func (a *CloneAuth) GoGit(url string) transport.AuthMethod {
	if !a.For(url) {
		return nil
	}
	return &githttp.BasicAuth{Username: a.User, Password: a.Password}
}

// secrets are the strings an error message must not show.
func (a *CloneAuth) secrets() []string {
	if a == nil || a.Password == "" {
		return nil
	}
	return []string{a.header(), strings.TrimPrefix(a.header(), "Basic "), a.Password}
}
