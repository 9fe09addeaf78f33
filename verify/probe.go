package verify

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// An answer is one HTTP response, reduced to what the mapping needs.
type answer struct {
	status    int
	text      string // "Service Unavailable", never the server's own words
	header    http.Header
	body      []byte // at most MaxBody bytes
	truncated bool   // the body was longer than MaxBody
}

// probe sends the request for key, retrying 429 answers, and maps the last
// answer to a Result. The caller scrubs the key from the reason.
func (c *Client) probe(ctx context.Context, key string) Result {
	for attempt := 0; ; attempt++ {
		if err := c.limit.wait(ctx); err != nil {
			return c.cancelled(ctx)
		}
		a, err := c.send(ctx, key)
		if err != nil {
			if ctx.Err() != nil {
				return c.cancelled(ctx)
			}
			return Result{Status: Unknown, Reason: c.errReason(err), CheckedAt: c.stamp()}
		}
		if a.status != http.StatusTooManyRequests {
			r := classify(a, c.endpoint)
			r.CheckedAt = c.stamp()
			return r
		}
		unknown := Result{Status: Unknown, HTTPStatus: a.status, CheckedAt: c.stamp()}
		if attempt >= c.retries {
			unknown.Reason = fmt.Sprintf("rate limited after %d retries", attempt)
			return unknown
		}
		wait, ok := retryAfter(a.header.Get("Retry-After"), time.Now())
		if !ok {
			wait = c.backoff << attempt
		}
		if wait > c.maxWait {
			unknown.Reason = fmt.Sprintf("rate limited: Retry-After %s exceeds the %s cap", wait.Round(time.Second), c.maxWait)
			return unknown
		}
		// The server asked everyone to slow down, not just this key:
		// hold every probe of this client, this retry included.
		c.limit.delay(wait)
	}
}

// send makes one request with the per-request timeout and reads at most
// MaxBody bytes of the answer.
func (c *Client) send(ctx context.Context, key string) (*answer, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.endpoint, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("x-api-key", key)
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	// A read error after the status line changes nothing but the sniffed
	// body, which then looks truncated-invalid and so not JSON.
	body, _ := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	// The status text is ours: a server's reason phrase could carry
	// anything, terminal escapes included, into a report.
	a := &answer{status: resp.StatusCode, text: http.StatusText(resp.StatusCode), header: resp.Header, body: body}
	if len(body) > MaxBody {
		a.body, a.truncated = body[:MaxBody], true
	}
	return a, nil
}

// classify maps an answer other than 429 to a Result (DESIGN section 5).
func classify(a *answer, endpoint string) Result {
	r := Result{Status: Unknown, HTTPStatus: a.status}
	switch s := a.status; {
	case s == http.StatusOK && isJSON(a.body, a.truncated) && !isHTML(a):
		r.Status, r.Reason = Live, "key accepted"
	case s == http.StatusOK && isHTML(a):
		r.Reason = "200 with an HTML page: a proxy, captive portal or CDN answered, not CAMB's API"
	case s == http.StatusOK:
		r.Reason = "200 without a JSON body"
	case s == http.StatusUnauthorized:
		r.Status, r.Reason = Revoked, "key rejected: invalid or revoked"
	case s == http.StatusForbidden && isJSON(a.body, a.truncated):
		r.Status, r.Reason = Live, "key valid, not allowed to list voices (403 with a JSON body)"
	case s == http.StatusForbidden && isHTML(a):
		r.Reason = "403 with an HTML page: a proxy, firewall or CDN answered, not CAMB's API"
	case s == http.StatusForbidden:
		r.Reason = "403 without a JSON body"
	case 300 <= s && s < 400:
		r.Reason = fmt.Sprintf("redirect to %s, not followed", redirectTarget(a.header.Get("Location"), endpoint))
	case 500 <= s && s < 600:
		r.Reason = withText("server error", a.text)
	default:
		r.Reason = withText("unexpected answer", a.text)
	}
	return r
}

// withText appends ": text" to what when text is not empty.
func withText(what, text string) string {
	if text == "" {
		return what
	}
	return what + ": " + text
}

// redirectTarget names the host a redirect points to, or says it has none.
func redirectTarget(loc, endpoint string) string {
	if loc == "" {
		return "no location"
	}
	base, _ := url.Parse(endpoint)
	u, err := base.Parse(loc)
	if err != nil || u.Host == "" {
		return "an unparsable location"
	}
	if u.Host == base.Host {
		return "another path on " + u.Host
	}
	return "another host (" + u.Host + ")"
}

// isJSON reports whether a body is a JSON document. A body cut at MaxBody
// counts when it starts like one.
func isJSON(body []byte, truncated bool) bool {
	b := trimBody(body)
	if len(b) == 0 || (b[0] != '{' && b[0] != '[') {
		return false
	}
	return truncated || json.Valid(b)
}

// isHTML reports whether an answer is an HTML page.
func isHTML(a *answer) bool {
	b := trimBody(a.body)
	return (len(b) > 0 && b[0] == '<') || strings.Contains(strings.ToLower(a.header.Get("Content-Type")), "html")
}

func trimBody(b []byte) []byte {
	return bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")))
}

// maxRetryAfterSeconds bounds what retryAfter returns, in either form; any
// value this large is far above every MaxRetryWait anyway.
const maxRetryAfterSeconds = 1 << 20

// retryAfter parses a Retry-After value: delay seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > maxRetryAfterSeconds { // keep the multiplication from overflowing
			n = maxRetryAfterSeconds
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return min(max(t.Sub(now), 0), maxRetryAfterSeconds*time.Second), true
}

// errReason describes a failed request without its URL (the caller checked
// that the run's ctx is still alive).
func (c *Client) errReason(err error) string {
	var (
		dns     *net.DNSError
		certErr *tls.CertificateVerificationError
		unknown x509.UnknownAuthorityError
		host    x509.HostnameError
		record  tls.RecordHeaderError
		alert   tls.AlertError
		netErr  net.Error
	)
	// The URL is ours and already known; keep the cause only.
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		return fmt.Sprintf("timeout: no answer within %s", c.timeout)
	case errors.As(err, &dns):
		return "dns lookup failed: " + dns.Error()
	case errors.As(err, &certErr), errors.As(err, &unknown), errors.As(err, &host),
		errors.As(err, &record), errors.As(err, &alert), strings.Contains(err.Error(), "tls: "):
		return "tls failed: " + err.Error()
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused: " + err.Error()
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed before an answer: " + err.Error()
	}
	return "request failed: " + err.Error()
}
