package files_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/scanner/files"
)

// A committed ".gitignore -> /dev/zero" symlink is not followed: the scan
// ends and still finds the key next to it.
func TestFilesGitignoreDevZero(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/zero")
	}
	k := fakekey.N("hostile-ignore", 1)
	dir := writeTree(t, map[string]string{"a/one.py": leak(k[0])})
	os.Mkdir(filepath.Join(dir, ".git"), 0o755)
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "a", ".gitignore")); err != nil {
		t.Skip(err)
	}
	t.Chdir(dir)
	res := scanDir(t, ".", files.Options{}, scanner.Options{Jobs: 2})
	if len(res.Findings) != 1 {
		t.Fatalf("findings = %v", paths(res))
	}
}
