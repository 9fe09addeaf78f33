package cache

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// lockHelperEnv makes the test binary a child that takes the lock of the
// file it names, says "locked" and waits to be killed.
const lockHelperEnv = "CAMBSCAN_CACHE_TEST_LOCK_HELPER"

func TestMain(m *testing.M) {
	if name := os.Getenv(lockHelperEnv); name != "" {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		l, err := lockFile(ctx, name)
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(3)
		}
		fmt.Println("locked")
		time.Sleep(time.Minute) // killed long before
		l.Unlock()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestLockExcludesGoroutines: two holders of one repository's lock in one
// process never overlap (each LockRepo opens its own file description, so
// flock excludes them as it does two processes).
func TestLockExcludesGoroutines(t *testing.T) {
	c, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var inside, overlaps atomic.Int32
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 5 {
				l, err := c.LockRepo(t.Context(), "https://host/o/r.git")
				if err != nil {
					t.Error(err)
					return
				}
				if inside.Add(1) != 1 {
					overlaps.Add(1)
				}
				time.Sleep(2 * time.Millisecond)
				inside.Add(-1)
				l.Unlock()
			}
		})
	}
	wg.Wait()
	if n := overlaps.Load(); n != 0 {
		t.Errorf("%d times two goroutines held the lock at once", n)
	}
	// Another repository's lock is independent.
	a, err := c.LockRepo(t.Context(), "https://host/o/a.git")
	if err != nil {
		t.Fatal(err)
	}
	defer a.Unlock()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	b, err := c.LockRepo(ctx, "https://host/o/b.git")
	if err != nil {
		t.Fatalf("lock of another repository: %v", err)
	}
	b.Unlock()
	b.Unlock() // twice is fine
}

// TestLockReleasedOnKill: a child process holds a lock; this process
// cannot take it; once the child is killed (SIGKILL on unix: it runs no
// cleanup) the lock is free.
func TestLockReleasedOnKill(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" && runtime.GOOS != "windows" && runtime.GOOS != "freebsd" {
		t.Skip("no file locks here")
	}
	c, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	const target = "https://host/o/r.git"
	name := filepath.Join(c.Dir(), "locks", Name(target)+".lock")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), lockHelperEnv+"="+name)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, _ := bufio.NewReader(out).ReadString('\n')
	if strings.TrimSpace(line) != "locked" {
		t.Fatalf("helper said %q", line)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
	defer cancel()
	if l, err := c.LockRepo(ctx, target); !errors.Is(err, context.DeadlineExceeded) {
		l.Unlock()
		t.Fatalf("took a lock another process holds (err %v)", err)
	}
	holder, _ := os.ReadFile(name)
	if !strings.Contains(string(holder), fmt.Sprintf("pid %d ", cmd.Process.Pid)) {
		t.Errorf("lock file says %q, want the holder's pid %d", holder, cmd.Process.Pid)
	}

	if err := cmd.Process.Kill(); err != nil { // SIGKILL on unix
		t.Fatal(err)
	}
	cmd.Wait()
	ctx, cancel = context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	l, err := c.LockRepo(ctx, target)
	if err != nil {
		t.Fatalf("lock not free after its holder was killed: %v", err)
	}
	l.Unlock()
}
