package history

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/scanner"
)

// execChunks is the exec backend: `git cat-file --batch-all-objects
// --batch-check --unordered` lists every object in pack order with its
// type and size, then one `git cat-file --batch` streams the selected
// blobs in that order. Blobs over the size cap are skipped from the
// listing, never read. GIT_NO_LAZY_FETCH keeps a partial clone from
// fetching (only listed, present objects are requested anyway). If git
// fails part way (a corrupt object makes cat-file die), the blobs not yet
// read are read by the built-in reader, each on its own, so one bad object
// costs one skip, as with the go backend.
func (g *source) execChunks(ctx context.Context, yield func(scanner.Chunk) error) error {
	list, err := g.execList(ctx)
	if err != nil {
		g.warnings = append(g.warnings, fmt.Sprintf("%s: git cat-file failed (%v); read with the built-in reader instead", g.target, err))
		return g.scan.run(ctx, yield)
	}
	for _, id := range g.execBad {
		if _, _, err := g.st.Read(id); err != nil {
			c := scanner.Chunk{Origin: scanner.Origin{Kind: scanner.KindHistory, Target: g.target, Path: "object " + id.String()}, Skip: skipOf(err)}
			if err := yield(c); err != nil {
				return err
			}
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
			c := scanner.Chunk{Origin: scanner.Origin{Kind: scanner.KindHistory, Target: g.target, Blob: id.String()}}
			if _, data, err := g.st.Read(id); err != nil {
				c.Origin.Path, c.Skip = "blob "+id.String(), skipOf(err)
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

func (g *source) gitCmd(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "git", append([]string{"--git-dir=" + g.repo.GitDir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_NO_LAZY_FETCH=1", "GIT_TERMINAL_PROMPT=0")
	return cmd
}

// execList lists the blobs to read, in pack order, and records every
// commit for provenance.
func (g *source) execList(ctx context.Context) ([]execObject, error) {
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
	seen := map[git.ID]bool{}
	g.execCommits = []git.ID{}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
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
		id, ok := git.ParseID(f[0])
		size, err := strconv.ParseInt(f[2], 10, 64)
		if !ok || err != nil || seen[id] {
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
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
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
		header, err := r.ReadString('\n')
		if err != nil {
			readErr = err
			break
		}
		f := strings.Fields(header)
		if len(f) != 3 || f[0] != ids[n].String() || f[1] != "blob" {
			readErr = fmt.Errorf("unexpected cat-file header %q", strings.TrimSpace(header))
			break
		}
		size, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			readErr = err
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
