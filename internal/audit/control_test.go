package audit

import (
	"context"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/cache"
)

// TestControlCharactersEscaped: repository names, paths, commits, rules,
// secrets and probe reasons from the cache are printed with their control
// characters escaped as package redact escapes them (ESC as \033, U+202E
// as \342\200\256), in the text and the HTML report alike: a record or a
// liveness file is input from whoever named the repository or the path,
// and a report is read in terminals and browsers.
func TestControlCharactersEscaped(t *testing.T) {
	c, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	const hostile = "\x1b[2J\x07\u202e\x00"
	rec := &cache.Record{Target: "https://git.example/org/r" + hostile, Scanned: t0, Findings: map[string]*cache.Seenings{
		"a": {
			Rule: "camb-api-key" + hostile, Path: "dir/a" + hostile + "vne.txt", Commit: "c0ffee" + hostile,
			SecretSHA256: keySHA("a"), Secret: "ab" + hostile, FirstSeen: t0, LastSeen: t0,
		},
	}}
	if err := c.WriteRecord(rec.Target, rec); err != nil {
		t.Fatal(err)
	}
	if err := c.PutLiveness(keySHA("a"), cache.Liveness{Status: "unknown", Reason: "timeout" + hostile, CheckedAt: t0}); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "html"} {
		var b strings.Builder
		if _, err := Write(context.Background(), c, &b, Options{Format: format, Now: t0}); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		out := b.String()
		for _, bad := range []string{"\x1b", "\x07", "\u202e", "\x00"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s: the report holds %q unescaped", format, bad)
			}
		}
		for _, want := range []string{`dir/a\033[2J\a\342\200\256\000vne.txt`, `git.example/org/r\033[2J`, `timeout\033[2J`} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: the report does not show %s", format, want)
			}
		}
		if strings.Count(out, "dir/a") != 1 {
			t.Errorf("%s: the path is not in the report once:\n%s", format, out)
		}
	}
}
