//go:build !unix

package history

import "os/exec"

// cloneProcAttr keeps exec's default: the process is killed when the
// clone's context ends.
func cloneProcAttr(cmd *exec.Cmd) {}

// killClone kills the clone process.
func killClone(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	return cmd.Process.Kill()
}
