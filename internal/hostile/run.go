package hostile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

// limits bound one child.
type limits struct {
	timeout time.Duration
	maxRSS  int64 // the cap of the verdict
	killRSS int64 // where the watchdog kills; at least maxRSS
}

// dataLimit is the RLIMIT_DATA backstop for l.
func dataLimit(l limits) int64 { return 4*l.killRSS + 512<<20 }

// A Proc is the running child, as During sees it.
type Proc struct {
	Pid   int
	Start time.Time
	// Done is closed when the child has exited.
	Done <-chan struct{}

	mu      sync.Mutex
	signals []time.Time
}

// Sleep waits d and reports whether the child is still running.
func (p *Proc) Sleep(d time.Duration) bool {
	select {
	case <-p.Done:
		return false
	case <-time.After(d):
		return true
	}
}

// Interrupt sends SIGINT to the child's process group, as Ctrl-C in a
// terminal does.
func (p *Proc) Interrupt() error { return p.signal(sigInt, true) }

// Terminate sends SIGTERM to the child alone, as kill(1) does.
func (p *Proc) Terminate() error { return p.signal(sigTerm, false) }

func (p *Proc) signal(sig int, group bool) error {
	now := time.Now()
	err := sendSignal(p.Pid, sig, group)
	if errors.Is(err, os.ErrProcessDone) {
		return nil // exited before this signal (a loaded machine): not sent, not counted
	}
	p.mu.Lock()
	p.signals = append(p.signals, now)
	p.mu.Unlock()
	return err
}

// maxCapture bounds what is kept of stdout and stderr.
const maxCapture = 256 << 20

// run starts the binary for inv under l and waits for it.
func (e *Env) run(bin string, inv *Invocation, l limits) (*Result, error) {
	cmd := exec.Command(bin, inv.Args...)
	cmd.Dir = inv.Dir
	if cmd.Dir == "" {
		cmd.Dir = e.Dir
	}
	cmd.Env = append(cleanEnv(e), inv.Env...)
	setProcAttr(cmd)
	outName, errName := e.Path("harness-stdout"), e.Path("harness-stderr")
	stdout, err := os.Create(outName)
	if err != nil {
		return nil, err
	}
	defer stdout.Close()
	stderr, err := os.Create(errName)
	if err != nil {
		return nil, err
	}
	defer stderr.Close()
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if inv.Stdout != nil {
		cmd.Stdout = inv.Stdout
	}
	if inv.Stdin != nil {
		cmd.Stdin = inv.Stdin
	}
	r := &Result{Dir: e.Dir, inv: inv}
	var (
		mu     sync.Mutex
		killed string
	)
	kill := func(why string) {
		mu.Lock()
		if killed == "" {
			killed = why
		}
		mu.Unlock()
		killGroup(cmd.Process)
	}
	lowerHWM()
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	// The data limit is a backstop against allocations faster than the
	// watchdog's poll; see the package comment.
	setDataLimit(cmd.Process.Pid, dataLimit(l))
	done := make(chan struct{})
	p := &Proc{Pid: cmd.Process.Pid, Start: start, Done: done}
	timer := time.AfterFunc(l.timeout, func() { kill("timeout") })
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.watchMax = watchRSS(cmd.Process.Pid, l.killRSS, done, func() { kill("rss") })
	}()
	duringErr := make(chan error, 1)
	if inv.During != nil {
		go func() { duringErr <- inv.During(p) }()
	} else {
		duringErr <- nil
	}
	waitErr := cmd.Wait()
	r.Exited = time.Now()
	r.Wall = r.Exited.Sub(start)
	timer.Stop()
	close(done)
	// Whatever the child left in its group (a git it started) goes too.
	killGroup(cmd.Process)
	wg.Wait()
	var derr error
	select {
	case derr = <-duringErr:
	case <-time.After(10 * time.Second):
		derr = errors.New("the case's During did not return")
	}
	mu.Lock()
	r.Killed = killed
	mu.Unlock()
	p.mu.Lock()
	r.Signals = p.signals
	p.mu.Unlock()
	if ps := cmd.ProcessState; ps != nil {
		r.Exit = ps.ExitCode()
		r.Signal = exitSignal(ps)
		r.MaxRSS = maxRSS(ps)
	}
	if waitErr != nil && cmd.ProcessState == nil {
		return nil, waitErr
	}
	if r.Stdout, err = readCapped(outName); err != nil {
		return nil, err
	}
	if r.Stderr, err = readCapped(errName); err != nil {
		return nil, err
	}
	if derr != nil {
		return nil, fmt.Errorf("during the run: %w", derr)
	}
	return r, nil
}

// readCapped reads at most maxCapture bytes of name.
func readCapped(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxCapture))
}
