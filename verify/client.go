package verify

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// STUB: the liveness work replaces this file.

// DefaultBaseURL is where probes go unless --verify-url says otherwise.
const DefaultBaseURL = "https://client.camb.ai/apis"

// Options configure a Client.
type Options struct {
	BaseURL   string // "" means DefaultBaseURL
	Timeout   time.Duration
	UserAgent string
	HTTP      *http.Client // nil means a client that never follows redirects
}

// A Client probes keys. It is safe for concurrent use.
type Client struct{ base string }

// New returns a client, or an error when BaseURL is neither https nor
// loopback http.
func New(opts Options) (*Client, error) {
	if opts.BaseURL == "" {
		opts.BaseURL = DefaultBaseURL
	}
	return &Client{base: opts.BaseURL}, nil
}

// BaseURL returns the base the client sends keys to.
func (c *Client) BaseURL() string { return c.base }

// Check probes key.
func (c *Client) Check(ctx context.Context, key string) Result {
	return Result{Status: Unknown, Reason: errors.New("not implemented").Error(), CheckedAt: time.Now().UTC()}
}
