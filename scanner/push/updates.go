package push

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/cambscan/cambscan/internal/git"
)

// An Update is one line of git's pre-receive input: a ref moving from Old
// to New. Old is zero for a ref the push creates, New zero for one it
// deletes.
type Update struct {
	Old, New git.ID
	Ref      string
}

// Limits of the pre-receive input: git writes one short line per ref, so
// a longer line or more lines than this is not git's input. A mirror push
// of a repository with more refs is refused (and so rejected).
const (
	MaxUpdates    = 100_000
	maxUpdateLine = 4096
)

// ParseUpdates reads git's pre-receive (and post-receive) input: lines of
// "<old> <new> <refname>" with 40-digit ids. Blank lines are ignored;
// any other malformed line is an error, as are more than MaxUpdates lines.
func ParseUpdates(r io.Reader) ([]Update, error) {
	br := bufio.NewReaderSize(r, maxUpdateLine+1)
	var out []Update
	for n := 1; ; n++ {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			return nil, fmt.Errorf("line %d: longer than %d bytes", n, maxUpdateLine)
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("reading the updates: %w", err)
		}
		if s := strings.TrimRight(string(line), "\r\n"); strings.TrimSpace(s) != "" {
			if len(out) == MaxUpdates {
				return nil, fmt.Errorf("more than %d ref updates", MaxUpdates)
			}
			u, perr := parseUpdate(s)
			if perr != nil {
				return nil, fmt.Errorf("line %d: %w", n, perr)
			}
			out = append(out, u)
		}
		if err != nil {
			return out, nil
		}
	}
}

func parseUpdate(s string) (Update, error) {
	f := strings.SplitN(s, " ", 3)
	if len(f) != 3 || f[2] == "" {
		return Update{}, errors.New(`want "<old> <new> <refname>"`)
	}
	old, ok1 := git.ParseID(strings.ToLower(f[0]))
	nw, ok2 := git.ParseID(strings.ToLower(f[1]))
	if !ok1 || !ok2 {
		return Update{}, errors.New("want two 40-digit object ids before the ref name")
	}
	return Update{Old: old, New: nw, Ref: f[2]}, nil
}
