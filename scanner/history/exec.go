package history

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/scanner"
)

// execChunks is the exec backend: `git cat-file --batch-all-objects
// --batch-check --unordered` lists every object in pack order with its
// type and size, then one `git cat-file --batch` streams the selected
// blobs in that order. Blobs over the size cap are skipped from the
// listing, never read. GIT_NO_LAZY_FETCH keeps a partial clone from
// fetching (only listed, present objects are requested anyway), and
// GIT_NO_REPLACE_OBJECTS makes git read the objects themselves, as the
// built-in reader does, not what refs/replace substitutes for them. If git
// fails part way (a corrupt object makes cat-file die) or says something
// the listing did not (a header that is not the next blob, a size over the
// cap, a line longer than any header), the blobs not yet read are read by
// the built-in reader, each on its own and within the size cap, so one bad
// object costs one skip, as with the go backend. Nothing git prints is
// read without a bound: listing lines and headers are limited to
// maxExecLine bytes, and a blob's content is read only after its size is
// checked against the cap. Both cat-file processes are killed when ctx
// ends.
func (g *source) execChunks(ctx context.Context, yield func(scanner.Chunk) error) error {
	list, err := g.execList(ctx)
	if err != nil {
		g.warnings = append(g.warnings, fmt.Sprintf("%s: git cat-file failed (%v); read with the built-in reader instead", g.target, err))
		return g.scan.run(ctx, yield)
	}
	for _, id := range g.execBad {
		typ, data, err := g.st.ReadMax(id, g.opts.MaxFileSize)
		c := scanner.Chunk{Origin: scanner.Origin{Kind: scanner.KindHistory, Target: g.target, Path: "object " + id.String()}}
		switch {
		case err != nil:
			c.Skip = skipOf(err)
		case typ == git.ObjBlob:
			// Git could not read it, the built-in reader can: scan it.
			c.Origin.Path, c.Origin.Blob, c.Size, c.Data = "", id.String(), int64(len(data)), data
		default:
			continue
		}
		if err := yield(c); err != nil {
			return err
		}
	}
	var ids []git.ID
	for _, o := range list {
		if o.size > g.opts.MaxFileSize {
			id := o.id.String()
			c := scanner.Chunk{Origin: scanner.Origin{Kind: scanner.KindHistory, Target: g.target, Path: "blob " + id, Blob: id}, Size: o.size, Skip: tooLarge(o.size, g.opts.MaxFileSize)}
			if err := yield(c); err != nil {
				return err
			}
			continue
		}
		ids = append(ids, o.id)
	}
	done, err := g.execRead(ctx, ids, yield)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		if ye, ok := err.(yieldError); ok {
			return ye.err
		}
		// Read the rest one by one: the object that stopped git is skipped.
		for _, id := range ids[done:] {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			c := scanner.Chunk{Origin: scanner.Origin{Kind: scanner.KindHistory, Target: g.target, Blob: id.String()}}
			if _, data, err := g.st.ReadMax(id, g.opts.MaxFileSize); err != nil {
				c.Origin.Path, c.Skip = "blob "+id.String(), skipOf(err)
				var tl *git.TooLargeError
				if errors.As(err, &tl) {
					c.Size, c.Skip = tl.Size, tooLarge(tl.Size, g.opts.MaxFileSize)
				}
			} else {
				c.Size, c.Data = int64(len(data)), data
			}
			if err := yield(c); err != nil {
				return err
			}
		}
	}
	return nil
}

type execObject struct {
	id   git.ID
	size int64
}

type yieldError struct{ err error }

func (e yieldError) Error() string { return e.err.Error() }

// maxExecLine bounds a line of cat-file output (a listing line or a
// header: an id, a type and a size take under 100 bytes).
const maxExecLine = 4 << 10

// execWaitDelay bounds the wait for cat-file's pipes to close once it is
// killed (a child of git could hold them open).
const execWaitDelay = 2 * time.Second

func (g *source) gitCmd(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "git", append([]string{"--git-dir=" + g.repo.GitDir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_NO_LAZY_FETCH=1", "GIT_TERMINAL_PROMPT=0", "GIT_NO_REPLACE_OBJECTS=1")
	cmd.WaitDelay = execWaitDelay
	return cmd
}

// readLine reads one line of at most maxExecLine bytes, without its
// newline; a longer line is an error, not a larger buffer.
func readLine(r *bufio.Reader) (string, error) {
	line, err := r.ReadSlice('\n')
	if err == bufio.ErrBufferFull || (err == nil && len(line) > maxExecLine) {
		return "", fmt.Errorf("git cat-file printed a line longer than %d bytes", maxExecLine)
	}
	if err != nil {
		if err == io.EOF && len(line) > 0 {
			err = io.ErrUnexpectedEOF
		}
		return "", err
	}
	return string(line[:len(line)-1]), nil
}

// execList lists the blobs to read, in pack order, and records every
// commit for provenance.
func (g *source) execList(ctx context.Context) ([]execObject, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := g.gitCmd(ctx, "cat-file", "--batch-all-objects", "--unordered",
		"--batch-check=%(objectname) %(objecttype) %(objectsize)")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	var list []execObject
	// seen drops the second copy of an object that several packs hold;
	// trees, the most numerous objects, are not needed and not kept.
	seen := map[git.ID]bool{}
	g.execCommits = []git.ID{}
	r := bufio.NewReaderSize(out, maxExecLine)
	var readErr error
	for {
		line, err := readLine(r)
		if err != nil {
			if err != io.EOF {
				readErr = err
			}
			break
		}
		f := strings.Fields(line)
		if len(f) == 2 && f[1] == "missing" {
			// Listed but unreadable: a corrupt object. Let the built-in
			// reader say why.
			if id, ok := git.ParseID(f[0]); ok && !seen[id] {
				seen[id] = true
				g.execBad = append(g.execBad, id)
			}
			continue
		}
		if len(f) != 3 {
			continue
		}
		if f[1] != "commit" && f[1] != "blob" {
			continue
		}
		id, ok := git.ParseID(f[0])
		size, err := strconv.ParseInt(f[2], 10, 64)
		if !ok || err != nil || size < 0 || seen[id] {
			continue
		}
		seen[id] = true
		switch f[1] {
		case "commit":
			g.execCommits = append(g.execCommits, id)
		case "blob":
			if g.scan.want == nil || g.scan.want(id) {
				list = append(list, execObject{id, size})
			}
		}
	}
	if readErr != nil {
		cancel() // kill git rather than wait for it to finish writing
	}
	waitErr := cmd.Wait()
	if ctx.Err() != nil && readErr == nil {
		return nil, ctx.Err()
	}
	if readErr == nil {
		readErr = waitErr
	}
	if readErr != nil {
		return nil, fmt.Errorf("%w: %s", readErr, strings.TrimSpace(stderr.String()))
	}
	return list, nil
}

// execRead streams ids through `git cat-file --batch` and yields each
// blob. It returns how many were yielded.
func (g *source) execRead(ctx context.Context, ids []git.ID, yield func(scanner.Chunk) error) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := g.gitCmd(ctx, "cat-file", "--batch")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return 0, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	go func() {
		w := bufio.NewWriterSize(in, 64<<10)
		for _, id := range ids {
			if _, err := fmt.Fprintf(w, "%s\n", id); err != nil {
				break
			}
		}
		w.Flush()
		in.Close()
	}()
	r := bufio.NewReaderSize(out, 1<<20)
	n := 0
	var readErr error
	for ; n < len(ids); n++ {
		header, err := readLine(r)
		if err != nil {
			readErr = err
			break
		}
		f := strings.Fields(header)
		if len(f) != 3 || f[0] != ids[n].String() || f[1] != "blob" {
			readErr = fmt.Errorf("unexpected cat-file header %q", header)
			break
		}
		size, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil || size < 0 || size > g.opts.MaxFileSize {
			// The listing said this blob is within the cap: git now
			// disagrees, and nothing it says is read on trust.
			readErr = fmt.Errorf("unexpected cat-file header %q", header)
			break
		}
		data := make([]byte, size+1) // the content and its newline
		if _, err := io.ReadFull(r, data); err != nil {
			readErr = err
			break
		}
		c := scanner.Chunk{Origin: scanner.Origin{Kind: scanner.KindHistory, Target: g.target, Blob: f[0]}, Size: size, Data: data[:size]}
		if err := yield(c); err != nil {
			cancel()
			cmd.Wait()
			return n, yieldError{err}
		}
	}
	cancel()
	waitErr := cmd.Wait()
	if readErr == nil && n == len(ids) {
		return n, nil
	}
	if readErr == nil {
		readErr = waitErr
	}
	return n, fmt.Errorf("git cat-file --batch: %v: %s", readErr, strings.TrimSpace(stderr.String()))
}
