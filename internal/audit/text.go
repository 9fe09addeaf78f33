package audit

import (
	"fmt"
	"io"
	"time"

	"github.com/cambscan/cambscan/internal/redact"
)

// textSink writes the report for a terminal: a summary line, then per key
// a header of two lines and a line per place. Names are quoted and free
// text escaped with package redact, as every text report of cambscan.
type textSink struct {
	w io.Writer
}

// stamp formats a time of the report; "-" for none.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

// short returns the first 12 characters of a hash.
func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

func (t *textSink) begin(s *Summary) error {
	_, err := fmt.Fprintf(t.w, "cambscan audit report, %s: %s in %s of %s (%s in the cache): %d live, %d unknown, %d unchecked, %d revoked\n",
		stamp(s.GeneratedAt), plural(s.Keys, "key"), plural(s.Locations, "place"), plural(s.WithKeys, "repository"), plural(s.Repositories, "repository"),
		s.ByStatus["live"], s.ByStatus["unknown"], s.ByStatus["unchecked"], s.ByStatus["revoked"])
	return err
}

func (t *textSink) key(k *Key) error {
	checked := "never checked"
	if !k.CheckedAt.IsZero() {
		checked = "checked " + stamp(k.CheckedAt)
		if k.Reason != "" {
			checked += " (" + redact.Escape(k.Reason) + ")"
		}
	}
	_, err := fmt.Fprintf(t.w, "\n%-9s %s  sha256:%s  %s\n          first seen %s, last seen %s, %s, %s\n",
		redact.Escape(k.Status), redact.Escape(k.Secret), short(k.SecretSHA256), checked,
		stamp(k.FirstSeen), stamp(k.LastSeen), plural(k.Repositories, "repository"), plural(k.Locations, "place"))
	return err
}

func (t *textSink) loc(l *Location) error {
	commit := ""
	if l.Commit != "" {
		commit = "  commit " + redact.Escape(short(l.Commit))
	}
	_, err := fmt.Fprintf(t.w, "  %s  %s%s  first seen %s, last seen %s\n",
		redact.Quote(l.Target), redact.Quote(l.Path), commit, stamp(l.FirstSeen), stamp(l.LastSeen))
	return err
}

func (t *textSink) endKey() error { return nil }
func (t *textSink) end() error    { return nil }

// plural returns "1 key", "2 keys", "1 repository", "3 repositories".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	if word == "repository" {
		return fmt.Sprintf("%d repositories", n)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
