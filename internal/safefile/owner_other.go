//go:build !unix

package safefile

import "os"

// OwnedByOther is false where ownership is not checked (Windows).
func OwnedByOther(fi os.FileInfo) bool { return false }
