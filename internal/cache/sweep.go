package cache

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

// staleAge is how old a leftover without a repository name (a temporary
// file of writeAtomic, a clone directory named otherwise) must be before
// Sweep removes it: no write of this package takes that long, and a run
// that is still writing it renames it long before.
const staleAge = time.Hour

// tmpClone matches the temporary clone directories of scanner/history's
// UpdateMirror: ".tmp-clone-" NAME "-" random digits, and "-old" for the
// damaged mirror it moves aside.
var tmpClone = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\.tmp-clone-(.+-[0-9a-f]{32})-[0-9]+(-old)?$`)
})

// Sweep removes what killed runs left behind: temporary clone directories
// in DIR/mirrors whose repository's lock is free (no run is cloning it:
// the cloning run holds that lock from start to rename), and, older than
// staleAge, temporary files of the records and seen stores and clone
// directories whose repository cannot be told. It returns how many it
// removed. Errors are not fatal to a scan; the first is returned.
func (c *Cache) Sweep() (int, error) {
	removed := 0
	var first error
	keep := func(err error) {
		if first == nil && err != nil && !errors.Is(err, os.ErrNotExist) {
			first = err
		}
	}
	old := func(p string) bool {
		fi, err := os.Lstat(p)
		return err == nil && time.Since(fi.ModTime()) > staleAge
	}
	entries, err := os.ReadDir(c.MirrorsDir())
	keep(err)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".tmp-clone-") {
			continue
		}
		p := filepath.Join(c.MirrorsDir(), e.Name())
		m := tmpClone().FindStringSubmatch(e.Name())
		if m == nil {
			if old(p) {
				if err := os.RemoveAll(p); err != nil {
					keep(err)
				} else {
					removed++
				}
			}
			continue
		}
		l, err := tryLockFile(filepath.Join(c.dir, "locks", m[1]+".lock"))
		if err != nil {
			continue // being cloned by a run now, or no lock to be had
		}
		err = os.RemoveAll(p)
		l.Unlock()
		keep(err)
		if err == nil {
			removed++
		}
	}
	dirs := []string{filepath.Join(c.dir, "records")}
	if vs, err := os.ReadDir(filepath.Join(c.dir, "blobs")); err == nil {
		for _, v := range vs {
			if v.IsDir() {
				dirs = append(dirs, filepath.Join(c.dir, "blobs", v.Name()))
			}
		}
	}
	for _, d := range dirs {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			p := filepath.Join(d, e.Name())
			if strings.HasPrefix(e.Name(), ".tmp-") && e.Type().IsRegular() && old(p) {
				if err := os.Remove(p); err != nil {
					keep(err)
				} else {
					removed++
				}
			}
		}
	}
	return removed, first
}
