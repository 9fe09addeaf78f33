//go:build !unix

package hostile

import (
	"errors"
	"os"
	"os/exec"
)

const (
	sigInt  = 2
	sigTerm = 15
)

func setProcAttr(*exec.Cmd) {}

// killGroup kills p; without process groups its children may survive.
func killGroup(p *os.Process) {
	if p != nil {
		p.Kill()
	}
}

func sendSignal(pid, sig int, group bool) error {
	return errors.New("signals to other processes need a unix system")
}

func exitSignal(*os.ProcessState) string { return "" }

func maxRSS(*os.ProcessState) int64 { return 0 }

// Mkfifo creates a named pipe.
func Mkfifo(string) error { return needs("named pipes (unix)") }
