package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Paths that 'cambscan hook' prints are quoted as git quotes them: a
// repository (or core.hooksPath) whose name holds an escape sequence and a
// newline cannot retitle the terminal or forge a line.
func TestHookQuotesPaths(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("control bytes in file names")
	}
	base := hookTestRepo(t)
	dir := filepath.Join(base, "r\x1b]0;pwned\x07\nno CAMB.AI keys found")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Skip(err)
	}
	hookGit(t, dir, "init", "-q", "-b", "main")
	hookGit(t, dir, "config", "core.hooksPath", "h\x1b[2Jx")
	check := func(what, out string) {
		t.Helper()
		if strings.ContainsAny(out, "\x1b\x07") || strings.Contains(out, "\nno CAMB.AI") {
			t.Errorf("%s printed a raw control byte: %q", what, out)
		}
		if !strings.Contains(out, `\033`) {
			t.Errorf("%s did not show the escaped path: %q", what, out)
		}
	}
	for _, args := range [][]string{{"hook", "install"}, {"hook", "status"}, {"hook", "uninstall"}} {
		stdout, stderr, code := runIn(t, dir, os.Getenv, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d, %s", args, code, stderr)
		}
		check(strings.Join(args, " "), stdout)
		if strings.ContainsAny(stderr, "\x1b\x07") {
			t.Errorf("%v stderr: %q", args, stderr)
		}
	}
	// An error names the path too: a directory where the hook goes.
	os.MkdirAll(filepath.Join(dir, "h\x1b[2Jx", "pre-commit"), 0o755)
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"hook", "install"}, strings.NewReader(""), &stdout, &stderr, os.Getenv)
	if exitCodeOf(err) != 2 {
		t.Fatalf("install over a directory: %v", err)
	}
	check("install error", err.Error())
}
