package safefile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestReadFileRegular(t *testing.T) {
	name := filepath.Join(t.TempDir(), "f")
	os.WriteFile(name, []byte("hello"), 0o644)
	b, err := ReadFile(name, 5, Options{NoFollow: true})
	if err != nil || string(b) != "hello" {
		t.Fatalf("got %q, %v", b, err)
	}
	if _, err := ReadFile(name, 4, Options{}); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), name) {
		t.Fatalf("over the cap: %v", err)
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "missing"), 5, Options{}); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing: %v", err)
	}
}

func TestReadFileDevZero(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/zero")
	}
	link := filepath.Join(t.TempDir(), ".gitignore")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Skip(err)
	}
	_, err := ReadFile(link, MetaCap, Options{NoFollow: true})
	if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "symlink") {
		t.Fatalf("nofollow: %v", err)
	}
	_, err = ReadFile(link, MetaCap, Options{})
	if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "device") {
		t.Fatalf("follow: %v", err)
	}
}

func TestReadFileSymlinkToRegular(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "target"), []byte("x"), 0o644)
	link := filepath.Join(dir, "link")
	if err := os.Symlink("target", link); err != nil {
		t.Skip(err)
	}
	if b, err := ReadFile(link, 10, Options{}); err != nil || string(b) != "x" {
		t.Fatalf("follow: %q %v", b, err)
	}
	if _, err := ReadFile(link, 10, Options{NoFollow: true}); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("nofollow: %v", err)
	}
}

func TestReadFileDirectory(t *testing.T) {
	if _, err := ReadFile(t.TempDir(), 10, Options{}); !errors.Is(err, ErrNotRegular) {
		t.Fatalf("directory: %v", err)
	}
}

func TestLimitReader(t *testing.T) {
	r := LimitReader(strings.NewReader("abcdef"), "x", 3)
	_, err := io.ReadAll(r)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("over: %v", err)
	}
	b, err := io.ReadAll(LimitReader(strings.NewReader("abc"), "x", 3))
	if err != nil || string(b) != "abc" {
		t.Fatalf("at cap: %q %v", b, err)
	}
}
