//go:build !unix

package safefile

import "os"

// openFile without O_NOFOLLOW: lstat first, refuse a symlink or anything
// not regular, open, and require that the opened file is the one lstat saw
// (a swap between the two calls is refused).
func openFile(name string, o Options) (*os.File, error) {
	var before os.FileInfo
	if o.NoFollow {
		st, err := os.Lstat(name)
		if err != nil {
			return nil, err
		}
		if !st.Mode().IsRegular() {
			return nil, notRegular(name, st.Mode())
		}
		before = st
	} else if st, err := os.Stat(name); err == nil && !st.Mode().IsRegular() {
		// Do not open a device or a pipe at all.
		return nil, notRegular(name, st.Mode())
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	if before != nil {
		after, err := f.Stat()
		if err != nil || !os.SameFile(before, after) {
			f.Close()
			return nil, &Error{Path: name, Reason: "changed while being opened", Err: ErrNotRegular}
		}
	}
	return f, nil
}
