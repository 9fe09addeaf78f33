//go:build !unix

package safefile

import "os"

// OwnedByOther is false where ownership is not checked (Windows).
func OwnedByOther(fi os.FileInfo) bool { return false }

// Owner is not known where ownership is not checked (Windows): ok is false.
func Owner(fi os.FileInfo) (uid int, ok bool) { return 0, false }
