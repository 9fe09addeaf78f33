package gengit

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// branchOff starts a feature branch from main's tip that owns a few of
// main's files: main leaves them alone until the merge, so merges never
// conflict and the merge commit's tree is simply main plus the feature's
// changes.
func (h *history) branchOff() {
	h.nfeat++
	b := &branch{
		name:    fmt.Sprintf("feature/%d", h.nfeat),
		start:   h.main.tip,
		files:   map[string]string{},
		extra:   map[string]string{},
		changed: map[string]bool{},
		fork:    3 + h.rnd.Intn(15),
		abandon: h.rnd.Intn(7) == 0,
	}
	for n := 5 + h.rnd.Intn(10); n > 0; n-- {
		if p := h.freePath(h.main); p != "" {
			h.locked[p] = true
			b.owned = append(b.owned, p)
			b.set(p, h.main.files[p])
		}
	}
	h.feats = append(h.feats, b)
}

// finish merges feature b into main, or abandons it, leaving its ref.
func (h *history) finish(b *branch) {
	for i, f := range h.feats {
		if f == b {
			h.feats = append(h.feats[:i], h.feats[i+1:]...)
			break
		}
	}
	for _, p := range b.owned {
		delete(h.locked, p)
	}
	if b.start > 0 || b.abandon {
		return // no commit was made, or the branch is left unmerged
	}
	changes := map[string]*string{}
	paths := make([]string, 0, len(b.changed))
	for p := range b.changed {
		paths = append(paths, p)
	}
	sort.Strings(paths) // main's path order feeds later random picks
	for _, p := range paths {
		if c, ok := b.files[p]; ok {
			changes[p] = &c
			h.main.set(p, c)
		} else {
			changes[p] = nil
			h.main.del(p)
		}
	}
	for p, c := range b.extra {
		c := c
		changes[p] = &c
		h.main.extra[p] = c
	}
	for _, k := range b.keys {
		h.keys[k].merged = true
	}
	h.commit(h.main, 0, b.tip, "Merge branch '"+b.name+"'", changes)
}

const clientPy = `"""Client for the CAMB.AI text-to-speech API."""
import cambai
import requests

API = "https://client.camb.ai/apis"
headers = {"x-api-key": "%s"}


def voices():
    return requests.get(API + "/list-voices", headers=headers).json()
`

// plant commits a new file holding key number k on b.
func (h *history) plant(b *branch, k, step int) {
	key := fakekey.New(fmt.Sprintf("gengit-%d-%d", h.opts.Seed, k))
	path := fmt.Sprintf("services/camb%d/client.py", k)
	if b != h.main {
		path = b.name + "/" + path
	}
	c := fmt.Sprintf(clientPy, key)
	b.extra[path] = c
	p := &planted{key: key, path: path, branch: b.name, merged: b == h.main}
	if k%3 == 0 {
		p.removeAt = step + 5 + h.rnd.Intn(30)
	}
	h.keys = append(h.keys, p)
	if b != h.main {
		b.keys = append(b.keys, len(h.keys)-1)
		b.changed[path] = true
		b.fork--
	}
	p.mark = h.commit(b, 0, 0, "add CAMB client "+path, map[string]*string{path: &c})
}

// removeDue replaces a planted key on main by an environment lookup when
// its time has come, and reports whether it made a commit.
func (h *history) removeDue(step int) bool {
	for _, p := range h.keys {
		if p.removeAt != step || p.removed {
			continue
		}
		c, ok := h.main.extra[p.path]
		if !ok {
			p.removeAt += 10 // still on its feature branch
			continue
		}
		c = strings.Replace(c, `"`+p.key+`"`, `os.environ["CAMB_API_KEY"]`, 1)
		c = strings.Replace(c, "import cambai\n", "import os\n\nimport cambai\n", 1)
		h.main.extra[p.path] = c
		p.removed = true
		h.commit(h.main, 0, 0, "read the CAMB key from the environment", map[string]*string{p.path: &c})
		return true
	}
	return false
}
