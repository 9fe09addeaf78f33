//go:build unix

package history

import (
	"os/exec"
	"syscall"
)

// cloneProcAttr starts the clone in a session of its own (so no child can
// open the terminal to prompt) whose process group is killed when the
// clone's context ends.
func cloneProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	cmd.Cancel = func() error { return killClone(cmd) }
}

// killClone kills the clone's process group: git, its transport helper,
// index-pack and ssh.
func killClone(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}
