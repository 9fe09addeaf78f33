// Package audit writes the standing report of a cambscan cache (`cambscan
// audit report --cache-dir DIR`): every key the cache's records hold,
// grouped by key and never showing it (its redacted form and SHA-256
// only), with its last liveness probe and every repository, path and
// introducing commit that holds it, first and last seen; live keys first.
//
// # Bounded memory
//
// The records are read one at a time (each at most the cache's record
// bound) and turned into rows, one per place of a key. Rows are sorted
// by liveness, key, repository and path with an external merge sort: at
// most [Options].MaxRows rows in memory, sorted runs spilled to a
// temporary directory (0700, removed afterwards) and merged at most 64 at
// a time. The sorted rows are read twice: once to sum each key up (its
// repositories, first and last seen) into a file of one line per key, and
// to count the summary at the top of the report; once to write the
// report, reading that file alongside. Memory is therefore bounded by
// MaxRows and one record, whatever the number of repositories and keys;
// the cache's directory listing of records is the one part that grows
// with the fleet (a name per repository).
package audit

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/cambscan/cambscan/internal/cache"
	"github.com/cambscan/cambscan/internal/redact"
)

// Options configure Write.
type Options struct {
	// Format is text, json or html.
	Format string
	// Tool and Version name the program in JSON and HTML reports.
	Tool, Version string
	// Now is the report's time; zero means time.Now.
	Now time.Time
	// TempDir is where sorted runs are spilled; "" means os.TempDir.
	TempDir string
	// MaxRows bounds the rows held in memory; 0 means DefaultMaxRows.
	MaxRows int
	// fanIn bounds the runs merged at once (tests lower it); 0 means 64.
	fanIn int
}

// DefaultMaxRows is the default of Options.MaxRows: about 20 MB of rows.
const DefaultMaxRows = 50_000

// Statuses in report order: live first, then what may still be live.
var statusOrder = []string{"live", "unknown", "unchecked", "revoked"}

// rank returns a status's place in statusOrder.
func rank(status string) int {
	for i, s := range statusOrder {
		if s == status {
			return i
		}
	}
	return 1 // an unknown word is unknown
}

// A Summary counts what a report holds.
type Summary struct {
	GeneratedAt time.Time `json:"generated_at"`
	// Repositories is the number of repository records in the cache;
	// WithKeys of them hold at least one key.
	Repositories int `json:"repositories"`
	WithKeys     int `json:"repositories_with_keys"`
	// Keys counts unique keys, Locations their places (repository, path,
	// rule).
	Keys      int            `json:"keys"`
	Locations int            `json:"locations"`
	ByStatus  map[string]int `json:"by_status"`
	// Damaged names the records that could not be read, with why: the
	// report leaves their repositories out, and the command says so and
	// exits 2.
	Damaged []string `json:"-"`
}

// A Key is one key's entry, without its places.
type Key struct {
	Secret       string    `json:"secret"`
	SecretSHA256 string    `json:"secret_sha256"`
	Status       string    `json:"status"`
	HTTPStatus   int       `json:"http_status,omitempty"`
	Reason       string    `json:"reason,omitempty"`
	CheckedAt    time.Time `json:"checked_at,omitzero"`
	Repositories int       `json:"repositories"`
	Locations    int       `json:"location_count"`
	FirstSeen    time.Time `json:"first_seen"`
	LastSeen     time.Time `json:"last_seen"`
}

// A Location is one place of a key.
type Location struct {
	Target    string    `json:"target"`
	Path      string    `json:"path"`
	Rule      string    `json:"rule"`
	Commit    string    `json:"commit,omitempty"`
	Blob      string    `json:"blob,omitempty"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
}

// A sink writes one format: begin once, then per key its header, its
// locations and endKey, then end.
type sink interface {
	begin(s *Summary) error
	key(k *Key) error
	loc(l *Location) error
	endKey() error
	end() error
}

// Write writes the report of c to w and returns its summary.
func Write(ctx context.Context, c *cache.Cache, w io.Writer, opts Options) (*Summary, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.MaxRows <= 0 {
		opts.MaxRows = DefaultMaxRows
	}
	if opts.fanIn < 2 {
		opts.fanIn = 64
	}
	var out sink
	bw := bufio.NewWriterSize(w, 64<<10)
	switch opts.Format {
	case "text", "":
		out = &textSink{w: bw}
	case "json":
		out = &jsonSink{w: bw, tool: opts.Tool, version: opts.Version}
	case "html":
		out = newHTMLSink(bw, opts.Tool, opts.Version)
	default:
		return nil, fmt.Errorf("unknown format %q (want text, json or html)", opts.Format)
	}
	tmp, err := os.MkdirTemp(opts.TempDir, "cambscan-audit-")
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	defer os.RemoveAll(tmp)

	sum := &Summary{GeneratedAt: opts.Now.UTC().Truncate(time.Second), ByStatus: map[string]int{}}
	for _, s := range statusOrder {
		sum.ByStatus[s] = 0
	}
	srt := &sorter{dir: tmp, maxRows: opts.MaxRows, fanIn: opts.fanIn}
	live := newLivenessMemo(c)
	err = c.Records(func(r *cache.Record) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		sum.Repositories++
		if len(r.Findings) > 0 {
			sum.WithKeys++
		}
		for _, s := range r.Findings {
			if !isSHA256(s.SecretSHA256) {
				sum.Damaged = append(sum.Damaged, fmt.Sprintf("%s: a finding at %s whose secret_sha256 is not a SHA-256", redact.Quote(cache.StripUserinfo(r.Target)), redact.Quote(s.Path)))
				continue
			}
			secret := s.Secret
			if len(secret) > len("abcd...wxyz") {
				secret = redact.Key(secret) // not as the cache writes it
			}
			l := live.get(s.SecretSHA256)
			err := srt.add(row{
				Rank: rank(l.Status), SHA: s.SecretSHA256, Secret: secret,
				Target: cache.StripUserinfo(r.Target), Path: s.Path, Rule: s.Rule, Commit: s.Commit, Blob: s.Blob,
				FirstSeen: s.FirstSeen.UTC(), LastSeen: s.LastSeen.UTC(),
			})
			if err != nil {
				return err
			}
		}
		return nil
	}, func(name string, err error) {
		sum.Damaged = append(sum.Damaged, fmt.Sprintf("%s: %v", name, err))
	})
	if err == nil {
		err = srt.finish(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}

	keys, err := summarise(ctx, srt, tmp, sum)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	if err := writeReport(ctx, srt, keys, live, sum, out); err != nil {
		return nil, err
	}
	if err := bw.Flush(); err != nil {
		return nil, err
	}
	return sum, nil
}

// summarise reads the sorted rows once: it writes each key's totals, in
// order, to a file it returns, and counts the summary.
func summarise(ctx context.Context, srt *sorter, dir string, sum *Summary) (string, error) {
	name := filepath.Join(dir, "keys.jsonl")
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	w := bufio.NewWriterSize(f, 64<<10)
	enc := json.NewEncoder(w)
	var cur *Key
	var lastTarget string
	flush := func() error {
		if cur == nil {
			return nil
		}
		return enc.Encode(cur)
	}
	err = srt.each(ctx, func(r *row) error {
		sum.Locations++
		if cur == nil || cur.SecretSHA256 != r.SHA || rank(cur.Status) != r.Rank {
			if err := flush(); err != nil {
				return err
			}
			cur = &Key{SecretSHA256: r.SHA, Status: statusOrder[r.Rank], FirstSeen: r.FirstSeen, LastSeen: r.LastSeen}
			lastTarget = ""
			sum.Keys++
			sum.ByStatus[cur.Status]++
		}
		cur.Locations++
		if cur.Secret == "" {
			cur.Secret = r.Secret
		}
		if r.Target != lastTarget {
			cur.Repositories++
			lastTarget = r.Target
		}
		if !r.FirstSeen.IsZero() && (cur.FirstSeen.IsZero() || r.FirstSeen.Before(cur.FirstSeen)) {
			cur.FirstSeen = r.FirstSeen
		}
		if r.LastSeen.After(cur.LastSeen) {
			cur.LastSeen = r.LastSeen
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return name, err
}

// writeReport reads the sorted rows again and writes them to out, each
// key's header from the totals file.
func writeReport(ctx context.Context, srt *sorter, keysFile string, live *livenessMemo, sum *Summary, out sink) error {
	f, err := os.Open(keysFile)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReaderSize(f, 64<<10))
	if err := out.begin(sum); err != nil {
		return err
	}
	var cur *Key
	err = srt.each(ctx, func(r *row) error {
		if cur == nil || cur.SecretSHA256 != r.SHA || rank(cur.Status) != r.Rank {
			if cur != nil {
				if err := out.endKey(); err != nil {
					return err
				}
			}
			cur = &Key{}
			if err := dec.Decode(cur); err != nil {
				return fmt.Errorf("audit: key totals: %w", err)
			}
			if cur.SecretSHA256 != r.SHA {
				return errors.New("audit: key totals out of step with the rows")
			}
			if l := live.get(r.SHA); l.Status == cur.Status {
				cur.HTTPStatus, cur.Reason, cur.CheckedAt = l.HTTPStatus, l.Reason, l.CheckedAt.UTC()
			}
			if cur.Secret == "" {
				cur.Secret = "sha256:" + cur.SecretSHA256[:12]
			}
			if err := out.key(cur); err != nil {
				return err
			}
		}
		return out.loc(&Location{Target: r.Target, Path: r.Path, Rule: r.Rule, Commit: r.Commit, Blob: r.Blob, FirstSeen: r.FirstSeen, LastSeen: r.LastSeen})
	})
	if err != nil {
		return err
	}
	if cur != nil {
		if err := out.endKey(); err != nil {
			return err
		}
	}
	return out.end()
}

// A livenessMemo reads the cache's liveness of keys, remembering at most
// memoMax of them.
type livenessMemo struct {
	c *cache.Cache
	m map[string]cache.Liveness
}

const memoMax = 4096

func newLivenessMemo(c *cache.Cache) *livenessMemo {
	return &livenessMemo{c: c, m: map[string]cache.Liveness{}}
}

// get returns the liveness of the key whose SHA-256 is sha; Status is
// "unchecked" when the cache has none.
func (m *livenessMemo) get(sha string) cache.Liveness {
	if l, ok := m.m[sha]; ok {
		return l
	}
	l, ok := m.c.Liveness(sha)
	if !ok {
		l = cache.Liveness{Status: "unchecked"}
	}
	if rank(l.Status) == 1 {
		l.Status = "unknown"
	}
	if len(m.m) >= memoMax {
		clear(m.m)
	}
	m.m[sha] = l
	return l
}

// isSHA256 reports whether s is 64 lower-case hex digits.
func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
