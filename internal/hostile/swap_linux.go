package hostile

import "golang.org/x/sys/unix"

// exchange swaps the directory entries a and b atomically, so a reader
// that saw one kind of file under a name may open the other.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
