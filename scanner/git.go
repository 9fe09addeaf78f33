package scanner

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"sync"
)

// gitSource is the history source. Chunks, Resolve and Close are called
// one after another by the engine, never concurrently; Total may be
// called before Chunks.
type gitSource struct {
	target string
	opts   GitOptions

	mu       sync.Mutex // guards open state against Total and Close
	opened   bool
	openErr  error
	clone    string // temporary clone directory, removed by Close
	repo     *gitRepo
	st       *gitStore
	scan     *blobScan
	skips    []Skip
	warnings []string
	sel      *gitSelection // what Refs or Range selected; nil for everything
	// execCommits lists the commit objects when the exec backend read
	// the objects (the go backend keeps them in scan).
	execCommits []gitID
	execBad     []gitID // objects cat-file listed as missing: corrupt
}

func (g *gitSource) Target() string { return g.target }

// Warnings returns the shallow and partial clone warnings.
func (g *gitSource) Warnings() []string { return g.warnings }

// Total returns the number of blobs and pack bytes the scan will read. It
// opens a local repository to count them (cheap: object headers only);
// for a clone URL, and with Refs or Range, it returns zeros until Chunks
// has run.
func (g *gitSource) Total() (int, int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.opened && (isCloneURL(g.target) || len(g.opts.Refs) > 0 || g.opts.Range != "") {
		return 0, 0
	}
	if err := g.openLocked(context.Background()); err != nil || g.scan == nil {
		return 0, 0
	}
	var bytes int64
	for _, p := range g.st.packs {
		bytes += int64(len(p.data.b))
	}
	return g.scan.total(), bytes
}

// Close releases the repository and removes a temporary clone. It is safe
// to call more than once.
func (g *gitSource) Close() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.st != nil {
		g.st.close()
		g.st = nil
	}
	if g.clone != "" {
		err := removeClone(g.clone)
		g.clone = ""
		return err
	}
	return nil
}

func (g *gitSource) open(ctx context.Context) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.openLocked(ctx)
}

func (g *gitSource) openLocked(ctx context.Context) error {
	if g.opened {
		return g.openErr
	}
	g.opened = true
	g.openErr = g.doOpen(ctx)
	return g.openErr
}

func (g *gitSource) doOpen(ctx context.Context) error {
	path := g.target
	if isCloneURL(path) {
		dir, err := cloneTemp(ctx, path)
		if err != nil {
			return err
		}
		g.clone, path = dir, dir
	}
	repo, err := findGitRepo(path)
	if err != nil {
		return err
	}
	g.repo = repo
	st, skips := openGitStore(repo.objDirs)
	g.st = st
	for _, s := range skips {
		s.Target = g.target
		g.skips = append(g.skips, s)
	}
	if b := repo.shallow(); len(b) > 0 {
		g.warnings = append(g.warnings, fmt.Sprintf("%s is a shallow clone: history behind its %d boundary commit(s) is missing and was not scanned; "+
			"fetch all of it with `git fetch --unshallow` (in GitHub Actions: actions/checkout with `fetch-depth: 0`)", g.target, len(b)))
	}
	if repo.partial() {
		g.warnings = append(g.warnings, fmt.Sprintf("%s is a partial clone: objects its promisor remote has not sent were not scanned "+
			"(cambscan never fetches); clone it without --filter to scan everything", g.target))
	}
	g.scan = &blobScan{st: st, target: g.target, maxSize: g.opts.MaxFileSize, hard: max(g.opts.MaxFileSize, 64<<20), workers: g.opts.Jobs}
	return nil
}

// Chunks yields every selected blob once.
func (g *gitSource) Chunks(ctx context.Context, yield func(Chunk) error) (err error) {
	defer func() {
		// A cancelled scan never reaches Close from every caller: remove
		// the temporary clone now.
		if ctx.Err() != nil {
			g.Close()
		}
	}()
	if err := g.open(ctx); err != nil {
		return err
	}
	for _, s := range g.skips {
		if err := yield(Chunk{Origin: Origin{Kind: KindHistory, Target: g.target, Path: s.Path}, Skip: s.Reason}); err != nil {
			return err
		}
	}
	if len(g.skips) > 0 && len(g.st.packs) == 0 && !g.hasLoose() {
		return fmt.Errorf("%s: no readable objects: %s", g.target, g.skips[0].Reason)
	}
	if len(g.opts.Refs) > 0 || g.opts.Range != "" {
		sel, err := g.selectBlobs(ctx)
		if err != nil {
			return err
		}
		g.sel = sel
		g.scan.want = sel.wants
		for _, s := range sel.missing {
			if err := yield(s); err != nil {
				return err
			}
		}
	}
	backend, err := g.backend()
	if err != nil {
		return err
	}
	if backend == "exec" {
		return g.execChunks(ctx, yield)
	}
	return g.scan.run(ctx, yield)
}

func (g *gitSource) hasLoose() bool {
	g.scan.prepare()
	return len(g.scan.loose) > 0
}

// backend picks the object reader.
func (g *gitSource) backend() (string, error) {
	switch g.opts.Backend {
	case "", "auto", "go":
		return "go", nil
	case "exec":
		if _, err := exec.LookPath("git"); err != nil {
			return "", errors.New("--git-backend exec: git executable not found")
		}
		return "exec", nil
	}
	return "", fmt.Errorf("unknown git backend %q (want auto, go or exec)", g.opts.Backend)
}
