//go:build !linux

package hostile

// watchRSS has no /proc to read outside Linux: only the timeout and the
// final ru_maxrss bound a case there.
func watchRSS(pid int, limit int64, done <-chan struct{}, kill func()) int64 {
	<-done
	return 0
}

func setDataLimit(pid int, n int64) {}

func lowerHWM() {}
