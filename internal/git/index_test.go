package git

import (
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseIndexErrors(t *testing.T) {
	r := newTestRepo(t)
	r.write("a.txt", "a\n")
	r.git("add", "a.txt")
	good, err := os.ReadFile(filepath.Join(r.dir, ".git", "index"))
	if err != nil {
		t.Fatal(err)
	}
	idx, err := ParseIndex(good)
	if err != nil || idx.Len() != 1 || string(idx.Name(0)) != "a.txt" {
		t.Fatalf("good index: %v", err)
	}
	many := slices.Clone(good)
	many[11] = 200 // entry count
	for name, data := range map[string][]byte{
		"count":     many,
		"truncated": good[:30],
		"header":    append([]byte("XXXX"), good[4:]...),
	} {
		if _, err := ParseIndex(data); !errors.Is(err, ErrBadIndex) {
			t.Errorf("%s: err = %v, want ErrBadIndex", name, err)
		}
	}
}

// indexBytes returns an index file of version v with count entries, the
// entry bytes body and the extensions exts (signature, content pairs).
func indexBytes(v, count uint32, body []byte, exts ...string) []byte {
	b := []byte("DIRC")
	b = binary.BigEndian.AppendUint32(b, v)
	b = binary.BigEndian.AppendUint32(b, count)
	b = append(b, body...)
	for i := 0; i+1 < len(exts); i += 2 {
		b = append(b, exts[i]...)
		b = binary.BigEndian.AppendUint32(b, uint32(len(exts[i+1])))
		b = append(b, exts[i+1]...)
	}
	sum := sha1.Sum(b)
	return append(b, sum[:]...)
}

// TestIndexCacheTreeDepth: a cache tree nested deeper than any real path
// is ignored (it is only an accelerator) instead of recursing once per
// 6 bytes of input.
func TestIndexCacheTreeDepth(t *testing.T) {
	nested := func(depth int) string {
		return strings.Repeat("\x00-1 1\n", depth) + "\x00-1 0\n"
	}
	idx, err := ParseIndex(indexBytes(2, 0, nil, "TREE", nested(10)))
	if err != nil || idx.Tree() == nil {
		t.Fatalf("a cache tree 10 deep: %v, tree %v", err, idx.Tree())
	}
	idx, err = ParseIndex(indexBytes(2, 0, nil, "TREE", nested(maxCacheTreeDepth+10)))
	if err != nil || idx.Tree() != nil {
		t.Fatalf("a cache tree %d deep: %v, tree %v", maxCacheTreeDepth+10, err, idx.Tree() != nil)
	}
}

// TestIndexV4PathBomb: version 4 paths repeat the previous path in a few
// bytes; an index that repeats a 4000-byte path 20 000 times (80 MB of
// paths in 1.3 MB) is refused before the paths are built.
func TestIndexV4PathBomb(t *testing.T) {
	entry := func(strip int, suffix string) []byte {
		e := make([]byte, 62)
		binary.BigEndian.PutUint32(e[24:], ModeRegular)
		e = append(e, byte(strip))
		return append(append(e, suffix...), 0)
	}
	const n = 20000
	body := entry(0, strings.Repeat("d/", 2000))
	for range n {
		body = append(body, entry(0, "")...)
	}
	data := indexBytes(4, n+1, body)
	var err error
	alloc := allocated(func() { _, err = ParseIndex(data) })
	if !errors.Is(err, ErrBadIndex) {
		t.Errorf("err = %v, want a malformed index", err)
	}
	if alloc > 32<<20 {
		t.Errorf("allocated %d bytes for a %d-byte index", alloc, len(data))
	}
	// A real-shaped version 4 index: each path shares most of the previous.
	body = entry(0, "dir/sub/a.txt")
	for range 100 {
		body = append(body, entry(5, "b.txt")...)
	}
	idx, err := ParseIndex(indexBytes(4, 101, body))
	if err != nil || idx.Len() != 101 || string(idx.Name(100)) != "dir/sub/b.txt" {
		t.Errorf("good version 4 index: %v", err)
	}
}
