package cache

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestSweep: a killed run's temporary clone is removed once its
// repository's lock is free, never while a run holds it; other leftovers
// only once they are old.
func TestSweep(t *testing.T) {
	c, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	held, free := "https://host/o/held.git", "https://host/o/free.git"
	mk := func(p string) string {
		if err := os.MkdirAll(filepath.Join(p, "objects", "pack"), 0o700); err != nil {
			t.Fatal(err)
		}
		return p
	}
	heldTmp := mk(filepath.Join(c.MirrorsDir(), ".tmp-clone-"+Name(held)+"-123456"))
	freeTmp := mk(filepath.Join(c.MirrorsDir(), ".tmp-clone-"+Name(free)+"-987654"))
	freeOld := mk(filepath.Join(c.MirrorsDir(), ".tmp-clone-"+Name(free)+"-987654-old"))
	strayNew := mk(filepath.Join(c.MirrorsDir(), ".tmp-clone-stray"))
	strayOld := mk(filepath.Join(c.MirrorsDir(), ".tmp-clone-stray-old"))
	mirror := mk(c.MirrorDir(free))
	ago := time.Now().Add(-2 * staleAge)
	os.Chtimes(strayOld, ago, ago)
	recNew := filepath.Join(c.dir, "records", ".tmp-111")
	recOld := filepath.Join(c.dir, "records", ".tmp-222")
	segOld := filepath.Join(c.dir, "blobs", "rules-1", ".tmp-333")
	os.MkdirAll(filepath.Dir(segOld), 0o700)
	for _, p := range []string{recNew, recOld, segOld} {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	os.Chtimes(recOld, ago, ago)
	os.Chtimes(segOld, ago, ago)

	l, err := c.LockRepo(t.Context(), held)
	if err != nil {
		t.Fatal(err)
	}
	n, err := c.Sweep()
	if err != nil {
		t.Fatal(err)
	}
	if n != 5 {
		t.Errorf("Sweep removed %d, want 5", n)
	}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }
	for _, p := range []string{heldTmp, strayNew, mirror, recNew} {
		if !exists(p) {
			t.Errorf("%s was removed", filepath.Base(p))
		}
	}
	for _, p := range []string{freeTmp, freeOld, strayOld, recOld, segOld} {
		if exists(p) {
			t.Errorf("%s was kept", filepath.Base(p))
		}
	}
	l.Unlock()
	if _, err := c.Sweep(); err != nil {
		t.Fatal(err)
	}
	if exists(heldTmp) {
		t.Error("the clone of a repository whose lock is free again was kept")
	}
	if !exists(mirror) {
		t.Error("a mirror was removed")
	}
}
