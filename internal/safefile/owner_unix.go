//go:build unix

package safefile

import (
	"os"
	"syscall"
)

// OwnedByOther reports whether fi belongs to a user other than the
// effective user: git's safe.directory rule ("dubious ownership").
func OwnedByOther(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return false
	}
	return int(st.Uid) != os.Geteuid()
}

// Owner returns the user id that owns fi; ok is false where the system
// does not say.
func Owner(fi os.FileInfo) (uid int, ok bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}
