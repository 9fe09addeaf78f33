//go:build unix

package hook

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// guard runs f and fails the test if it has not returned after a generous
// delay: a read that blocks on a FIFO would otherwise hang the test.
func guard(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not return: blocked on a hostile file", what)
	}
}

// A FIFO or a symlink to /dev/zero as the existing pre-commit hook is
// someone else's hook: status says so without blocking or reading without
// bound, install keeps it as the backup (renamed, never read), uninstall
// puts it back.
func TestHostileExistingHook(t *testing.T) {
	for _, kind := range []string{"fifo", "devzero"} {
		t.Run(kind, func(t *testing.T) {
			e := newEnv(t)
			dir := e.repo()
			hooks := e.gitHooksDir(dir)
			os.MkdirAll(hooks, 0o755)
			hook := filepath.Join(hooks, HookName)
			var err error
			if kind == "fifo" {
				err = syscall.Mkfifo(hook, 0o755)
			} else {
				err = os.Symlink("/dev/zero", hook)
			}
			if err != nil {
				t.Skip(err)
			}
			var st State
			guard(t, "Status", func() { st, err = Status(dir, e.opts()) })
			if err != nil || !st.Exists || st.Installed || st.Current {
				t.Fatalf("status = %+v, %v", st, err)
			}
			guard(t, "Install", func() { _, err = Install(dir, e.opts()) })
			if err != nil {
				t.Fatal(err)
			}
			fi, err := os.Lstat(filepath.Join(hooks, BackupName))
			if err != nil {
				t.Fatal(err)
			}
			if want := map[string]os.FileMode{"fifo": os.ModeNamedPipe, "devzero": os.ModeSymlink}[kind]; fi.Mode()&want == 0 {
				t.Fatalf("backup mode %v", fi.Mode())
			}
			if fi, err := os.Lstat(hook); err != nil || !fi.Mode().IsRegular() {
				t.Fatalf("installed hook: %v, %v", fi, err)
			}
			guard(t, "Uninstall", func() { _, err = Uninstall(dir, e.opts()) })
			if err != nil {
				t.Fatal(err)
			}
			if fi, err := os.Lstat(hook); err != nil || fi.Mode().IsRegular() {
				t.Fatalf("restored hook: %v, %v", fi, err)
			}
		})
	}
}

// A symlink to a copy of cambscan's script is cambscan's hook (git runs
// it through the link) but not current: install replaces the link with
// the script and leaves its target alone, without chaining it.
func TestSymlinkToOwnScript(t *testing.T) {
	e := newEnv(t)
	dir := e.repo()
	hooks := e.gitHooksDir(dir)
	os.MkdirAll(hooks, 0o755)
	target := filepath.Join(t.TempDir(), "shared-pre-commit")
	os.WriteFile(target, Script(""), 0o755)
	hook := filepath.Join(hooks, HookName)
	if err := os.Symlink(target, hook); err != nil {
		t.Skip(err)
	}
	st, err := Status(dir, e.opts())
	if err != nil || !st.Installed || st.Current {
		t.Fatalf("status = %+v, %v", st, err)
	}
	mustInstall(t, dir, e.opts())
	if fi, err := os.Lstat(hook); err != nil || !fi.Mode().IsRegular() {
		t.Fatalf("hook after install: %v, %v", fi, err)
	}
	if _, err := os.Lstat(filepath.Join(hooks, BackupName)); err == nil {
		t.Fatal("cambscan's own script was kept as the hook to run first")
	}
	if b, err := os.ReadFile(target); err != nil || string(b) != string(Script("")) {
		t.Fatalf("link target changed: %v", err)
	}
}

// A config file git would read (here through include.path) that is a
// FIFO or /dev/zero is passed over like a missing one.
func TestHostileConfigInclude(t *testing.T) {
	for _, kind := range []string{"fifo", "devzero"} {
		t.Run(kind, func(t *testing.T) {
			e := newEnv(t)
			dir := e.repo()
			inc := filepath.Join(t.TempDir(), "inc")
			var err error
			if kind == "fifo" {
				err = syscall.Mkfifo(inc, 0o644)
			} else {
				err = os.Symlink("/dev/zero", inc)
			}
			if err != nil {
				t.Skip(err)
			}
			cfg := filepath.Join(dir, ".git", "config")
			f, err := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString("[include]\n\tpath = " + inc + "\n[core]\n\thooksPath = myhooks\n")
			f.Close()
			var st State
			guard(t, "Status", func() { st, err = Status(dir, e.opts()) })
			if err != nil || st.HooksPath != "myhooks" {
				t.Fatalf("status = %+v, %v", st, err)
			}
		})
	}
}
