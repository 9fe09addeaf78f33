package files_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/scanner"
	"github.com/cambscan/cambscan/scanner/files"
)

// TestFilesDubiousOwnership: the ignore rules of a work tree whose .git
// another user owns are not applied (git refuses the repository), so an
// info/exclude of "*" hides nothing, and the source warns; once
// safe.directory lists it, they apply again. Needs root to chown.
func TestFilesDubiousOwnership(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to chown a .git directory to another user")
	}
	key := fakekey.New("dubious-files")
	dir := writeTree(t, map[string]string{
		".git/HEAD":         "ref: refs/heads/main\n",
		".git/info/exclude": "*\n",
		"src/app.py":        leak(key),
	})
	global := filepath.Join(t.TempDir(), "gitconfig")
	os.WriteFile(global, nil, 0o644)
	t.Setenv("GIT_CONFIG_GLOBAL", global)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	root := filepath.Join(dir, "src")
	scan := func() *scanner.Result {
		t.Helper()
		return scanDir(t, root, files.Options{}, scanner.Options{Jobs: 1})
	}
	if res := scan(); len(res.Findings) != 0 || len(res.Warnings) != 0 {
		t.Fatalf("own repository: findings %v, warnings %v; want app.py excluded", paths(res), res.Warnings)
	}
	if err := os.Chown(filepath.Join(dir, ".git"), 12345, 12345); err != nil {
		t.Fatal(err)
	}
	res := scan()
	if len(res.Findings) != 1 {
		t.Errorf("dubious repository: findings %v; want app.py scanned", paths(res))
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "detected dubious ownership") ||
		!strings.Contains(res.Warnings[0], "every file under it was scanned; to trust it, call: git config --global --add safe.directory") {
		t.Errorf("warnings %q", res.Warnings)
	}
	os.WriteFile(global, []byte("[safe]\n\tdirectory = *\n"), 0o644)
	if res := scan(); len(res.Findings) != 0 || len(res.Warnings) != 0 {
		t.Errorf("safe.directory = *: findings %v, warnings %v; want app.py excluded again", paths(res), res.Warnings)
	}
}
