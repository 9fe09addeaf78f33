package rules

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// goSource reads .go files from GOROOT/src, up to limit bytes in all.
func goSource(b *testing.B, limit int) [][]byte {
	var files [][]byte
	n := 0
	root := filepath.Join(runtime.GOROOT(), "src")
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || n >= limit {
			return fs.SkipAll
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") {
			if data, err := os.ReadFile(p); err == nil {
				files = append(files, data)
				n += len(data)
			}
		}
		return nil
	})
	if n == 0 {
		b.Skip("no Go source under GOROOT/src")
	}
	return files
}

// A benchSet is one kind of input of the Match benchmarks.
type benchSet struct {
	name  string
	files [][]byte
}

// matchSets returns the inputs of the Match benchmarks.
func matchSets(b *testing.B) []benchSet {
	var corpusFiles [][]byte
	for _, dir := range []string{"pos", "neg"} {
		ents, _ := os.ReadDir(filepath.Join(corpusDir, dir))
		for _, e := range ents {
			if data, err := os.ReadFile(filepath.Join(corpusDir, dir, e.Name())); err == nil {
				corpusFiles = append(corpusFiles, data)
			}
		}
	}
	k := fakekey.New("bench")
	return []benchSet{
		// Realistic files, most with keys: the detection path.
		{"corpus", corpusFiles},
		// Go source: almost no UUIDs, the prefilter path.
		{"gosrc", goSource(b, 32<<20)},
		// CSS and Markdown: "-4" and dashes everywhere, no UUID; the
		// prefilter's worst realistic case.
		{"dashes", [][]byte{bytes.Repeat([]byte(".a{margin:-4px -4em}\n|---|---|-42-|\n2024-01-01 -- x-4\n"), (1<<20)/56)}},
		// A 1 MB minified line with two UUIDs every 110 bytes.
		{"minified-uuids", [][]byte{bundle(1<<20, fakekey.N("bench", 3)...)}},
		// A 1 MB line of x-api-key headers: every UUID is judged in full.
		{"header-dense", [][]byte{bytes.Repeat([]byte(`{"x-api-key":"`+k+`"},`), (1<<20)/53)}},
	}
}

func (s benchSet) size() int {
	n := 0
	for _, f := range s.files {
		n += len(f)
	}
	return n
}

// BenchmarkMatch measures Match over several kinds of input and, on the
// same data, a plain bytes.Count of "x-api-key" (the work of a literal
// search such as rg -F), so that the ratio of the two MB/s figures shows
// what detection costs over a memory scan.
//
//	go test ./rules -run '^$' -bench Match -benchtime 2s
func BenchmarkMatch(b *testing.B) {
	set := New()
	for _, s := range matchSets(b) {
		size := s.size()
		b.Run(s.name+"/match", func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				for _, f := range s.files {
					set.Match(f)
				}
			}
		})
		b.Run(s.name+"/index-x-api-key", func(b *testing.B) {
			b.SetBytes(int64(size))
			pat := []byte("x-api-key")
			for b.Loop() {
				for _, f := range s.files {
					bytes.Count(f, pat)
				}
			}
		})
	}
}

// BenchmarkPosition measures Position for a key at the end of a 1 MB line.
func BenchmarkPosition(b *testing.B) {
	text := []byte(strings.Repeat("var a=1;", 1<<17) + "x")
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Position(text, len(text)-1)
	}
}
