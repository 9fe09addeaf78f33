package cache

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// lockPoll is how often a lock held by another process is tried again.
const lockPoll = 100 * time.Millisecond

// errLocked is what tryLock returns when another process holds the lock.
var errLocked = errors.New("locked by another process")

// A Lock is an exclusive lock on one entry of the cache, held by this
// process until Unlock. It is an advisory lock of the operating system on
// a lock file (flock on unix, LockFileEx on Windows): the system drops it
// when the process dies, so a killed run never leaves a stale lock. The
// file holds the holder's pid and host, for a person who wonders who
// holds it; nothing reads it back.
type Lock struct {
	f *os.File
}

// lockFile takes the lock of the file name, waiting while another process
// holds it, until ctx ends.
func lockFile(ctx context.Context, name string) (*Lock, error) {
	if err := os.MkdirAll(filepath.Dir(name), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	for {
		err := tryLock(f)
		if err == nil {
			break
		}
		if !errors.Is(err, errLocked) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", name, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(lockPoll):
		}
	}
	host, _ := os.Hostname()
	f.Truncate(0)
	f.WriteAt([]byte(fmt.Sprintf("pid %d host %s since %s\n", os.Getpid(), strings.TrimSpace(host), time.Now().UTC().Format(time.RFC3339))), 0)
	return &Lock{f: f}, nil
}

// tryLockFile takes the lock of the file name if no one holds it, and
// fails at once otherwise.
func tryLockFile(name string) (*Lock, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := tryLock(f); err != nil {
		f.Close()
		return nil, err
	}
	return &Lock{f: f}, nil
}

// Unlock releases the lock. It is safe to call more than once.
func (l *Lock) Unlock() {
	if l == nil || l.f == nil {
		return
	}
	unlock(l.f)
	l.f.Close()
	l.f = nil
}
