package cache

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
	"time"
)

// maxRecordSize bounds the record file read back (a repository with a
// hundred thousand findings fits).
const maxRecordSize = 64 << 20

// A Record is what the cache keeps about one repository's findings: no
// key, only what the reports need to say since when a finding has been
// there (and what `audit report` groups by).
type Record struct {
	// Target is the repository as given (URL userinfo removed).
	Target string `json:"target"`
	// Scanned is when the last complete scan of it ended.
	Scanned time.Time `json:"scanned"`
	// Findings are keyed by fingerprint (rule, path and the key's
	// SHA-256: scanner.Finding.Fingerprint).
	Findings map[string]*Seenings `json:"findings"`
	// What lets the next run skip the walk of a repository whose refs
	// did not move: Refs is the digest of its refs (name and id, sorted)
	// when the last complete scan began, Settings that of the rules
	// flavour and the options of that scan; both empty when the next run
	// must walk. Blobs are the blobs that scan read which held a match
	// (read again, as a walk would), and Skips the skipped chunks it
	// yielded (replayed), in the caller's encoding.
	Refs     string          `json:"refs,omitempty"`
	Settings string          `json:"settings,omitempty"`
	Blobs    []string        `json:"blobs,omitempty"`
	Skips    json.RawMessage `json:"skips,omitempty"`
}

// Seenings is one finding's entry in a Record.
type Seenings struct {
	Rule         string `json:"rule"`
	Path         string `json:"path"`
	SecretSHA256 string `json:"secret_sha256"`
	// Secret is the key as reports show it by default (redact.Key: its
	// first and last four characters); empty in records of older runs.
	Secret    string    `json:"secret,omitempty"`
	Commit    string    `json:"commit,omitempty"`
	Blob      string    `json:"blob,omitempty"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	// The rest of the finding's provenance, as the scan reported it: an
	// unchanged repository's findings are rebuilt from it. Empty in
	// records of older runs.
	Author      string    `json:"author,omitempty"`
	Email       string    `json:"email,omitempty"`
	Date        time.Time `json:"date,omitzero"`
	Occurrences int       `json:"occurrences,omitempty"`
}

// ReadRecord returns the record of target; an empty one when there is
// none (or it cannot be read: it only dates findings).
func (c *Cache) ReadRecord(target string) *Record {
	r := &Record{Target: StripUserinfo(target), Findings: map[string]*Seenings{}}
	f, err := os.Open(c.recordPath(target))
	if err != nil {
		return r
	}
	defer f.Close()
	var got Record
	if err := json.NewDecoder(io.LimitReader(f, maxRecordSize)).Decode(&got); err != nil || got.Findings == nil {
		return r
	}
	got.Target = r.Target
	return &got
}

// WriteRecord replaces target's record atomically. The caller holds
// target's lock.
func (c *Cache) WriteRecord(target string, r *Record) error {
	err := writeAtomic(c.recordPath(target), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", " ")
		return enc.Encode(r)
	})
	if err != nil {
		return fmt.Errorf("cache record: %w", err)
	}
	return nil
}

// Records calls fn with every record of the cache, in name order. A
// record that cannot be opened or decoded is not skipped silently: it is
// passed to damaged, by file name, and the walk goes on.
func (c *Cache) Records(fn func(*Record) error, damaged func(name string, err error)) error {
	entries, err := os.ReadDir(c.dir + "/records")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue // a record being written (writeAtomic's temporary)
		}
		f, err := os.Open(c.dir + "/records/" + e.Name())
		if err != nil {
			damaged(e.Name(), err)
			continue
		}
		var r Record
		err = json.NewDecoder(io.LimitReader(f, maxRecordSize)).Decode(&r)
		f.Close()
		if err == nil && r.Findings == nil {
			err = errors.New("no findings map")
		}
		if err != nil {
			damaged(e.Name(), err)
			continue
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return nil
}
