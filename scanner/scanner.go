// Package scanner finds CAMB.AI API keys in sources of text: files on disk
// (package scanner/files), the blobs of a git history (scanner/history),
// and the staged changes of a repository (scanner/staged). It holds the
// data model those sources share and the engine that runs them; it
// imports none of them.
//
// A [Source] yields [Chunk]s (whole files or blobs) from one goroutine; [Run]
// matches them on all cores with the rules of package rules, turns matches
// into [Finding]s, lets the source resolve them (history provenance, staged
// line filters), applies the baseline and returns them sorted. Scanner
// formats nothing and never writes to what it reads.
package scanner

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/cambscan/cambscan/rules"
	"github.com/cambscan/cambscan/verify"
)

// Kind says where a finding's text came from.
type Kind string

const (
	KindFile    Kind = "file"    // a file on disk
	KindHistory Kind = "history" // a blob of a git history
	KindStaged  Kind = "staged"  // a blob staged in the git index
)

// An Origin is the provenance of a chunk: never its content.
type Origin struct {
	Kind Kind
	// Target is the root the scan was asked for (a directory, a repository
	// path or a clone URL).
	Target string
	// Path is slash-separated and relative to the target's root (the
	// repository's top level for git sources). Empty for history blobs
	// until the source resolves them.
	Path string
	// Blob is the git blob hash, when known.
	Blob string
	// Member is the path inside an archive chunk ("b.tgz!c.env" for a
	// nested one) of findings the engine found in an archive's member;
	// the engine joins it to Path with "!" after the source resolved the
	// findings, so reports see "a.zip!b.tgz!c.env" and Member is empty.
	Member string
	// History provenance, set by the source's Resolve.
	Commit    string
	Author    string
	Email     string
	Date      time.Time
	Reachable bool
}

// ErrTooLarge is matched by the Chunk.Open errors of inputs over the size
// cap (see [TooLargeError]).
var ErrTooLarge = errors.New("larger than --max-file-size")

// A Chunk is one whole file or blob to match. Exactly one of Data, Open,
// OpenSized and Skip is used: Data is the content; Open reads it on a worker goroutine
// (it must be safe to call concurrently with other chunks' Open), into buf
// when it fits (the engine recycles buffers), and fails with a
// [*TooLargeError] for content over limit bytes, an error wrapping
// [ErrNotRegular] for a path that is not a file, or another error for
// content it cannot read; Skip, when not nil, records the chunk as skipped
// (its class and details: the engine sets its Target and Path). Size, when
// known before reading, lets the engine skip large chunks unread.
//
// Open runs holding the most it can bring of the engine's read budget (Size
// when known, else the cap). OpenSized is Open for content whose size the
// reader learns itself (the fstat of the file it opened): it calls reserve
// once with that size, after its size checks and before it reads, and then
// reads at most that many bytes; reserve waits for min(size, cap) of the
// read budget and fails only when the scan is cancelled.
type Chunk struct {
	Origin    Origin
	Size      int64
	Data      []byte
	Open      func(buf []byte, limit int64) ([]byte, error)
	OpenSized func(buf []byte, limit int64, reserve func(size int64) error) ([]byte, error)
	Skip      *Skip
}

// A Source yields the chunks of one target. Chunks calls yield from one
// goroutine, never concurrently, and stops with yield's error if it
// returns one.
type Source interface {
	Target() string
	Chunks(ctx context.Context, yield func(Chunk) error) error
}

// A Resolver is a Source that rewrites the findings of its chunks after
// matching: history sources trace blobs to commits and paths, the staged
// source drops findings on lines the commit does not add. Resolve gets the
// findings of all chunks at once, in no particular order.
type Resolver interface {
	Resolve(ctx context.Context, findings []Finding) ([]Finding, error)
}

// A Warner is a Source with warnings for the user (a shallow clone, say),
// read after Chunks returns.
type Warner interface {
	Warnings() []string
}

// A Totaler is a Source that knows in advance how many chunks and bytes it
// will yield, for progress ETA.
type Totaler interface {
	Total() (chunks int, bytes int64)
}

// A Finding is one CAMB key in one place.
type Finding struct {
	RuleID     string
	Context    string
	Confidence rules.Confidence
	// Secret is the whole key. Reports redact it unless asked not to.
	// For a key written encoded (base64) it is the decoded key,
	// so fingerprints, baselines and verification see the key itself.
	Secret string
	// Encoding is rules.Match.Encoding's name: "base64", "url" or "html" for a
	// key written encoded or in an escaped context, "" for a plain key.
	Encoding string
	Origin
	// Line and Column (1-based, columns in Unicode code points) point at
	// the key's first character; EndLine and EndColumn just past its last.
	Line, Column, EndLine, EndColumn int
	// Occurrences counts the (commit, path) pairs that carry the key, for
	// history findings; 0 elsewhere.
	Occurrences int
	// Verification is set by Verify; nil when liveness was not checked.
	Verification *verify.Result
	// FirstSeen and LastSeen are set by incremental scans (cambscan git
	// --cache-dir): the runs that first and last reported the finding.
	FirstSeen, LastSeen time.Time
}

// SecretSHA256 returns the hex SHA-256 of the key.
func (f *Finding) SecretSHA256() string {
	sum := sha256.Sum256([]byte(f.Secret))
	return hex.EncodeToString(sum[:])
}

// Fingerprint returns the finding's stable identity: the hex SHA-256 of rule
// id, path and the key's SHA-256. It leaves out line and commit, so it
// survives edits that move the key and rebases that rewrite the commit.
func (f *Finding) Fingerprint() string {
	h := sha256.New()
	h.Write([]byte(f.RuleID))
	h.Write([]byte{0})
	h.Write([]byte(f.Path))
	h.Write([]byte{0})
	h.Write([]byte(f.SecretSHA256()))
	return hex.EncodeToString(h.Sum(nil))
}

// Stats counts what a scan read.
type Stats struct {
	Files    int           `json:"files"` // files or blobs matched
	Bytes    int64         `json:"bytes"`
	Skipped  int           `json:"skipped"`
	Duration time.Duration `json:"-"`
}

// A Result is everything a scan found.
type Result struct {
	Targets  []string
	Findings []Finding // sorted by target, path, line, column, rule, commit
	Skipped  []Skip
	Warnings []string
	Stats    Stats
	// Suppressed counts findings dropped by the baseline or inline allows.
	Suppressed int
}
