package main

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMemoryLimit(t *testing.T) {
	none := func(string) string { return "" }
	for _, c := range []struct {
		size, want int64
	}{
		{10 << 20, 192<<20 + 80<<20},
		{1 << 20, 192<<20 + 8<<20},
		{2 << 10, 192<<20 + 16<<10},
		{0, 192 << 20},
		{8000000000 << 30, math.MaxInt64},
	} {
		if got := memoryLimit(c.size, none); got != c.want {
			t.Errorf("memoryLimit(%d) = %d, want %d", c.size, got, c.want)
		}
	}
	if got := memoryLimit(1<<20, func(k string) string { return map[string]string{"GOMEMLIMIT": "1GiB"}[k] }); got != -1 {
		t.Errorf("with GOMEMLIMIT set: %d, want -1 (the runtime's)", got)
	}
}

// TestMemoryLimitEffectiveSize: the limit a scan sets follows its
// effective --max-file-size: the flag, else the repository config's
// max-file-size, else the default.
func TestMemoryLimitEffectiveSize(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".cambscan.yaml"), []byte("max-file-size: 1MiB\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	other := t.TempDir()
	for _, c := range []struct {
		args   []string
		env    string // GOMEMLIMIT
		want   int64  // 0: no limit set
		detail string
	}{
		{args: []string{"scan", dir}, want: 192<<20 + 8<<20, detail: "the config's 1MiB"},
		{args: []string{"scan", "--max-file-size", "2MiB", dir}, want: 192<<20 + 16<<20, detail: "the flag over the config"},
		{args: []string{"scan", "--no-config", dir}, want: 192<<20 + 80<<20, detail: "the default"},
		{args: []string{"scan", other}, want: 192<<20 + 80<<20, detail: "no config"},
		{args: []string{"scan", "--config", filepath.Join(dir, ".cambscan.yaml"), other}, want: 192<<20 + 8<<20, detail: "--config FILE"},
		{args: []string{"scan", dir}, env: "1GiB", detail: "GOMEMLIMIT is the user's"},
	} {
		var got []int64
		ctx := withMemoryLimiter(context.Background(), func(n int64) { got = append(got, n) })
		getenv := func(k string) string {
			if k == "GOMEMLIMIT" {
				return c.env
			}
			return ""
		}
		var stdout, stderr bytes.Buffer
		err := run(ctx, c.args, strings.NewReader(""), &stdout, &stderr, getenv)
		if c.want == 0 {
			if len(got) != 0 {
				t.Errorf("%s: %q set the limit %v", c.detail, c.args, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %q: %v\n%s", c.detail, c.args, err, stderr.String())
		}
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("%s: %q set the limit %v, want [%d]", c.detail, c.args, got, c.want)
		}
	}
}
