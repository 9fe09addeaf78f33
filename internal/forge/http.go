package forge

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// get fetches u and returns its body and Link header, waiting out short
// rate limits (see the package documentation).
func (c *Client) get(ctx context.Context, u *url.URL) ([]byte, string, error) {
	for attempt := 0; ; attempt++ {
		if err := c.waitUntil(ctx, c.notBefore); err != nil {
			return nil, "", err
		}
		resp, body, err := c.do(ctx, u)
		if err != nil {
			return nil, "", err
		}
		h := resp.Header
		switch {
		case resp.StatusCode == http.StatusOK:
			if rem, reset, ok := c.quota(h); ok && rem == 0 {
				c.notBefore = reset
			}
			return body, h.Get("Link"), nil
		case resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusTooManyRequests:
			until, limited := c.retryAt(h)
			if !limited {
				return nil, "", c.statusError(resp, body)
			}
			if attempt >= maxRetries {
				return nil, "", fmt.Errorf("%s: still rate limited after %d waits", c.what(u), maxRetries)
			}
			c.notBefore = until
		default:
			return nil, "", c.statusError(resp, body)
		}
	}
}

// waitUntil sleeps until t when that is at most maxWait away, saying so
// on the log, and returns a RateLimitError when it is further.
func (c *Client) waitUntil(ctx context.Context, t time.Time) error {
	if t.IsZero() {
		return nil
	}
	d := t.Sub(c.now())
	if d <= 0 {
		return nil
	}
	if d > c.maxWait {
		return &RateLimitError{Kind: c.kind, Wait: d, Reset: t, MaxWait: c.maxWait}
	}
	if c.log != nil {
		fmt.Fprintf(c.log, "cambscan: %s API rate limit reached; waiting %s for it to reset\n", c.kind, d.Round(time.Second))
	}
	if err := c.sleep(ctx, d); err != nil {
		return err
	}
	c.notBefore = time.Time{}
	return nil
}

// do sends one GET and reads its body, at most pageCap bytes.
func (c *Client) do(ctx context.Context, u *url.URL) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("User-Agent", c.userAgent)
	if c.kind == GitHub {
		req.Header.Set("Accept", "application/vnd.github+json")
		req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	} else {
		req.Header.Set("Accept", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		return nil, nil, fmt.Errorf("%s: %w", c.what(u), c.scrub(unwrapURLError(err)))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.pageCap+1))
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		return nil, nil, fmt.Errorf("%s: reading the response: %w", c.what(u), c.scrub(err))
	}
	if int64(len(body)) > c.pageCap {
		return nil, nil, fmt.Errorf("%s: the response is over the %d MiB limit of a page", c.what(u), c.pageCap>>20)
	}
	return resp, body, nil
}

// unwrapURLError drops the *url.Error wrapper, whose message repeats the
// URL (what() says which request it was).
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// what names a request in an error: the path without the query.
func (c *Client) what(u *url.URL) string {
	return "GET " + u.Scheme + "://" + u.Host + u.EscapedPath()
}

// scrub replaces the token in an error's message.
func (c *Client) scrub(err error) error {
	if c.token == "" || !strings.Contains(err.Error(), c.token) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), c.token, "[token]"))
}

// quota returns the remaining requests and the reset time of the
// rate-limit headers, if the response has them.
func (c *Client) quota(h http.Header) (int, time.Time, bool) {
	prefix := "X-RateLimit-"
	if c.kind == GitLab {
		prefix = "RateLimit-"
	}
	rem, err1 := strconv.Atoi(strings.TrimSpace(h.Get(prefix + "Remaining")))
	reset, err2 := strconv.ParseInt(strings.TrimSpace(h.Get(prefix+"Reset")), 10, 64)
	if err1 != nil || err2 != nil {
		return 0, time.Time{}, false
	}
	return rem, time.Unix(reset, 0).Add(time.Second), true
}

// retryAt returns when a 403 or 429 may be retried: after Retry-After
// (seconds or an HTTP date), or at the reset of a spent quota. A 403 that
// says neither is not a rate limit.
func (c *Client) retryAt(h http.Header) (time.Time, bool) {
	if ra := strings.TrimSpace(h.Get("Retry-After")); ra != "" {
		if s, err := strconv.ParseInt(ra, 10, 64); err == nil && s >= 0 {
			// Capped (at 68 years) before it becomes a Duration, which a
			// larger number would overflow into a wait of no time.
			return c.now().Add(time.Duration(min(s, 1<<31)) * time.Second), true
		}
		if t, err := http.ParseTime(ra); err == nil {
			return t, true
		}
	}
	if rem, reset, ok := c.quota(h); ok && rem == 0 {
		return reset, true
	}
	return time.Time{}, false
}

// statusError describes a response that is neither a page nor a rate
// limit, with the API's message (one line, at most 200 bytes).
func (c *Client) statusError(resp *http.Response, body []byte) error {
	what := c.what(resp.Request.URL)
	var m struct {
		Message json.RawMessage `json:"message"`
	}
	msg := ""
	if json.Unmarshal(body, &m) == nil && len(m.Message) > 0 {
		var s string
		if json.Unmarshal(m.Message, &s) == nil {
			msg = s
		} else {
			msg = string(m.Message)
		}
	}
	msg = oneLine(msg, 200)
	if c.token != "" {
		msg = strings.ReplaceAll(msg, c.token, "[token]")
	}
	if msg != "" {
		msg = ": " + msg
	}
	switch code := resp.StatusCode; {
	case code >= 300 && code < 400:
		loc := resp.Header.Get("Location")
		if u, err := resp.Request.URL.Parse(loc); err == nil && loc != "" {
			return fmt.Errorf("%s: redirected to %s://%s, not followed: the token goes to the API host only", what, u.Scheme, u.Host)
		}
		return fmt.Errorf("%s: %s, not followed", what, resp.Status)
	case code == http.StatusUnauthorized:
		return fmt.Errorf("%s: %s%s (check %s)", what, resp.Status, msg, tokenVar(c.kind))
	case code == http.StatusNotFound:
		hint := ""
		if c.token == "" {
			hint = fmt.Sprintf(" (a private one needs %s)", tokenVar(c.kind))
		}
		return fmt.Errorf("%s: %s%s: no such organisation, user or group%s", what, resp.Status, msg, hint)
	}
	return fmt.Errorf("%s: %s%s", what, resp.Status, msg)
}

// oneLine keeps the printable ASCII of s on one line, at most n bytes.
func oneLine(s string, n int) string {
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= n {
			b.WriteString("...")
			break
		}
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}
