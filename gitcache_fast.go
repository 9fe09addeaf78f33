package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/cambscan/cambscan/internal/cache"
	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/scanner/history"
)

// An unchanged repository (its refs are those of its last complete scan,
// under the same rules flavour and options) is not walked: nothing a ref
// reaches can have changed. Its record says which blobs held a match (they
// are read again, by id, as a walk would: the cache keeps no key), which
// chunks were skipped, and where each finding was; the findings are
// rebuilt from those blobs' matches and that provenance, so the report is
// the one a walk would give.

// Bounds of what a record keeps for the next run to replay; a scan that
// needs more leaves the next one to walk.
const (
	maxReplayBlobs = 100_000
	maxReplaySkips = 10_000
)

// errWalk says the unchanged path cannot be taken after all (a blob of the
// record is gone): the repository is walked.
var errWalk = errors.New("walk needed")

// refsDigest is the hex SHA-256 of the refs of the repository at dir, as
// the walk reads them (name and id, sorted by name).
func refsDigest(dir string) (string, error) {
	repo, err := git.Find(dir, git.FindOptions{})
	if err != nil {
		return "", err
	}
	refs, err := repo.Refs()
	if err != nil {
		return "", err
	}
	sort.Slice(refs, func(i, j int) bool { return refs[i].Name < refs[j].Name })
	h := sha256.New()
	for _, r := range refs {
		h.Write([]byte(r.Name))
		h.Write([]byte{0})
		h.Write([]byte(r.ID.String()))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// settingsDigest is the hex SHA-256 of what, besides the refs, decides a
// history scan's findings: the seen store's rules flavour, the path
// excludes, the blob size cap and the backend.
func settingsDigest(version string, opts *history.Options) string {
	h := sha256.New()
	for _, s := range []string{version, strconv.FormatInt(opts.MaxFileSize, 10), opts.Backend, strconv.Itoa(len(opts.Excludes))} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	for _, e := range opts.Excludes {
		h.Write([]byte(e))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// A replaySkip is a skipped chunk the source yielded, as the record keeps
// it.
type replaySkip struct {
	Path string      `json:"path,omitempty"`
	Blob string      `json:"blob,omitempty"`
	Size int64       `json:"size,omitempty"`
	Skip *skipRecord `json:"skip"`
}

// A skipRecord is a scanner.Skip as the record keeps it (Skip's own JSON
// is the reports': target, path and reason).
type skipRecord struct {
	Class     scanner.SkipClass `json:"class"`
	Size      int64             `json:"size,omitempty"`
	Limit     int64             `json:"limit,omitempty"`
	DeltaBase bool              `json:"delta_base,omitempty"`
	Detail    string            `json:"detail,omitempty"`
	Base      *skipRecord       `json:"base,omitempty"`
}

// recordSkip is the record's copy of s (nil for nil).
func recordSkip(s *scanner.Skip) *skipRecord {
	if s == nil {
		return nil
	}
	return &skipRecord{Class: s.Class, Size: s.Size, Limit: s.Limit, DeltaBase: s.DeltaBase, Detail: s.Detail, Base: recordSkip(s.Base)}
}

// skip is the scanner.Skip r records (nil for nil).
func (r *skipRecord) skip() *scanner.Skip {
	if r == nil {
		return nil
	}
	return &scanner.Skip{Class: r.Class, Size: r.Size, Limit: r.Limit, DeltaBase: r.DeltaBase, Detail: r.Detail, Base: r.Base.skip()}
}

// An unchangedRepo is the scan of a repository whose refs did not move.
type unchangedRepo struct {
	target  string
	dir     string
	maxSize int64
	rec     *cache.Record
	blobs   []git.ID
	// resolved says resolve ran (the engine calls it only when a blob
	// matched).
	resolved bool
	skips    []replaySkip
	st       *git.Store
}

// planUnchanged returns the unchanged scan of the repository at dir when
// old says its last complete scan saw these refs with these settings; nil
// when it must be walked.
func planUnchanged(target, dir string, opts *history.Options, refs, settings string, old *cache.Record) *unchangedRepo {
	if refs == "" || old.Refs != refs || old.Settings != settings {
		return nil
	}
	u := &unchangedRepo{target: target, dir: dir, maxSize: opts.MaxFileSize, rec: old}
	for _, b := range old.Blobs {
		id, ok := git.ParseID(b)
		if !ok {
			return nil
		}
		u.blobs = append(u.blobs, id)
	}
	if len(old.Skips) > 0 && json.Unmarshal(old.Skips, &u.skips) != nil {
		return nil
	}
	read := map[string]bool{}
	for _, b := range old.Blobs {
		read[b] = true
	}
	for _, e := range old.Findings {
		if !read[e.Blob] {
			return nil // every finding is rebuilt from a blob read again
		}
	}
	return u
}

// chunks yields the replayed skips and the record's blobs. Before it
// yields anything it checks that every blob is there; errWalk when one is
// not.
func (u *unchangedRepo) chunks(ctx context.Context, yield func(scanner.Chunk) error) error {
	if len(u.blobs) > 0 {
		repo, err := git.Find(u.dir, git.FindOptions{})
		if err != nil {
			return err
		}
		st, bad := git.OpenStore(repo.ObjectDirs)
		u.st = st
		if len(bad) > 0 {
			return errWalk
		}
		st.SetLimits(git.Limits{Blob: u.maxSize})
		st.SortPacks()
		for _, id := range u.blobs {
			if typ, _, err := st.Size(id); err != nil || typ != git.ObjBlob {
				return errWalk
			}
		}
	}
	for _, s := range u.skips {
		if s.Skip == nil {
			continue
		}
		c := scanner.Chunk{Origin: scanner.Origin{Kind: scanner.KindHistory, Target: u.target, Path: s.Path, Blob: s.Blob}, Size: s.Size, Skip: s.Skip.skip()}
		if err := yield(c); err != nil {
			return err
		}
	}
	for _, id := range u.blobs {
		if err := ctx.Err(); err != nil {
			return err
		}
		_, data, err := u.st.ReadMax(id, u.maxSize)
		if err != nil {
			return fmt.Errorf("%s: blob %s of the cache record: %w", cache.StripUserinfo(u.target), id, err)
		}
		c := scanner.Chunk{Origin: scanner.Origin{Kind: scanner.KindHistory, Target: u.target, Blob: id.String()}, Size: int64(len(data)), Data: append([]byte(nil), data...)}
		if err := yield(c); err != nil {
			return err
		}
	}
	return nil
}

// resolve rebuilds the record's findings from the matches of its blobs:
// each takes the first match of its rule and key in its blob (as the
// walk's provenance does) and the path, commit and author of the record.
func (u *unchangedRepo) resolve(found []scanner.Finding) ([]scanner.Finding, error) {
	u.resolved = true
	byBlob := map[string][]*scanner.Finding{}
	for i := range found {
		byBlob[found[i].Blob] = append(byBlob[found[i].Blob], &found[i])
	}
	sums := map[*scanner.Finding]string{}
	fps := make([]string, 0, len(u.rec.Findings))
	for fp := range u.rec.Findings {
		fps = append(fps, fp)
	}
	sort.Strings(fps)
	out := make([]scanner.Finding, 0, len(fps))
	for _, fp := range fps {
		e := u.rec.Findings[fp]
		var tmpl *scanner.Finding
		for _, f := range byBlob[e.Blob] {
			if f.RuleID != e.Rule {
				continue
			}
			sum, ok := sums[f]
			if !ok {
				sum = f.SecretSHA256()
				sums[f] = sum
			}
			if sum == e.SecretSHA256 && (tmpl == nil || f.Line < tmpl.Line || (f.Line == tmpl.Line && f.Column < tmpl.Column)) {
				tmpl = f
			}
		}
		if tmpl == nil {
			return nil, fmt.Errorf("%s: the cache record names a finding its blob %s does not hold", cache.StripUserinfo(u.target), e.Blob)
		}
		f := *tmpl
		f.Path = e.Path
		if f.Member != "" {
			// The engine joins the member to the blob's path again.
			p, ok := strings.CutSuffix(e.Path, "!"+f.Member)
			if !ok {
				return nil, fmt.Errorf("%s: the cache record's path of a finding in blob %s does not end with its archive member", cache.StripUserinfo(u.target), e.Blob)
			}
			if p == "git-blob/"+e.Blob {
				p = ""
			}
			f.Path = p
		}
		f.Commit, f.Author, f.Email, f.Date = e.Commit, e.Author, e.Email, e.Date
		f.Reachable = true // the walk keeps only those (Options.ReachableOnly)
		f.Occurrences = e.Occurrences
		out = append(out, f)
	}
	return out, nil
}

func (u *unchangedRepo) close() {
	if u.st != nil {
		u.st.Close()
		u.st = nil
	}
}

// watch passes the source's chunks on to yield and keeps its skipped
// ones for the record.
func (s *cachedSource) watch(yield func(scanner.Chunk) error) func(scanner.Chunk) error {
	return func(c scanner.Chunk) error {
		if c.Skip != nil {
			if len(s.skips) < maxReplaySkips {
				s.skips = append(s.skips, replaySkip{Path: c.Origin.Path, Blob: c.Origin.Blob, Size: c.Size, Skip: recordSkip(c.Skip)})
			} else {
				s.noReplay = true
			}
		}
		return yield(c)
	}
}

// noteBlobs keeps the blobs that held a match, for the record.
func (s *cachedSource) noteBlobs(found []scanner.Finding) {
	have := map[string]bool{}
	for i := range found {
		b := found[i].Blob
		if have[b] {
			continue
		}
		have[b] = true
		if _, ok := git.ParseID(b); !ok || len(s.hitBlobs) >= maxReplayBlobs {
			s.noReplay = true
			continue
		}
		s.hitBlobs = append(s.hitBlobs, b)
	}
	sort.Strings(s.hitBlobs)
}

// replay fills what lets the next run skip the walk into rec, when this
// scan can be replayed: a scan of every ref, without warnings, whose
// findings the engine did not filter after Resolve, and whose record
// holds each of them whole (a path with a key in it is redacted there).
func (s *cachedSource) replay(rec *cache.Record, found []scanner.Finding, exact bool) {
	if s.refs == "" || s.noReplay || !exact || len(found) != s.resolved {
		return
	}
	if w, ok := s.inner.(scanner.Warner); ok && len(w.Warnings()) > 0 {
		return
	}
	if len(rec.Findings) != len(found) {
		return // two findings share a fingerprint
	}
	for i := range found {
		if !found[i].Reachable {
			return
		}
	}
	var skips json.RawMessage
	if len(s.skips) > 0 {
		b, err := json.Marshal(s.skips)
		if err != nil {
			return
		}
		skips = b
	}
	rec.Refs, rec.Settings, rec.Blobs, rec.Skips = s.refs, s.settings, s.hitBlobs, skips
}

// forget clears the record's refs digest after the unchanged path failed,
// so that the next run walks.
func (s *cachedSource) forget() {
	rec := s.gc.c.ReadRecord(s.target)
	if rec.Refs == "" {
		return
	}
	rec.Refs, rec.Settings, rec.Blobs, rec.Skips = "", "", nil, nil
	s.gc.c.WriteRecord(s.target, rec) //nolint:errcheck // the scan's error is the one reported
}
