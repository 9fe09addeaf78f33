package staged

import (
	"context"
	"fmt"
	"sort"

	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/rules"
	"github.com/cambscan/cambscan/scanner"
)

// moveBudget bounds the bytes Resolve reads to tell moved lines from added
// ones. Past it, lines that look moved are kept as added: a false alarm is
// better than a missed key.
const moveBudget = 64 << 20

// Resolve implements Resolver. It keeps a staged finding only when its
// line is one the change adds, in three steps, cheapest first:
//
//  1. Line diff. The staged blob is diffed with HEAD's blob at the same
//     path (and, during a merge, with each merged commit's blob there)
//     using Myers' algorithm, git's default: a finding survives only on a
//     "+" line of every such diff. A new path has only "+" lines.
//  2. Moves. Git's diff shows a line that moved (within the file, or to
//     another file of the same change) as removed in one place and added
//     in another. Such a line was already committed, so a finding is
//     dropped when the whole change does not add more copies of its exact
//     line than it removes. A content-only multiset approximation would
//     give the same answer for moves but cannot say which of two equal
//     lines is the new one, so the diff decides positions and the counts
//     decide moves.
//  3. Copies. A finding whose blob is anywhere in HEAD's tree (or a
//     merged commit's) is a pure copy of committed content: dropped. The
//     index tells, without reading HEAD's trees: each of its entries that
//     the diff did not mark as changed is HEAD's blob at that path.
//
// A key that is reindented or edited on its line is on a "+" line and is
// reported. A finding in an archive member (Finding.Member) is kept when
// the archive is not a copy: its line is inside the member. Findings of
// the WholeFiles mode are returned unchanged.
func (s *source) Resolve(ctx context.Context, findings []scanner.Finding) ([]scanner.Finding, error) {
	if s.opts.WholeFiles || s.diff == nil {
		return findings, nil
	}
	byPath := map[string][]int{}
	var paths []string
	var members []int
	for i := range findings {
		if findings[i].Member != "" {
			// In an archive member: its line is inside the member, not a
			// line of the staged blob. Kept unless the archive is a copy.
			members = append(members, i)
			continue
		}
		p := findings[i].Path
		if _, ok := byPath[p]; !ok {
			paths = append(paths, p)
		}
		byPath[p] = append(byPath[p], i)
	}
	sort.Strings(paths)
	keep := make([]bool, len(findings))
	lineOf := make([]string, len(findings))
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c := s.byPath[p]
		if c == nil {
			continue
		}
		added, lines, err := s.addedOf(c)
		if err != nil {
			// Unreadable history: keep the findings rather than guess.
			for _, i := range byPath[p] {
				keep[i] = true
			}
			continue
		}
		for _, i := range byPath[p] {
			ln := findings[i].Line - 1
			if ln >= 0 && ln < len(added) && added[ln] {
				keep[i] = true
				lineOf[i] = string(lines[ln])
			}
		}
	}
	if err := s.dropMoves(ctx, keep, lineOf); err != nil {
		return nil, err
	}
	for _, i := range members {
		keep[i] = true
	}
	if err := s.dropCopies(findings, keep); err != nil {
		return nil, err
	}
	out := findings[:0]
	for i := range findings {
		if keep[i] {
			out = append(out, findings[i])
		}
	}
	return out, nil
}

// addedOf returns which lines of c's staged blob the change adds, and the
// lines themselves.
func (s *source) addedOf(c *change) ([]bool, [][]byte, error) {
	lines, err := s.blobLines(c.blob)
	if err != nil {
		return nil, nil, err
	}
	added := make([]bool, len(lines))
	for i := range added {
		added[i] = true
	}
	for _, old := range append([]git.ID{c.head}, c.merge...) {
		if old.IsZero() {
			continue
		}
		oldLines, err := s.blobLines(old)
		if err != nil {
			return nil, nil, err
		}
		a, _ := addedLines(oldLines, lines)
		for i := range added {
			added[i] = added[i] && a[i]
		}
	}
	return added, lines, nil
}

// blobLines reads a blob as text lines, the way the engine matched it.
func (s *source) blobLines(h git.ID) ([][]byte, error) {
	_, data, err := s.objs.ReadMax(h, s.opts.MaxFileSize)
	if err != nil {
		return nil, fmt.Errorf("read blob %s: %w", h, err)
	}
	text, skip := rules.Text(data)
	if skip != "" {
		return nil, nil // binary: no lines
	}
	return splitLines(text), nil
}

// dropMoves clears keep[i] for findings whose line the change as a whole
// moves rather than adds: over every changed and deleted path, the staged
// copies of that exact line are no more than HEAD's.
func (s *source) dropMoves(ctx context.Context, keep []bool, lineOf []string) error {
	net := map[string]int{}
	for i, k := range keep {
		if k {
			net[lineOf[i]] = 0
		}
	}
	if len(net) == 0 {
		return nil
	}
	budget := int64(moveBudget)
	count := func(h git.ID, sign int) bool {
		if h.IsZero() {
			return true
		}
		_, size, err := s.objs.Size(h)
		if err != nil || size > budget || size > s.opts.MaxFileSize {
			return false
		}
		budget -= size
		lines, err := s.blobLines(h)
		if err != nil {
			return false
		}
		for _, l := range lines {
			if n, ok := net[string(l)]; ok {
				net[string(l)] = n + sign
			}
		}
		return true
	}
	for _, c := range s.diff.changes {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !count(c.blob, +1) || !count(c.head, -1) {
			return nil // out of budget or unreadable: keep everything
		}
	}
	for _, d := range s.diff.deleted {
		if !count(d.blob, -1) {
			return nil
		}
	}
	for i, k := range keep {
		if k && net[lineOf[i]] <= 0 {
			keep[i] = false
		}
	}
	return nil
}

// dropCopies clears keep[i] for findings whose staged blob already exists
// somewhere in HEAD's tree (found through the index, see
// indexDiff.unchangedBlobs) or, during a merge, a merged commit's tree
// (walked: merges are rare).
func (s *source) dropCopies(findings []scanner.Finding, keep []bool) error {
	want := map[git.ID]bool{}
	for i, k := range keep {
		if k && findings[i].Blob != "" {
			want[blobID(findings[i].Blob)] = true
		}
	}
	if len(want) == 0 || s.head.IsZero() && len(s.merges) == 0 {
		return nil
	}
	found := map[git.ID]bool{}
	if !s.head.IsZero() {
		found = s.diff.unchangedBlobs(want)
	}
	if len(s.merges) > 0 && len(found) < len(want) {
		more, err := s.diff.blobsIn(s.merges, want)
		if err != nil {
			return err
		}
		for h := range more {
			found[h] = true
		}
	}
	for i, k := range keep {
		if k && found[blobID(findings[i].Blob)] {
			keep[i] = false
		}
	}
	return nil
}

// blobID parses a finding's blob id; a finding without one gets the zero
// id, which names no blob.
func blobID(s string) git.ID {
	id, _ := git.ParseID(s)
	return id
}
