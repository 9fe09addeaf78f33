//go:build unix

package hostile

import (
	"os"
	"os/exec"
	"runtime"
	"syscall"
)

const (
	sigInt  = int(syscall.SIGINT)
	sigTerm = int(syscall.SIGTERM)
)

// setProcAttr puts the child in a process group of its own, so that a
// timeout kills what it started too, and Ctrl-C can be imitated.
func setProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killGroup kills the process group led by p.
func killGroup(p *os.Process) {
	if p != nil {
		syscall.Kill(-p.Pid, syscall.SIGKILL)
	}
}

// sendSignal sends sig to pid, or to its process group.
func sendSignal(pid, sig int, group bool) error {
	if group {
		pid = -pid
	}
	if err := syscall.Kill(pid, syscall.Signal(sig)); err != syscall.ESRCH {
		return err
	}
	// The child (or its group) has already exited and been reaped: what
	// the signal was for happened sooner, and the case's checks judge it.
	return os.ErrProcessDone
}

// exitSignal names the signal that ended the process, or "".
func exitSignal(ps *os.ProcessState) string {
	ws, ok := ps.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() {
		return ""
	}
	switch s := ws.Signal(); s {
	case syscall.SIGKILL:
		return "KILL"
	case syscall.SIGPIPE:
		return "PIPE"
	case syscall.SIGINT:
		return "INT"
	case syscall.SIGTERM:
		return "TERM"
	case syscall.SIGSEGV:
		return "SEGV"
	case syscall.SIGABRT:
		return "ABRT"
	default:
		return s.String()
	}
}

// maxRSS returns ru_maxrss in bytes: the kernel reports KiB, except on
// Apple systems.
func maxRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) << 10
}

// Mkfifo creates a named pipe.
func Mkfifo(name string) error { return syscall.Mkfifo(name, 0o644) }
