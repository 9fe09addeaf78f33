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
