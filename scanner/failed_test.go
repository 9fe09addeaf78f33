package scanner_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/scanner"
)

// TestRunNothingReadable: a source whose every input is unreadable fails
// like one that cannot be opened, also next to a good source; a source
// whose inputs were read or decided (binary, too large, empty) does not.
func TestRunNothingReadable(t *testing.T) {
	unreadable := func(path string) scanner.Chunk {
		c := chunk(path, "")
		c.Data, c.Size = nil, 10
		c.Open = func([]byte, int64) ([]byte, error) { return nil, os.ErrPermission }
		return c
	}
	skipped := func(path string, sk scanner.Skip) scanner.Chunk {
		c := chunk(path, "")
		c.Skip = &sk
		return c
	}
	key := fakekey.New("nothing-readable")
	cases := []struct {
		name   string
		chunks []scanner.Chunk
		failed bool
	}{
		{"empty", nil, false},
		{"one unreadable", []scanner.Chunk{unreadable("a.py")}, true},
		{"unreadable and missing", []scanner.Chunk{unreadable("a.py"), skipped("b", scanner.Skip{Class: scanner.SkipMissing})}, true},
		{"corrupt object", []scanner.Chunk{skipped("blob 1", scanner.Skip{Class: scanner.SkipCorrupt, Detail: "corrupt object 1"})}, true},
		{"truncated pack", []scanner.Chunk{skipped("p.pack", scanner.Skip{Class: scanner.SkipUnreadablePack, Detail: "truncated"})}, true},
		{"delta base missing", []scanner.Chunk{skipped("d", scanner.Skip{Class: scanner.SkipDeltaBase, Base: &scanner.Skip{Class: scanner.SkipMissing}})}, true},
		{"delta base too large", []scanner.Chunk{skipped("d", scanner.Skip{Class: scanner.SkipDeltaBase, Base: &scanner.Skip{Class: scanner.SkipTooLarge}})}, false},
		{"unreadable and one read", []scanner.Chunk{unreadable("a.py"), chunk("b.py", "x = 1\n")}, false},
		{"unreadable and a finding", []scanner.Chunk{unreadable("a.py"), chunk("b.py", leak(key))}, false},
		{"binary and too large", []scanner.Chunk{chunk("b.bin", "\x00\x01"), skipped("big", scanner.Skip{Class: scanner.SkipTooLarge, Size: 2, Limit: 1})}, false},
		{"decided skips", []scanner.Chunk{
			skipped("l", scanner.Skip{Class: scanner.SkipLinkBroken}),
			skipped("f", scanner.Skip{Class: scanner.SkipNotRegular}),
			skipped("c", scanner.Skip{Class: scanner.SkipConflict}),
		}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := &memSource{target: "t", chunks: c.chunks}
			good := &memSource{target: "good", chunks: []scanner.Chunk{chunk("g.py", leak(key))}}
			res, err := scanner.Run(context.Background(), []scanner.Source{src}, scanner.Options{Jobs: 2})
			if c.failed != (err != nil) || c.failed != errors.Is(err, scanner.ErrNothingReadable) {
				t.Fatalf("alone: err %v, want failed %v", err, c.failed)
			}
			if c.failed && !strings.HasPrefix(err.Error(), "t: nothing could be read") {
				t.Errorf("error %q does not name the target first", err)
			}
			if !c.failed && src.resolved.Load() == 0 && len(res.Findings) > 0 {
				t.Error("a source that read something was not resolved")
			}
			res, err = scanner.Run(context.Background(), []scanner.Source{src, good}, scanner.Options{Jobs: 2})
			if err != nil {
				t.Fatalf("with a good source: err %v", err)
			}
			var failed []string
			for _, s := range res.Skipped {
				if s.IsFailed() {
					failed = append(failed, s.Target)
				}
			}
			if want := c.failed; want != (len(failed) == 1 && failed[0] == "t") || len(failed) > 1 {
				t.Errorf("failed targets %v, want t failed: %v", failed, want)
			}
			if len(res.Findings) == 0 {
				t.Error("the good source's finding is lost")
			}
		})
	}
}
