package hostile

import (
	"bytes"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// pollRSS is how often the watchdog reads the resident set.
const pollRSS = 10 * time.Millisecond

// watchRSS polls the resident memory of pid and its descendants until done
// is closed, calls kill once when the sum passes limit, and returns the
// highest sum seen.
func watchRSS(pid int, limit int64, done <-chan struct{}, kill func()) int64 {
	page := int64(os.Getpagesize())
	var peak int64
	t := time.NewTicker(pollRSS)
	defer t.Stop()
	for {
		select {
		case <-done:
			return peak
		case <-t.C:
		}
		var sum int64
		for _, p := range tree(pid) {
			sum += residentPages(p) * page
		}
		peak = max(peak, sum)
		if sum > limit {
			kill()
			return peak
		}
	}
}

// tree returns pid and its descendants, from /proc/PID/task/TID/children.
func tree(pid int) []int {
	out := []int{pid}
	for i := 0; i < len(out) && i < 4096; i++ {
		tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", out[i]))
		if err != nil {
			continue
		}
		for _, t := range tasks {
			b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/children", out[i], t.Name()))
			if err != nil {
				continue
			}
			for _, f := range bytes.Fields(b) {
				if c, err := strconv.Atoi(string(f)); err == nil {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// residentPages reads the second field of /proc/PID/statm.
func residentPages(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/statm", pid))
	if err != nil {
		return 0
	}
	f := bytes.Fields(b)
	if len(f) < 2 {
		return 0
	}
	n, _ := strconv.ParseInt(string(f[1]), 10, 64)
	return n
}

// setDataLimit sets RLIMIT_DATA of the running process pid.
func setDataLimit(pid int, n int64) {
	lim := unix.Rlimit{Cur: uint64(n), Max: uint64(n)}
	unix.Prlimit(pid, unix.RLIMIT_DATA, &lim, nil)
}

// lowerHWM makes the harness's own memory invisible in the child's
// ru_maxrss. os/exec starts children with CLONE_VM, and execve records the
// high-water mark of the memory it leaves, the harness's, in the child's
// maxrss: after a case that read 100 MB of output every later child would
// report 100 MB. Returning freed memory and resetting the harness's
// high-water mark (clear_refs 5, Linux 4.0) leaves its current RSS, some
// 10 MiB, as the floor of what a child can report.
func lowerHWM() {
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}
