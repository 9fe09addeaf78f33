package audit

import (
	"bufio"
	"cmp"
	"container/heap"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// A row is one place of one key: a finding of one repository's record,
// with the key's liveness rank (live first) so that sorting rows sorts
// the report.
type row struct {
	Rank      int       `json:"k"`
	SHA       string    `json:"s"`
	Secret    string    `json:"x,omitempty"`
	Target    string    `json:"t"`
	Path      string    `json:"p"`
	Rule      string    `json:"r"`
	Commit    string    `json:"c,omitempty"`
	Blob      string    `json:"b,omitempty"`
	FirstSeen time.Time `json:"f"`
	LastSeen  time.Time `json:"l"`
}

// compareRows orders rows by liveness rank, key, repository, path, rule,
// commit.
func compareRows(a, b *row) int {
	return cmp.Or(
		cmp.Compare(a.Rank, b.Rank),
		cmp.Compare(a.SHA, b.SHA),
		cmp.Compare(a.Target, b.Target),
		cmp.Compare(a.Path, b.Path),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Commit, b.Commit),
	)
}

// A sorter sorts rows in bounded memory: it holds at most maxRows, spills
// each full batch to a sorted run file in dir, and merges at most fanIn
// runs at a time (merging runs into longer runs first when there are
// more). Its output can be read more than once.
type sorter struct {
	dir     string
	maxRows int
	fanIn   int
	buf     []row
	runs    []string
	n       int // runs written, for names
	done    bool
}

// add adds r, spilling a full batch.
func (s *sorter) add(r row) error {
	s.buf = append(s.buf, r)
	if len(s.buf) >= s.maxRows {
		return s.spill()
	}
	return nil
}

// spill writes the sorted batch as a run.
func (s *sorter) spill() error {
	slices.SortFunc(s.buf, func(a, b row) int { return compareRows(&a, &b) })
	name, err := s.writeRun(func(enc *json.Encoder) error {
		for i := range s.buf {
			if err := enc.Encode(&s.buf[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.runs = append(s.runs, name)
	clear(s.buf)
	s.buf = s.buf[:0]
	return nil
}

// writeRun creates a run file and fills it with write.
func (s *sorter) writeRun(write func(*json.Encoder) error) (string, error) {
	s.n++
	name := filepath.Join(s.dir, fmt.Sprintf("run-%06d.jsonl", s.n))
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("audit sort: %w", err)
	}
	w := bufio.NewWriterSize(f, 64<<10)
	err = write(json.NewEncoder(w))
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", fmt.Errorf("audit sort: %w", err)
	}
	return name, nil
}

// finish ends the input: the batch left stays in memory when nothing was
// spilled, else it is spilled too and the runs are merged down to fanIn.
func (s *sorter) finish(ctx context.Context) error {
	s.done = true
	if len(s.runs) == 0 {
		slices.SortFunc(s.buf, func(a, b row) int { return compareRows(&a, &b) })
		return nil
	}
	if len(s.buf) > 0 {
		if err := s.spill(); err != nil {
			return err
		}
	}
	s.buf = nil
	for len(s.runs) > s.fanIn {
		group := s.runs[:s.fanIn]
		name, err := s.writeRun(func(enc *json.Encoder) error {
			return merge(ctx, group, func(r *row) error { return enc.Encode(r) })
		})
		if err != nil {
			return err
		}
		for _, g := range group {
			os.Remove(g)
		}
		s.runs = append(s.runs[s.fanIn:], name)
	}
	return nil
}

// each calls fn with every row in order. It may be called more than once
// after finish.
func (s *sorter) each(ctx context.Context, fn func(*row) error) error {
	if !s.done {
		return errors.New("audit sort: each before finish")
	}
	if len(s.runs) == 0 {
		for i := range s.buf {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(&s.buf[i]); err != nil {
				return err
			}
		}
		return nil
	}
	return merge(ctx, s.runs, fn)
}

// A cursor is the next row of one run.
type cursor struct {
	dec *json.Decoder
	r   row
}

type cursors []*cursor

func (h cursors) Len() int           { return len(h) }
func (h cursors) Less(i, j int) bool { return compareRows(&h[i].r, &h[j].r) < 0 }
func (h cursors) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *cursors) Push(x any)        { *h = append(*h, x.(*cursor)) }
func (h *cursors) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}

// merge calls fn with the rows of the sorted runs in order.
func merge(ctx context.Context, runs []string, fn func(*row) error) error {
	var h cursors
	for _, name := range runs {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("audit sort: %w", err)
		}
		defer f.Close()
		c := &cursor{dec: json.NewDecoder(bufio.NewReaderSize(f, 64<<10))}
		if err := c.dec.Decode(&c.r); err == io.EOF {
			continue
		} else if err != nil {
			return fmt.Errorf("audit sort: %w", err)
		}
		h = append(h, c)
	}
	heap.Init(&h)
	for len(h) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		c := h[0]
		if err := fn(&c.r); err != nil {
			return err
		}
		c.r = row{}
		if err := c.dec.Decode(&c.r); err == io.EOF {
			heap.Pop(&h)
		} else if err != nil {
			return fmt.Errorf("audit sort: %w", err)
		} else {
			heap.Fix(&h, 0)
		}
	}
	return nil
}
