package git

import (
	"bytes"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// rssFile returns the file-backed resident set of this process, in bytes.
func rssFile(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "RssFile:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Skip("no RssFile in /proc/self/status")
	return 0
}

// TestPackRelease reads every object of a 24 MiB pack, which maps its
// pages in, and checks that Release drops them and that the objects still
// read back whole.
func TestPackRelease(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	tp := newTestPack()
	var bodies [][]byte
	for i := range 12 {
		b := make([]byte, 2<<20) // random: the pack is as large as the blobs
		for j := range b {
			b[j] = byte(rng.Uint32())
		}
		bodies = append(bodies, b)
		tp.whole(testID(byte(i+1)), ObjBlob, b)
	}
	dir := tp.write(t)
	base := rssFile(t)
	st, _ := OpenStore([]string{dir})
	defer st.Close()
	if len(st.Packs()) != 1 {
		t.Fatalf("%d packs", len(st.Packs()))
	}
	read := func() {
		for i, want := range bodies {
			typ, got, err := st.Read(testID(byte(i + 1)))
			if err != nil || typ != ObjBlob || !bytes.Equal(got, want) {
				t.Fatalf("object %d: type %d, %d bytes, %v", i+1, typ, len(got), err)
			}
		}
	}
	read()
	before := rssFile(t)
	st.Packs()[0].Release()
	after := rssFile(t)
	t.Logf("RssFile %d KiB, %d KiB after reading, %d KiB after Release", base>>10, before>>10, after>>10)
	if before-base < 4<<20 {
		t.Skipf("reading the pack mapped only %d KiB in", (before-base)>>10)
	}
	if after-base > (before-base)/2 {
		t.Errorf("Release kept %d KiB of the %d KiB the reads mapped in", (after-base)>>10, (before-base)>>10)
	}
	read()
}
