package hostile

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	"unicode/utf16"

	"github.com/cambscan/cambscan/internal/gengit"
)

// Builders of inputs that several cases share: archives, text that does
// not compress, a realistic history, UTF-16, a FIFO fed on demand.

// randomText returns n bytes of base64 lines from a seeded generator: text
// that does not compress, so a pack of it is as big as it.
func randomText(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, 1))
	raw := make([]byte, n*3/4)
	for i := 0; i+8 <= len(raw); i += 8 {
		binary.LittleEndian.PutUint64(raw[i:], r.Uint64())
	}
	enc := base64.StdEncoding.EncodeToString(raw)
	var b strings.Builder
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\n")
	return b.String()
}

// packSize is the size of the packs of a bare repository after gc.
func packSize(e *Env, rel string) (int64, error) {
	if _, err := e.Git(rel, "gc", "-q", "--prune=now"); err != nil {
		return 0, err
	}
	packs, _ := filepath.Glob(filepath.Join(e.Path(rel), "objects", "pack", "*.pack"))
	var n int64
	for _, p := range packs {
		st, err := os.Stat(p)
		if err != nil {
			return 0, err
		}
		n += st.Size()
	}
	return n, nil
}

// historyRepo makes a bare repository at rel whose pack is about 34 MB:
// 6 000 commits of gengit's history (12 MB of small deltas, which is what
// costs a clone memory) and, on a second branch, 30 MiB of text that does
// not compress. It returns the planted keys.
func historyRepo(e *Env, rel string) ([]string, error) {
	if err := needGit(); err != nil {
		return nil, err
	}
	repo, err := gengit.Generate(context.Background(), e.Path(rel), gengit.Options{Commits: 6000, Files: 1500, Keys: 4, Seed: 7})
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, k := range repo.Keys {
		keys = append(keys, k.Key)
	}
	e.keys = append(e.keys, keys...)
	var tree strings.Builder
	for i := range 30 {
		id, err := e.GitIn(rel, randomText(uint64(i), 1<<20), "hash-object", "-w", "--stdin")
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&tree, "100644 blob %s\tblob%02d.txt\n", id, i)
	}
	t, err := e.GitIn(rel, tree.String(), "mktree")
	if err != nil {
		return nil, err
	}
	c, err := e.Git(rel, "commit-tree", t, "-m", "data")
	if err != nil {
		return nil, err
	}
	_, err = e.Git(rel, "update-ref", "refs/heads/data", c)
	return keys, err
}

// utf16File encodes s as UTF-16LE with a byte order mark.
func utf16File(s string) []byte {
	b := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// A Member is a file inside an archive; Size > 0 with Gen streams a large
// body instead of Body.
type Member struct {
	Name string
	Body []byte
	Size int64
	Gen  func(io.Writer) error
}

// ZipBytes builds a zip archive of members, deflated.
func ZipBytes(members ...Member) ([]byte, error) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, m := range members {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m.Name, Method: zip.Deflate, Modified: time.Unix(1700000000, 0)})
		if err != nil {
			return nil, err
		}
		if m.Gen != nil {
			err = m.Gen(w)
		} else {
			_, err = w.Write(m.Body)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// TarBytes builds a tar archive of members, gzipped when gz is true.
func TarBytes(gz bool, members ...Member) ([]byte, error) {
	var b bytes.Buffer
	var w io.Writer = &b
	var zw *gzip.Writer
	if gz {
		zw = gzip.NewWriter(&b)
		w = zw
	}
	tw := tar.NewWriter(w)
	for _, m := range members {
		if err := tw.WriteHeader(&tar.Header{Name: m.Name, Mode: 0o644, Size: int64(len(m.Body)), ModTime: time.Unix(1700000000, 0), Typeflag: tar.TypeReg}); err != nil {
			return nil, err
		}
		if _, err := tw.Write(m.Body); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
}

// GzipBytes compresses body as a .gz file that records name.
func GzipBytes(name string, body []byte) ([]byte, error) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Name = name
	zw.ModTime = time.Unix(1700000000, 0)
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// feedFIFO writes content to the FIFO name once a reader has opened it, or
// gives up when the child exits without opening it.
func feedFIFO(p *Proc, name, content string) error {
	for {
		f, err := os.OpenFile(name, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		if err == nil {
			_, err = io.WriteString(f, content)
			f.Close()
			return err
		}
		// ENXIO: no reader yet.
		if !p.Sleep(20 * time.Millisecond) {
			return nil
		}
	}
}
