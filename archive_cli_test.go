package main

import (
	"archive/zip"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
)

// TestArchivesInHistory: a key inside a jar that was committed and then
// deleted is found in the history blob at jar!member:line:column, and
// --no-archives skips the jar as binary.
func TestArchivesInHistory(t *testing.T) {
	t.Parallel()
	key := fakekey.New("archive-history")
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	f, _ := w.Create("conf/.env")
	f.Write([]byte("# app\nCAMB_API_KEY=" + key + "\n"))
	w.Close()
	dir := t.TempDir()
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	if err := os.MkdirAll(filepath.Join(dir, "lib"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "lib", "app.jar"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	git("add", "-A")
	git("commit", "-q", "-m", "add jar")
	git("rm", "-q", "lib/app.jar")
	git("commit", "-q", "-m", "remove jar")
	noenv := func(string) string { return "" }
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"git", "--progress", "never", dir}, "lib/app.jar!conf/.env:2:14"},
		{[]string{"git", "--progress", "never", "--no-archives", dir}, "no CAMB.AI keys found"},
	} {
		var out, errOut bytes.Buffer
		run(t.Context(), c.args, strings.NewReader(""), &out, &errOut, noenv)
		if !strings.Contains(out.String()+errOut.String(), c.want) {
			t.Errorf("%v: want %q in\n%s%s", c.args, c.want, out.String(), errOut.String())
		}
	}
}
