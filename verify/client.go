package verify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// DefaultBaseURL is where probes go unless Options.BaseURL says otherwise.
const DefaultBaseURL = "https://client.camb.ai/apis"

// Defaults of Options.
const (
	// DefaultTimeout bounds one request, body included.
	DefaultTimeout = 10 * time.Second
	// DefaultMinSpacing separates the starts of two requests: at most 20
	// requests a second leave one cambscan process, whatever the
	// concurrency. CAMB publishes no rate limit for list-voices; 20/s keeps
	// an audit of 1 000 keys under a minute while staying far below what
	// one client of a public API is expected to send.
	DefaultMinSpacing = 50 * time.Millisecond
	// DefaultRetries is how often a 429 is retried, and the most allowed.
	DefaultRetries = 2
	// DefaultBackoff is the wait before the first retry of a 429 without
	// Retry-After; it doubles for the second.
	DefaultBackoff = time.Second
	// DefaultMaxRetryWait caps a Retry-After wait. A server asking for
	// longer gets no retry: the key is reported unknown instead.
	DefaultMaxRetryWait = 30 * time.Second
	// MaxBody is how much of an answer is read before it is discarded.
	MaxBody = 64 << 10
)

// Options configure a Client. The zero value probes DefaultBaseURL with the
// defaults above.
type Options struct {
	// BaseURL is the API base; "" means DefaultBaseURL. Anything else must
	// be https, or http to a loopback host (127.0.0.0/8, ::1, localhost),
	// without user info, query or fragment.
	BaseURL string
	// Timeout bounds one request; 0 means DefaultTimeout.
	Timeout time.Duration
	// UserAgent is sent as User-Agent; "" means "cambscan".
	UserAgent string
	// HTTP is the client to send with (tests); nil means a client with its
	// own transport that honours HTTPS_PROXY. Either way the Client uses a
	// copy whose redirects are never followed.
	HTTP *http.Client
	// MinSpacing is the least time between the starts of two requests; 0
	// means DefaultMinSpacing, a negative value no spacing.
	MinSpacing time.Duration
	// Retries is how often a 429 is retried; 0 means DefaultRetries, a
	// negative value none. More than DefaultRetries is lowered to it.
	Retries int
	// Backoff is the wait before the first retry of a 429 that has no
	// Retry-After (doubled for the next); 0 means DefaultBackoff.
	Backoff time.Duration
	// MaxRetryWait caps a Retry-After wait; 0 means DefaultMaxRetryWait.
	MaxRetryWait time.Duration
	// Now stamps Result.CheckedAt; nil means time.Now. Spacing and waits
	// always use the real clock.
	Now func() time.Time
}

// A Client probes keys. It is safe for concurrent use, and it probes each
// key at most once in its lifetime: concurrent Checks of one key share one
// request (single flight), later ones get the cached result. Use one Client
// per run.
type Client struct {
	base      string // without a trailing slash
	endpoint  string // base + "/list-voices"
	http      *http.Client
	timeout   time.Duration
	userAgent string
	retries   int
	backoff   time.Duration
	maxWait   time.Duration
	now       func() time.Time
	limit     limiter

	mu    sync.Mutex
	calls map[string]*call
}

// A call is one key's probe, in flight or done.
type call struct {
	done      chan struct{} // closed when res is set
	res       Result
	cancelled bool // the prober's ctx ended: waiters probe again
}

// New returns a client, or an error when BaseURL may not receive keys.
func New(opts Options) (*Client, error) {
	base, err := checkBase(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:      base,
		endpoint:  base + "/list-voices",
		timeout:   opts.Timeout,
		userAgent: opts.UserAgent,
		retries:   opts.Retries,
		backoff:   opts.Backoff,
		maxWait:   opts.MaxRetryWait,
		now:       opts.Now,
		calls:     map[string]*call{},
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.userAgent == "" {
		c.userAgent = "cambscan"
	}
	switch {
	case c.retries == 0 || c.retries > DefaultRetries:
		c.retries = DefaultRetries
	case c.retries < 0:
		c.retries = 0
	}
	if c.backoff <= 0 {
		c.backoff = DefaultBackoff
	}
	if c.maxWait <= 0 {
		c.maxWait = DefaultMaxRetryWait
	}
	if c.now == nil {
		c.now = time.Now
	}
	switch {
	case opts.MinSpacing == 0:
		c.limit.spacing = DefaultMinSpacing
	case opts.MinSpacing > 0:
		c.limit.spacing = opts.MinSpacing
	}
	var hc http.Client
	if opts.HTTP != nil {
		hc = *opts.HTTP
	} else {
		hc.Transport = newTransport()
	}
	// Never follow a redirect: the next hop would get the key header
	// (net/http strips Authorization across hosts, not x-api-key).
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.http = &hc
	return c, nil
}

// newTransport is http.DefaultTransport's setup with TLS 1.2 at least and
// enough idle connections for a handful of probes in flight. Its Proxy is
// http.ProxyFromEnvironment: HTTPS_PROXY tunnels https with CONNECT (TLS
// stays end to end), and loopback hosts are never proxied.
func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = http.ProxyFromEnvironment
	t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	t.MaxIdleConnsPerHost = 16
	return t
}

// checkBase validates a base URL and returns it without a trailing slash.
func checkBase(raw string) (string, error) {
	if raw == "" {
		return DefaultBaseURL, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("base URL %q: %w", raw, err)
	}
	switch {
	case u.Host == "" || u.Opaque != "":
		return "", fmt.Errorf("base URL %q has no host", raw)
	case u.User != nil:
		return "", fmt.Errorf("base URL %q: user info is not allowed", u.Redacted())
	case u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return "", fmt.Errorf("base URL %q: a query or fragment is not allowed", raw)
	case u.Scheme == "https":
	case u.Scheme == "http" && isLoopback(u.Hostname()):
	case u.Scheme == "http":
		return "", fmt.Errorf("base URL %q: plain http is allowed only to a loopback host (127.0.0.0/8, ::1, localhost); keys go to other hosts over https only", raw)
	default:
		return "", fmt.Errorf("base URL %q: scheme must be https", raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// isLoopback reports whether host is localhost or a loopback IP literal.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// BaseURL returns the base the client sends keys to.
func (c *Client) BaseURL() string { return c.base }

// Check probes key once and returns what it learned; it never fails, an
// error becomes an Unknown result with a reason. A candidate that is not a
// UUIDv4 is never sent. A key already probed by this client gets the cached
// result; a key being probed by another goroutine waits for that probe.
func (c *Client) Check(ctx context.Context, key string) Result {
	if !IsKeyShape(key) {
		return Result{Status: Unknown, Reason: "not a key (never sent)", CheckedAt: c.stamp()}
	}
	for {
		c.mu.Lock()
		if cl, ok := c.calls[key]; ok {
			c.mu.Unlock()
			select {
			case <-cl.done:
				if !cl.cancelled {
					return cl.res
				}
				continue // the prober was cancelled, not us: probe again
			case <-ctx.Done():
				return c.cancelled(ctx)
			}
		}
		cl := &call{done: make(chan struct{})}
		c.calls[key] = cl
		c.mu.Unlock()

		cl.res = c.probe(ctx, key)
		cl.res.Reason = scrub(cl.res.Reason, key)
		if ctx.Err() != nil {
			cl.cancelled = true
			c.mu.Lock()
			delete(c.calls, key)
			c.mu.Unlock()
		}
		close(cl.done)
		return cl.res
	}
}

func (c *Client) stamp() time.Time { return c.now().UTC() }

func (c *Client) cancelled(ctx context.Context) Result {
	reason := "cancelled before an answer"
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		reason = "deadline of the run passed before an answer"
	}
	return Result{Status: Unknown, Reason: reason, CheckedAt: c.stamp()}
}

// IsKeyShape reports whether s has the shape of a CAMB key: a UUIDv4
// (8-4-4-4-12 hex digits, version 4, variant 8, 9, a or b), either case.
func IsKeyShape(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch i {
		case 8, 13, 18, 23:
			if ch != '-' {
				return false
			}
			continue
		}
		if !isHex(ch) {
			return false
		}
	}
	return s[14] == '4' && strings.IndexByte("89abAB", s[19]) >= 0
}

func isHex(ch byte) bool {
	return '0' <= ch && ch <= '9' || 'a' <= ch && ch <= 'f' || 'A' <= ch && ch <= 'F'
}

// scrub replaces key in s, in any letter case, with "[key]".
func scrub(s, key string) string {
	if key == "" {
		return s
	}
	ls, lk := asciiLower(s), asciiLower(key)
	var b strings.Builder
	for {
		i := strings.Index(ls, lk)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString("[key]")
		s, ls = s[i+len(key):], ls[i+len(key):]
	}
}

// asciiLower lowers ASCII letters only, so byte offsets stay the same.
func asciiLower(s string) string {
	b := []byte(s)
	for i, ch := range b {
		if 'A' <= ch && ch <= 'Z' {
			b[i] = ch + 'a' - 'A'
		}
	}
	return string(b)
}
