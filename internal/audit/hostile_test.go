package audit

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/cache"
	"github.com/cambscan/cambscan/internal/fakekey"
)

// A record the cache did not write as it should (damaged, edited, or from
// another tool) is hostile input: a whole key in its secret field is shown
// redacted all the same, and a secret_sha256 that is not one neither
// crashes the report nor passes silently: it is named as damaged.
func TestHostileRecord(t *testing.T) {
	key := fakekey.New("audit " + t.Name())
	c, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	rec := &cache.Record{Target: "https://git.example/org/r", Scanned: t0, Findings: map[string]*cache.Seenings{
		"a": {Rule: "camb-api-key", Path: "a.env", SecretSHA256: keySHA("a"), Secret: key, FirstSeen: t0, LastSeen: t0},
		"b": {Rule: "camb-api-key", Path: "b.env", SecretSHA256: "ab", FirstSeen: t0, LastSeen: t0},
	}}
	if err := c.WriteRecord(rec.Target, rec); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json", "html"} {
		var b strings.Builder
		sum, err := Write(context.Background(), c, &b, Options{Format: format, Now: t0})
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if strings.Contains(b.String(), key) {
			t.Errorf("%s: the whole key is in the report", format)
		}
		if !strings.Contains(strings.Join(sum.Damaged, "\n"), "secret_sha256") {
			t.Errorf("%s: the bad secret_sha256 is not reported as damaged: %q", format, sum.Damaged)
		}
	}
	if _, err := Write(context.Background(), c, io.Discard, Options{Format: "text"}); err != nil {
		t.Fatal(err)
	}
}
