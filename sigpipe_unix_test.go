//go:build unix

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// TestSIGPIPE: with stdout a pipe whose reader is gone (| head -0), the
// scan is not killed by SIGPIPE; it writes its --report file whole and
// exits 2 for the failed stdout.
func TestSIGPIPE(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var src bytes.Buffer
	for i, k := range fakekey.N("sigpipe", 50) {
		src.WriteString(`h` + string(rune('a'+i%26)) + ` = {"x-api-key": "` + k + `"}` + "\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "a.py"), src.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close() // the reader has gone before the first write
	cmd, stderr := startChild(t, dir, w, "scan", "--report", "r.json", "--report", "r.sarif", ".")
	w.Close()
	if code := waitCode(t, cmd, stderr); code != 2 {
		t.Fatalf("exit %d, want 2; stderr:\n%s", code, stderr)
	}
	if !bytes.Contains(stderr.Bytes(), []byte("stdout")) {
		t.Errorf("stderr does not name stdout:\n%s", stderr)
	}
	doc := checkJSONReport(t, filepath.Join(dir, "r.json"))
	if fs, _ := doc["findings"].([]any); len(fs) != 50 {
		t.Errorf("r.json has %d findings, want 50", len(fs))
	}
	checkJSONReport(t, filepath.Join(dir, "r.sarif"))
}
