package history

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/cambscan/cambscan/internal/git"
	"github.com/cambscan/cambscan/scanner"
)

// Options configure a history scan.
type Options struct {
	Refs     []string // scan only what these refs reach; nil means every ref and unreachable object
	Range    string   // "A..B": only blobs introduced by commits reachable from B and not from A; "A...B": by those reachable from one and not both
	Backend  string   // "auto", "go" or "exec" (see the package documentation)
	Excludes []string // path globs to drop (see [scanner.Excluded])
	// MaxFileSize is the blob size cap: larger blobs are skipped without
	// being inflated. 0 means scanner.DefaultMaxFileSize. Set it to the
	// engine's Options.MaxFileSize.
	MaxFileSize int64
	// Jobs bounds the goroutines that inflate objects; 0 means GOMAXPROCS.
	Jobs int
	// CloneIdle is how long a URL clone may make no progress before it
	// fails; 0 means DefaultCloneIdle.
	CloneIdle time.Duration
	// CloneAuth, when set, authenticates the clone of a URL on its host
	// (see CloneAuth); it is ignored for other URLs and local paths.
	CloneAuth *CloneAuth
	// Include, when set (and Range is not), selects as Range does: the
	// blobs introduced by the commits reachable from an Include revision
	// and from no Exclude one (a pre-push hook: the local tips, and what
	// the remote has). An Exclude may be PREFIX/* for every ref under
	// PREFIX/ (refs/remotes/origin/*); a full object id that the
	// repository does not hold is ignored.
	Include, Exclude []string
	// Incremental scanning (cambscan git --cache-dir). Dir, when set, is
	// the repository to open for the target, which is then only its name
	// in reports (a mirror the caller keeps for a URL); nothing is cloned.
	// Seen, when set, says which blobs were scanned clean before: they
	// are not read (nor counted by Total). Done, when set, gets the blobs
	// this scan read that held no finding, once the scan has run to the
	// end (see [scanner.Finisher]). ReachableOnly drops the findings no
	// ref reaches (a mirror keeps the objects of a force-pushed commit).
	Dir           string
	Seen          func(git.ID) bool
	Done          func(ctx context.Context, clean []git.ID) error
	ReachableOnly bool
}

// selects reports whether the options select part of the history.
func (o *Options) selects() bool {
	return len(o.Refs) > 0 || o.Range != "" || len(o.Include) > 0
}

// ErrNotARepository is wrapped by the error of a target that is not in a
// git repository.
var ErrNotARepository = git.ErrNotARepository

// NewSource returns the history source of the repository or clone URL
// target: a work tree (or any directory inside one), a bare repository, a
// linked worktree, or a repository whose .git is a file; or an https,
// http, ssh, git or file URL (or user@host:path), which go-git clones
// into a temporary bare repository that Close removes, and Chunks too
// when its context is cancelled. Nothing is opened or cloned until Chunks
// runs. The source implements [scanner.Resolver], [scanner.Warner],
// [scanner.Totaler] and io.Closer. The package documentation says what is
// scanned and how.
func NewSource(target string, opts Options) scanner.Source {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = scanner.DefaultMaxFileSize
	}
	return &source{target: target, opts: opts}
}

// source is the history source. Chunks, Resolve and Close are called
// one after another by the engine, never concurrently; Total may be
// called before Chunks.
type source struct {
	target string
	opts   Options

	mu       sync.Mutex // guards open state against Total and Close
	opened   bool
	openErr  error
	clone    string // temporary clone directory, removed by Close
	repo     *git.Repo
	st       *git.Store
	scan     *blobScan
	badPacks []*git.PackError // packs that could not be opened
	warnings []string
	sel      *selection // what Refs or Range selected; nil for everything
	// execCommits lists the commit objects when the exec backend read
	// the objects (the go backend keeps them in scan).
	execCommits []git.ID
	execBad     []git.ID // objects cat-file listed as missing: corrupt
	deepTrees   int      // trees deeper than maxTreeDepth, not entered
	// yielded are the blobs read (with Done only), hits those that held
	// a finding.
	yielded []git.ID
	hits    map[git.ID]bool
}

func (g *source) Target() string { return g.target }

// Warnings returns the shallow and partial clone warnings.
func (g *source) Warnings() []string { return g.warnings }

// Total returns the number of blobs and pack bytes the scan will read. It
// opens a local repository to count them (cheap: object headers only);
// for a clone URL, and with Refs or Range, it returns zeros until Chunks
// has run.
func (g *source) Total() (int, int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.opened && ((isCloneURL(g.target) && g.opts.Dir == "") || g.opts.selects()) {
		return 0, 0
	}
	if err := g.openLocked(context.Background()); err != nil || g.scan == nil {
		return 0, 0
	}
	var bytes int64
	for _, p := range g.st.Packs() {
		bytes += p.Size()
	}
	return g.scan.total(), bytes
}

// Close releases the repository and removes a temporary clone. It is safe
// to call more than once.
func (g *source) Close() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.st != nil {
		g.st.Close()
		g.st = nil
	}
	if g.clone != "" {
		err := removeClone(g.clone)
		g.clone = ""
		return err
	}
	return nil
}

func (g *source) open(ctx context.Context) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.openLocked(ctx)
}

func (g *source) openLocked(ctx context.Context) error {
	if g.opened {
		return g.openErr
	}
	g.opened = true
	g.openErr = g.doOpen(ctx)
	return g.openErr
}

func (g *source) doOpen(ctx context.Context) error {
	path := g.target
	if g.opts.Dir != "" {
		path = g.opts.Dir
	} else if isCloneURL(path) {
		dir, err := cloneTemp(ctx, path, g.opts.CloneIdle, g.opts.CloneAuth)
		if err != nil {
			return err
		}
		g.clone, path = dir, dir
	}
	repo, err := git.Find(path, git.FindOptions{})
	if err != nil {
		return err
	}
	g.repo = repo
	g.st, g.badPacks = git.OpenStore(repo.ObjectDirs)
	g.st.SetLimits(git.Limits{Blob: g.opts.MaxFileSize}) // trees, commits and tags keep their own caps
	g.st.SortPacks()
	if b := repo.Shallow(); len(b) > 0 {
		g.warnings = append(g.warnings, fmt.Sprintf("%s is a shallow clone: history behind its %d boundary commit(s) is missing and was not scanned; "+
			"fetch all of it with `git fetch --unshallow` (in GitHub Actions: actions/checkout with `fetch-depth: 0`)", g.target, len(b)))
	}
	if repo.Partial() {
		g.warnings = append(g.warnings, fmt.Sprintf("%s is a partial clone: objects its promisor remote has not sent were not scanned "+
			"(cambscan never fetches); clone it without --filter to scan everything", g.target))
	}
	g.scan = &blobScan{st: g.st, target: g.target, maxSize: g.opts.MaxFileSize, hard: max(g.opts.MaxFileSize, 64<<20), workers: g.opts.Jobs}
	g.scan.want = g.unseen(nil)
	return nil
}

// Chunks yields every selected blob once. It fails closed: when nothing
// in the repository could be read (every object unreadable, or refs that
// point at objects that are not there) it returns an error after the skips
// that say why, so that the target counts as failed, not as clean.
func (g *source) Chunks(ctx context.Context, yield func(scanner.Chunk) error) (err error) {
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
	var tally readTally
	inner := yield
	yield = func(c scanner.Chunk) error {
		tally.add(c)
		if g.opts.Done != nil && c.Skip == nil && c.Data != nil {
			if id, ok := git.ParseID(c.Origin.Blob); ok {
				g.yielded = append(g.yielded, id)
			}
		}
		return inner(c)
	}
	if err := g.chunks(ctx, yield); err != nil {
		return err
	}
	if tally.read == 0 && tally.bad > 0 {
		return fmt.Errorf("%s: %w: %d object(s), ref(s) or pack(s) could not be read, the first %s: %s",
			g.target, scanner.ErrNothingReadable, tally.bad, tally.first.Origin.Path, tally.first.Skip.Reason())
	}
	return nil
}

// A readTally counts what a scan could and could not read.
type readTally struct {
	read  int           // blobs read, or whose size was read (too large)
	bad   int           // objects, refs and packs that could not be read
	first scanner.Chunk // the first of those
}

func (t *readTally) add(c scanner.Chunk) {
	switch {
	case c.Skip == nil || c.Skip.Class == scanner.SkipTooLarge:
		t.read++
	case c.Skip.Class == scanner.SkipCorrupt || c.Skip.Class == scanner.SkipMissing ||
		c.Skip.Class == scanner.SkipUnreadableObject || c.Skip.Class == scanner.SkipUnreadablePack ||
		c.Skip.Class == scanner.SkipDeltaBase:
		if t.bad == 0 {
			t.first = c
		}
		t.bad++
	}
}

func (g *source) chunks(ctx context.Context, yield func(scanner.Chunk) error) error {
	if err := g.checkObjectDirs(yield); err != nil {
		return err
	}
	for _, p := range g.badPacks {
		if err := yield(scanner.Chunk{Origin: scanner.Origin{Kind: scanner.KindHistory, Target: g.target, Path: p.Name}, Skip: packSkip(p)}); err != nil {
			return err
		}
	}
	if len(g.badPacks) > 0 && len(g.st.Packs()) == 0 && !g.hasLoose() {
		return fmt.Errorf("%s: %w: no readable objects: %s", g.target, scanner.ErrNothingReadable, packSkip(g.badPacks[0]).Reason())
	}
	if g.opts.selects() {
		sel, err := g.selectBlobs(ctx)
		if err != nil {
			return err
		}
		g.sel = sel
		g.scan.want = g.unseen(sel.wants)
		for _, s := range sel.missing {
			if err := yield(s); err != nil {
				return err
			}
		}
	}
	if g.sel == nil {
		if err := g.checkRefs(yield); err != nil {
			return err
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

// checkObjectDirs reports the alternate object directories that do not
// exist: the objects the repository borrows from them are missing, and
// nothing else would say so (git prints "unable to normalize alternate
// object path" and goes on).
func (g *source) checkObjectDirs(yield func(scanner.Chunk) error) error {
	for i, d := range g.repo.ObjectDirs {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			continue
		}
		what := "object directory"
		if i > 0 {
			what = "alternate object directory"
		}
		g.warnings = append(g.warnings, fmt.Sprintf("%s: %s %s does not exist: the objects it should hold are missing and were not scanned", g.target, what, d))
		c := scanner.Chunk{Origin: scanner.Origin{Kind: scanner.KindHistory, Target: g.target, Path: "alternate " + d},
			Skip: &scanner.Skip{Class: scanner.SkipMissing, Detail: what + " does not exist"}}
		if err := yield(c); err != nil {
			return err
		}
	}
	return nil
}

// maxTipCheck is the largest ref tip (a commit or a tag) that checkRefs
// inflates to check it.
const maxTipCheck = 1 << 20

// checkRefs reports refs whose tip cannot be read (a missing or corrupt
// object): history behind them cannot be walked. A commit or tag tip is
// inflated (up to maxTipCheck bytes); any other tip is checked from its
// header only.
func (g *source) checkRefs(yield func(scanner.Chunk) error) error {
	refs, err := g.repo.Refs()
	if err != nil {
		g.warnings = append(g.warnings, fmt.Sprintf("%s: refs could not be read: %v", g.target, err))
		return nil
	}
	for _, ref := range refs {
		typ, size, err := g.st.Size(ref.ID)
		if err == nil && (typ == git.ObjCommit || typ == git.ObjTag) && size <= maxTipCheck {
			_, _, err = g.st.ReadMax(ref.ID, maxTipCheck)
		}
		if err == nil {
			continue
		}
		g.warnings = append(g.warnings, fmt.Sprintf("%s: ref %s points to %s, which cannot be read: %v", g.target, ref.Name, ref.ID, err))
		c := scanner.Chunk{Origin: scanner.Origin{Kind: scanner.KindHistory, Target: g.target, Path: "ref " + ref.Name}, Skip: skipOf(err)}
		if err := yield(c); err != nil {
			return err
		}
	}
	return nil
}

func (g *source) hasLoose() bool {
	g.scan.prepare()
	return len(g.scan.loose) > 0
}

// backend picks the object reader.
func (g *source) backend() (string, error) {
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

// packSkip is the skip of a pack that could not be opened.
func packSkip(p *git.PackError) *scanner.Skip {
	return &scanner.Skip{Class: scanner.SkipUnreadablePack, Detail: p.Err.Error()}
}
