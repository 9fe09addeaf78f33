// Package verify checks whether a CAMB.AI API key is live with one probe
// request. It is the only package of cambscan that does network I/O, and it
// starts no goroutines of its own: callers (package scanner) decide the
// parallelism, and a [Client] keeps them polite.
//
// # The probe
//
// A probe is `GET <base>/list-voices` with the header `x-api-key: <key>`
// and `User-Agent: cambscan/<version>`, where base is [DefaultBaseURL]
// unless [Options].BaseURL names another https or loopback-http URL. At most
// [MaxBody] bytes of the answer are read, only to tell a JSON 403 from an
// HTML one, and then discarded. Redirects are never followed.
//
// # Statuses
//
//	HTTP answer                          Status   Reason
//	200                                  live     key accepted
//	403 with a JSON body                 live     key valid, not allowed to list voices (403 with a JSON body)
//	401                                  revoked  key rejected: invalid or revoked
//	403 with an HTML body                unknown  403 with an HTML page: a proxy, firewall or CDN answered, not CAMB's API
//	403 with another body                unknown  403 without a JSON body
//	429, still after 2 retries           unknown  rate limited after 2 retries
//	429 with Retry-After over the cap    unknown  rate limited: Retry-After 2m0s exceeds the 30s cap
//	3xx                                  unknown  redirect to another host (HOST), not followed
//	5xx                                  unknown  server error: Service Unavailable
//	any other status                     unknown  unexpected answer: Not Found
//	no answer within the timeout         unknown  timeout: no answer within 10s
//	DNS, TLS or connection failure       unknown  dns lookup failed: ... / tls failed: ... / connection refused: ...
//	the connection dropped               unknown  connection closed before an answer: ...
//	ctx ended first                      unknown  cancelled before an answer
//	a candidate that is not a UUIDv4     unknown  not a key (never sent)
//
// # Safety
//
// The key travels only in the x-api-key header of a request to the base
// URL. It is never put in a URL, and it is scrubbed from every reason a
// [Result] carries, so a hostile or broken server cannot echo it into a
// report. HTTPS_PROXY is honoured as curl honours it: an https request then
// goes through a CONNECT tunnel and TLS stays end to end, so the proxy sees
// the host name but never the key. Loopback URLs are never proxied, and
// plain http is allowed only for loopback, so HTTP_PROXY never sees a key.
package verify

import "time"

// A Status is the outcome of a liveness probe.
type Status string

const (
	Live    Status = "live"    // 200, or 403 with a JSON body: the key is valid
	Revoked Status = "revoked" // 401: invalid or revoked
	Unknown Status = "unknown" // anything else; Result.Reason says why
)

// A Result is what a probe learned about one key. It never holds the key.
type Result struct {
	Status Status `json:"status"`
	// HTTPStatus is the status code of the last answer; 0 when there was
	// none (timeout, connection failure, a candidate never sent).
	HTTPStatus int `json:"http_status,omitempty"`
	// Reason says in words why Status is what it is.
	Reason    string    `json:"reason,omitempty"`
	CheckedAt time.Time `json:"checked_at"`
}
