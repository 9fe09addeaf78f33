// Package verify checks whether a CAMB.AI API key is live with one probe
// request. It is the only package of cambscan that does network I/O.
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
	Status     Status    `json:"status"`
	HTTPStatus int       `json:"http_status,omitempty"`
	Reason     string    `json:"reason,omitempty"`
	CheckedAt  time.Time `json:"checked_at"`
}
