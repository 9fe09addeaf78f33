package rules

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// goSource reads up to limit bytes of .go files from GOROOT/src.
func goSource(b *testing.B, limit int) []byte {
	var buf bytes.Buffer
	root := filepath.Join(runtime.GOROOT(), "src")
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || buf.Len() >= limit {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") {
			data, err := os.ReadFile(p)
			if err == nil {
				buf.Write(data)
			}
		}
		return nil
	})
	if buf.Len() == 0 {
		b.Skip("no Go source found under GOROOT")
	}
	return buf.Bytes()
}

func BenchmarkQuick(b *testing.B) {
	src := goSource(b, 16<<20)
	set := New()
	b.Run("match", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			set.Match(src)
		}
	})
	b.Run("index-x-api-key", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			bytes.Index(src, []byte("x-api-key"))
		}
	})
	b.Run("index-dash4", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		for b.Loop() {
			n := 0
			for off := 0; ; {
				i := bytes.Index(src[off:], dash4)
				if i < 0 {
					break
				}
				n++
				off += i + 1
			}
		}
	})
}
