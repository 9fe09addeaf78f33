package scanner_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/scanner"
)

type member struct {
	name string
	data []byte
}

func zipOf(t *testing.T, ms ...member) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, m := range ms {
		f, err := w.Create(m.name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(m.data)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func tarOf(t *testing.T, ms ...member) []byte {
	t.Helper()
	var b bytes.Buffer
	w := tar.NewWriter(&b)
	for _, m := range ms {
		if err := w.WriteHeader(&tar.Header{Name: m.name, Mode: 0o644, Size: int64(len(m.data)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		w.Write(m.data)
	}
	// Names only: a symbolic link and a hard link to outside the tree.
	w.WriteHeader(&tar.Header{Name: "evil", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"})
	w.WriteHeader(&tar.Header{Name: "hard", Typeflag: tar.TypeLink, Linkname: "../../x"})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gzipOf(t *testing.T, name string, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Name = name
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func fileChunk(path string, data []byte) scanner.Chunk {
	return scanner.Chunk{Origin: scanner.Origin{Kind: scanner.KindFile, Path: path}, Size: int64(len(data)), Data: data}
}

// run scans chunks and returns "path:line:col" of each finding and
// "path: label" of each skip.
func runChunks(t *testing.T, opts scanner.Options, src scanner.Source) (found, skipped []string) {
	t.Helper()
	res, err := scanner.Run(context.Background(), []scanner.Source{src}, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		found = append(found, fmt.Sprintf("%s:%d:%d", f.Path, f.Line, f.Column))
	}
	for _, s := range res.Skipped {
		skipped = append(skipped, s.Path+": "+s.Label())
	}
	return found, skipped
}

func TestArchives(t *testing.T) {
	k := fakekey.New("archive")
	env := []byte("# settings\nCAMB_API_KEY=" + k + "\n")
	py := []byte(leak(k))
	tgz := gzipOf(t, "", tarOf(t, member{"package/.env", env}))
	src := &memSource{target: "t", chunks: []scanner.Chunk{
		fileChunk("lib/app.jar", zipOf(t, member{"META-INF/", nil}, member{"conf/.env", env}, member{"A.class", []byte("\xca\xfe\xba\xbe\x00\x00")})),
		fileChunk("dist/w.whl", zipOf(t, member{"pkg/client.py", py})),
		fileChunk("a.tar", tarOf(t, member{"../../etc/.env", env}, member{"/abs/x.py", py})),
		fileChunk("pkg.tgz", tgz),
		fileChunk("secrets.env.gz", gzipOf(t, "", env)),
		fileChunk("named.gz", gzipOf(t, "orig.py", py)),
		fileChunk("outer.zip", zipOf(t, member{"inner/pkg.tgz", tgz})),
		fileChunk("fake.tar", append(bytes.Repeat([]byte("x"), 257), "ustar but not a tar "+leak(k)+strings.Repeat("y", 300)...)),
	}}
	found, skipped := runChunks(t, scanner.Options{}, src)
	want := []string{
		"a.tar!../../etc/.env:2:14",
		"a.tar!/abs/x.py:1:80",
		"dist/w.whl!pkg/client.py:1:80",
		"fake.tar:1:357",
		"lib/app.jar!conf/.env:2:14",
		"named.gz!orig.py:1:80",
		"outer.zip!inner/pkg.tgz!package/.env:2:14",
		"pkg.tgz!package/.env:2:14",
		"secrets.env.gz!secrets.env:2:14",
	}
	if strings.Join(found, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(found, "\n"), strings.Join(want, "\n"))
	}
	if len(skipped) != 0 {
		t.Errorf("skipped %v (binary members and links are passed over)", skipped)
	}

	// --no-archives: archives are content again (binary, so skipped).
	found, skipped = runChunks(t, scanner.Options{NoArchives: true}, src)
	if strings.Join(found, ",") != "fake.tar:1:357" || len(skipped) != 7 {
		t.Errorf("NoArchives: found %v skipped %v", found, skipped)
	}
}

func TestArchiveInHistoryBlob(t *testing.T) {
	k := fakekey.New("archive-blob")
	jar := zipOf(t, member{"app/.env", []byte("CAMB_API_KEY=" + k + "\n")})
	src := &memSource{target: "repo", chunks: []scanner.Chunk{
		{Origin: scanner.Origin{Kind: scanner.KindHistory, Blob: "b1"}, Size: int64(len(jar)), Data: jar},
		{Origin: scanner.Origin{Kind: scanner.KindHistory, Blob: "b2"}, Size: int64(len(jar)), Data: jar},
	}}
	// The resolver names blob b1 and leaves b2 unnamed, as history does
	// for a blob no commit names; it must see the member, not a joined path.
	src.resolve = func(fs []scanner.Finding) []scanner.Finding {
		for i := range fs {
			if fs[i].Member != "app/.env" || fs[i].Path != "" {
				t.Errorf("resolver got path %q member %q", fs[i].Path, fs[i].Member)
			}
			if fs[i].Blob == "b1" {
				fs[i].Path = "lib/app.jar"
			}
		}
		return fs
	}
	found, _ := runChunks(t, scanner.Options{}, src)
	if got := strings.Join(found, ","); got != "git-blob/b2!app/.env:1:14,lib/app.jar!app/.env:1:14" {
		t.Errorf("found %s", got)
	}
}

func TestArchiveLimits(t *testing.T) {
	const capSize = 64 << 10 // total expanded budget: 640 KiB
	k := fakekey.New("archive-limits")
	env := []byte("CAMB_API_KEY=" + k + "\n")
	filler := bytes.Repeat([]byte("abcdefgh\n"), (capSize-100)/9)
	// Ten cap-sized members expand past ten times the cap: a bomb. The
	// key in the first member is still found.
	var ms []member
	ms = append(ms, member{"0.env", env})
	for i := 1; i <= 12; i++ {
		ms = append(ms, member{fmt.Sprintf("%d.txt", i), filler})
	}
	// d1.zip!d2.zip!d3.zip!d4.zip: the fourth level is not expanded.
	deep := zipOf(t, member{"d4.env", env})
	for _, n := range []string{"d3", "d2"} {
		deep = zipOf(t, member{n + ".env", env}, member{fmt.Sprintf("d%c.zip", n[1]+1), deep})
	}
	src := &memSource{target: "t", chunks: []scanner.Chunk{
		fileChunk("bomb.zip", zipOf(t, ms...)),
		fileChunk("big.zip", zipOf(t, member{"huge.env", bytes.Repeat([]byte("a\n"), capSize)}, member{"ok.env", env})),
		fileChunk("big.gz", gzipOf(t, "", bytes.Repeat([]byte("a\n"), capSize))),
		fileChunk("d1.zip", zipOf(t, member{"d1.env", env}, member{"d2.zip", deep})),
	}}
	found, skipped := runChunks(t, scanner.Options{MaxFileSize: capSize}, src)
	wantFound := "big.zip!ok.env:1:14,bomb.zip!0.env:1:14,d1.zip!d1.env:1:14,d1.zip!d2.zip!d2.env:1:14,d1.zip!d2.zip!d3.zip!d3.env:1:14"
	if got := strings.Join(found, ","); got != wantFound {
		t.Errorf("found %s\nwant  %s", got, wantFound)
	}
	wantSkipped := "big.gz!big: too large,big.zip!huge.env: too large,bomb.zip: archive bomb,d1.zip!d2.zip!d3.zip!d4.zip: archive nested too deep"
	if got := strings.Join(skipped, ","); got != wantSkipped {
		t.Errorf("skipped %s\nwant    %s", got, wantSkipped)
	}
}

// TestArchiveBombMemory expands a gzip of 256 MiB of zeros (264 KiB) and
// a zip whose members together inflate to 400 MiB (660 KiB): each is read
// only up to its caps, so the allocations stay a few times the size cap.
func TestArchiveBombMemory(t *testing.T) {
	const capSize = 1 << 20
	// Gzip members concatenated are one stream of their contents: 256
	// copies of a compressed MiB of text (a MiB of zeros would be passed
	// over as binary after its first 8000 bytes).
	one := gzipOf(t, "", bytes.Repeat([]byte("a"), 1<<20))
	gz := bytes.Repeat(one, 256)
	// A zip of 400 members of 1 MiB of text each, compressed about
	// 600:1 once and stored raw.
	text := bytes.Repeat([]byte("aaaaaaa\n"), capSize/8)[:capSize-1]
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write(text)
	fw.Close()
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for i := range 400 {
		f, err := zw.CreateRaw(&zip.FileHeader{Name: fmt.Sprintf("m%04d.txt", i), Method: zip.Deflate,
			CRC32: crc32.ChecksumIEEE(text), CompressedSize64: uint64(comp.Len()), UncompressedSize64: uint64(len(text))})
		if err != nil {
			t.Fatal(err)
		}
		f.Write(comp.Bytes())
	}
	zw.Close()
	if len(gz) > capSize || zb.Len() > capSize {
		t.Fatalf("bombs of %d and %d bytes are over the cap", len(gz), zb.Len())
	}
	src := &memSource{target: "t", chunks: []scanner.Chunk{
		fileChunk("zeros.gz", gz),
		fileChunk("bomb.jar", zb.Bytes()),
	}}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, skipped := runChunks(t, scanner.Options{MaxFileSize: capSize, Jobs: 2}, src)
	runtime.ReadMemStats(&after)
	if got := strings.Join(skipped, ","); got != "bomb.jar: archive bomb,zeros.gz!zeros: too large" {
		t.Errorf("skipped %s", got)
	}
	// The bomb's ten members of 1 MiB are read, each in a new buffer
	// (io.ReadAll grows it); reading everything would allocate 1.25 GiB.
	t.Logf("allocated %d MiB", (after.TotalAlloc-before.TotalAlloc)>>20)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 48<<20 {
		t.Errorf("expanding the bombs allocated %d MiB", alloc>>20)
	}
}

func TestFindingCap(t *testing.T) {
	var b strings.Builder
	keys := fakekey.N("cap", 1500)
	for i, k := range keys {
		fmt.Fprintf(&b, "CAMB_API_KEY_%d=%s\n", i, k)
	}
	src := &memSource{target: "t", chunks: []scanner.Chunk{fileChunk("many.env", []byte(b.String()))}}
	res, err := scanner.Run(context.Background(), []scanner.Source{src}, scanner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1000 || res.Findings[999].Line != 1000 || res.Findings[999].Secret != keys[999] {
		t.Errorf("%d findings", len(res.Findings))
	}
	if len(res.Skipped) != 1 || res.Skipped[0].Path != "many.env" ||
		res.Skipped[0].Reason() != "500 more findings not listed (at most 1000 per file)" || res.Stats.Files != 1 {
		t.Errorf("skipped %v, stats %+v", res.Skipped, res.Stats)
	}
}

// TestFindingCapMemory: 200 000 keys in one 10 MB .env cost the matches
// once, not a finding each (which was 551 MB RSS in the binary).
func TestFindingCapMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("200 000 keys")
	}
	var b bytes.Buffer
	for i, k := range fakekey.N("capmem", 200_000) {
		fmt.Fprintf(&b, "CAMB_API_KEY_%d=%s\n", i, k)
	}
	data := b.Bytes()
	src := &memSource{target: "t", chunks: []scanner.Chunk{fileChunk("big.env", data)}}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res, err := scanner.Run(context.Background(), []scanner.Source{src}, scanner.Options{MaxFileSize: 32 << 20})
	runtime.ReadMemStats(&after)
	if err != nil || len(res.Findings) != 1000 || res.Skipped[0].Size != 199_000 {
		t.Fatalf("err %v, %d findings, skipped %v", err, len(res.Findings), res.Skipped)
	}
	t.Logf("allocated %d MiB", (after.TotalAlloc-before.TotalAlloc)>>20)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 120<<20 {
		t.Errorf("matching 200 000 keys allocated %d MiB", alloc>>20)
	}
	io.Discard.Write(data)
}

// TestArchiveBinaryMembersHeadOnly: a binary member that is no archive (a
// class file, an image) is decided on its first 8000 bytes and the rest is
// never inflated, so a jar of large binaries costs little; a text member
// beside them is still matched.
func TestArchiveBinaryMembersHeadOnly(t *testing.T) {
	k := fakekey.New("archive-binary-head")
	bin := bytes.Repeat([]byte("\xca\xfe\xba\xbe\x00\x00\x00\x34\x00\x01\x02\x03"), (8<<20)/12)
	ms := []member{{"app.properties", []byte("camb.api.key=x\nCAMB_API_KEY=" + k + "\n")}}
	for i := range 5 {
		ms = append(ms, member{fmt.Sprintf("lib/C%d.class", i), bin})
	}
	jar := zipOf(t, ms...)
	src := &memSource{target: "t", chunks: []scanner.Chunk{fileChunk("app.jar", jar)}}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	found, skipped := runChunks(t, scanner.Options{Jobs: 1}, src)
	runtime.ReadMemStats(&after)
	if got := strings.Join(found, ","); got != "app.jar!app.properties:2:14" {
		t.Errorf("found %q, skipped %q", got, skipped)
	}
	// Inflating the five 8 MiB members whole would allocate over 40 MiB.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("matching a jar of binaries allocated %d MiB", alloc>>20)
	}
}
