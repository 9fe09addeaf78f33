package gengit

import (
	"bufio"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// A pool is the source text: file paths read lazily, a few thousand lines
// each at most.
type pool struct {
	root  string
	paths []string
	cache map[string][]string
}

func loadPool(root string) (*pool, error) {
	p := &pool{root: root, cache: map[string][]string{}}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable parts of the tree are simply not used
		}
		if d.IsDir() {
			if d.Name() == "testdata" || d.Name() == "vendor" {
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(path) {
		case ".go", ".s", ".c", ".h", ".txt", ".md":
		default:
			return nil
		}
		if info, err := d.Info(); err != nil || info.Size() > 64<<10 || info.Size() < 200 {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		p.paths = append(p.paths, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read source %s: %w", root, err)
	}
	return p, nil
}

func (p *pool) lines(path string) []string {
	if ls, ok := p.cache[path]; ok {
		return ls
	}
	data, _ := os.ReadFile(filepath.Join(p.root, filepath.FromSlash(path)))
	ls := strings.SplitAfter(string(data), "\n")
	p.cache[path] = ls
	return ls
}

// A branch is the state of one branch of the simulated history.
type branch struct {
	name  string
	tip   int               // mark of the last commit
	files map[string]string // path -> content, the files ops may touch
	paths []string          // keys of files, in a deterministic order
	extra map[string]string // planted key files, which ops leave alone
	// Feature branches only.
	start   int             // mark to branch from, until the first commit
	fork    int             // commits left before merging
	abandon bool            // never merged
	owned   []string        // main's files locked while the branch lives
	changed map[string]bool // paths added, edited or deleted since the fork
	keys    []int           // indexes of keys planted on this branch
}

func (b *branch) set(path, content string) {
	if _, ok := b.files[path]; !ok {
		b.paths = append(b.paths, path)
	}
	b.files[path] = content
}

func (b *branch) del(path string) {
	delete(b.files, path)
	for i, p := range b.paths {
		if p == path {
			b.paths = append(b.paths[:i], b.paths[i+1:]...)
			break
		}
	}
}

type planted struct {
	key, path, branch string
	mark              int
	merged, removed   bool
	removeAt          int // step at which main removes it again; 0 never
}

// history writes a fast-import stream.
type history struct {
	w       *bufio.Writer
	pool    *pool
	rnd     *rand.Rand
	opts    Options
	mark    int
	commits int
	when    int64
	main    *branch
	feats   []*branch
	locked  map[string]bool // main's files owned by active features
	keys    []*planted
	nfeat   int
}

func newHistory(w *bufio.Writer, p *pool, rnd *rand.Rand, opts Options) *history {
	return &history{
		w: w, pool: p, rnd: rnd, opts: opts, when: 1577836800, // 2020-01-01
		main:   &branch{name: "main", files: map[string]string{}, extra: map[string]string{}},
		locked: map[string]bool{},
	}
}

var authors = []string{
	"Ada Lovelace <ada@example.com>", "Grace Hopper <grace@example.com>",
	"Ken Thompson <ken@example.com>", "Barbara Liskov <barbara@example.com>",
}

// commit writes one commit on b with the given file changes (nil content
// deletes) and returns its mark.
func (h *history) commit(b *branch, from, merge int, msg string, changes map[string]*string) int {
	h.mark++
	h.commits++
	h.when += 600 + h.rnd.Int63n(7200)
	who := authors[h.rnd.Intn(len(authors))]
	fmt.Fprintf(h.w, "commit refs/heads/%s\nmark :%d\n", b.name, h.mark)
	fmt.Fprintf(h.w, "author %s %d +0000\ncommitter %s %d +0000\n", who, h.when, who, h.when)
	fmt.Fprintf(h.w, "data %d\n%s\n", len(msg), msg)
	if b.start > 0 {
		from, b.start = b.start, 0
	}
	if from > 0 {
		fmt.Fprintf(h.w, "from :%d\n", from)
	}
	if merge > 0 {
		fmt.Fprintf(h.w, "merge :%d\n", merge)
	}
	paths := make([]string, 0, len(changes))
	for p := range changes {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if c := changes[p]; c == nil {
			fmt.Fprintf(h.w, "D %s\n", p)
		} else {
			fmt.Fprintf(h.w, "M 100644 inline %s\ndata %d\n%s\n", p, len(*c), *c)
		}
	}
	h.w.WriteString("\n")
	b.tip = h.mark
	if b == h.main && h.commits%250 == 0 {
		n := h.commits / 250
		tag := fmt.Sprintf("release v0.%d", n)
		fmt.Fprintf(h.w, "tag v0.%d\nfrom :%d\ntagger %s %d +0000\ndata %d\n%s\n", n, h.mark, who, h.when, len(tag), tag)
		fmt.Fprintf(h.w, "reset refs/tags/build-%d\nfrom :%d\n\n", n, h.mark)
	}
	return h.mark
}

func (h *history) run() error {
	o := h.opts
	// The first commit: Files files of the pool under their own paths.
	first := map[string]*string{}
	for _, i := range h.rnd.Perm(len(h.pool.paths)) {
		if len(first) == o.Files {
			break
		}
		p := h.pool.paths[i]
		c := strings.Join(h.pool.lines(p), "")
		first[p] = &c
		h.main.set(p, c)
	}
	h.commit(h.main, 0, 0, "initial import", first)
	keyAt := map[int]int{} // step -> key index
	for i := 0; i < o.Keys; i++ {
		keyAt[1+(2*i+1)*(o.Commits-2)/(2*o.Keys)] = i
	}
	for step := 1; step < o.Commits; step++ {
		b := h.pick()
		if k, ok := keyAt[step]; ok {
			h.plant(b, k, step)
			continue
		}
		if h.removeDue(step) {
			continue
		}
		if b != h.main && b.fork == 0 {
			h.finish(b)
			continue
		}
		if b == h.main && len(h.feats) < 3 && h.rnd.Intn(20) == 0 {
			h.branchOff()
			continue
		}
		h.edit(b)
		if b != h.main {
			b.fork--
		}
	}
	return h.w.Flush()
}

// pick chooses the branch of the next commit: main half the time.
func (h *history) pick() *branch {
	if len(h.feats) == 0 || h.rnd.Intn(2) == 0 {
		return h.main
	}
	return h.feats[h.rnd.Intn(len(h.feats))]
}

// freePath returns a random path of b that ops may touch.
func (h *history) freePath(b *branch) string {
	for try := 0; try < 20 && len(b.paths) > 0; try++ {
		p := b.paths[h.rnd.Intn(len(b.paths))]
		if b != h.main || !h.locked[p] {
			return p
		}
	}
	return ""
}

// edit makes one ordinary commit of 1-4 operations on b.
func (h *history) edit(b *branch) {
	changes := map[string]*string{}
	var what []string
	for n := 1 + h.rnd.Intn(4); n > 0; n-- {
		p := h.freePath(b)
		r := h.rnd.Intn(100)
		switch {
		case p == "" || r < 12: // add a file from the pool
			src := h.pool.paths[h.rnd.Intn(len(h.pool.paths))]
			np := src
			if b != h.main {
				np = b.name + "/" + src
			}
			if _, ok := b.files[np]; ok || changes[np] != nil {
				continue
			}
			c := strings.Join(h.pool.lines(src), "")
			changes[np] = &c
			b.set(np, c)
			what = append(what, "add "+np)
		case r < 20 && len(b.paths) > h.opts.Files/2: // delete
			changes[p] = nil
			b.del(p)
			what = append(what, "delete "+p)
		case r < 28: // rename into another directory
			np := fmt.Sprintf("%s/moved%d/%s", filepath.Dir(p), h.rnd.Intn(5), filepath.Base(p))
			if _, ok := b.files[np]; ok || changes[np] != nil {
				continue
			}
			c := b.files[p]
			changes[p] = nil
			changes[np] = &c
			b.del(p)
			b.set(np, c)
			what = append(what, "rename "+p+" to "+np)
		default: // edit lines
			c := h.mutate(b.files[p])
			changes[p] = &c
			b.set(p, c)
			what = append(what, "edit "+p)
		}
		if b != h.main {
			for q := range changes {
				b.changed[q] = true
			}
		}
	}
	if len(changes) == 0 {
		return
	}
	h.commit(b, 0, 0, strings.Join(what, "\n"), changes)
}

// mutate replaces, inserts or deletes a few lines of content, splicing in
// lines of another pool file.
func (h *history) mutate(content string) string {
	lines := strings.SplitAfter(content, "\n")
	at := h.rnd.Intn(len(lines))
	cut := 0
	if h.rnd.Intn(3) > 0 {
		cut = 1 + h.rnd.Intn(12)
	}
	if at+cut > len(lines) {
		cut = len(lines) - at
	}
	var ins []string
	if cut == 0 || h.rnd.Intn(4) > 0 {
		src := h.pool.lines(h.pool.paths[h.rnd.Intn(len(h.pool.paths))])
		from := h.rnd.Intn(len(src))
		n := 1 + h.rnd.Intn(15)
		if from+n > len(src) {
			n = len(src) - from
		}
		ins = src[from : from+n]
	}
	out := make([]string, 0, len(lines)-cut+len(ins))
	out = append(out, lines[:at]...)
	out = append(out, ins...)
	out = append(out, lines[at+cut:]...)
	s := strings.Join(out, "")
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s
}
