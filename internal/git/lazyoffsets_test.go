package git

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestLazyOffsets: an index with one offset outside its pack (and the
// pack's right checksum) makes OpenStore refuse the pack; with
// LazyOffsets it opens, the object at the bad offset fails to read with
// ErrCorrupt, and every other object reads as git reads it.
func TestLazyOffsets(t *testing.T) {
	r := newTestRepo(t)
	for _, f := range []string{"a.txt", "b.txt", "c.txt"} {
		r.write(f, "content of "+f+"\n")
	}
	r.commitAll("c")
	r.git("gc", "-q")
	all := catAll(t, r.dir)
	idxName := packName(t, r.dir)
	idx, err := os.ReadFile(idxName)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(idxName[:len(idxName)-len(".idx")] + ".pack")
	if err != nil {
		t.Fatal(err)
	}
	// Version 2: header, fan-out, n ids, n CRCs, then n 4-byte offsets.
	n := int(binary.BigEndian.Uint32(idx[8+255*4:]))
	bad := 1
	var badID ID
	copy(badID[:], idx[8+256*4+bad*20:])
	binary.BigEndian.PutUint32(idx[8+256*4+n*24+bad*4:], uint32(fi.Size()+100))
	if err := os.WriteFile(idxName, idx, 0o644); err != nil {
		t.Fatal(err)
	}
	dirs := []string{filepath.Join(r.dir, ".git", "objects")}

	st, badPacks := OpenStore(dirs)
	st.Close()
	if len(badPacks) != 1 || !errors.Is(badPacks[0], ErrCorrupt) {
		t.Fatalf("OpenStore: bad packs %v, want the pack refused as corrupt", badPacks)
	}

	st, badPacks = OpenStoreWith(dirs, StoreOptions{LazyOffsets: true})
	defer st.Close()
	if len(badPacks) != 0 {
		t.Fatalf("lazy: bad packs %v, want none", badPacks)
	}
	if _, _, err := st.Read(badID); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Read of the object at the bad offset: %v, want ErrCorrupt", err)
	}
	if _, _, err := st.Size(badID); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Size of the object at the bad offset: %v, want ErrCorrupt", err)
	}
	for id, want := range all {
		if id == badID {
			continue
		}
		typ, data, err := st.Read(id)
		if err != nil || TypeName(typ) != want.typ || string(data) != string(want.data) {
			t.Errorf("%s: %s %q %v, want %s %q", id, TypeName(typ), data, err, want.typ, want.data)
		}
	}
}
