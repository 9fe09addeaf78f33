package hostile

import (
	"fmt"
	"os"
	"time"
)

// Signals: point 4 of the issue. A terminal's Ctrl-C goes to the whole
// foreground process group, so Interrupt does the same; SIGTERM goes to
// cambscan alone, as kill(1) sends it.

// promptly is how long after the signal the process may take to exit. The
// issue asks for "at once" after a second signal and within a second or so
// after a first one that nothing polls; these bounds leave room for a
// loaded machine and are far below the 5 s the issue measured.
const (
	promptFirst  = 3 * time.Second
	promptSecond = time.Second
)

// within checks that the exit came at most d after the last signal.
func within(d time.Duration) func(*Result) error {
	return func(r *Result) error {
		if len(r.Signals) == 0 {
			return fmt.Errorf("exited before any signal was sent")
		}
		if s := r.SinceLastSignal(); s > d {
			return fmt.Errorf("exited %.1fs after the signal, want at most %s", s.Seconds(), d)
		}
		return nil
	}
}

// signalAfter sends the signals in order, each after its delay.
func signalAfter(steps ...any) func(p *Proc) error {
	return func(p *Proc) error {
		for i := 0; i < len(steps); i += 2 {
			if !p.Sleep(steps[i].(time.Duration)) {
				return nil
			}
			if err := steps[i+1].(func(*Proc) error)(p); err != nil {
				return err
			}
		}
		return nil
	}
}

var (
	interrupt = (*Proc).Interrupt
	terminate = (*Proc).Terminate
)

func signalCases() []Case {
	// clone: cambscan git on a URL whose server never answers, signalled.
	clone := func(id, what string, during func(*Proc) error, prompt time.Duration) Case {
		return Case{
			ID: id, Point: "4", What: what, Timeout: 30 * time.Second,
			Setup: func(e *Env) (*Invocation, error) {
				if err := needUnix(); err != nil {
					return nil, err
				}
				addr, err := e.Silent()
				if err != nil {
					return nil, err
				}
				return &Invocation{Args: []string{"git", "http://" + addr + "/r.git"}, WantExit: []int{130},
					During: during, Check: within(prompt)}, nil
			},
		}
	}
	return []Case{
		clone("4a-sigint-clone", "Ctrl-C during a URL clone that never answers",
			signalAfter(time.Second, interrupt), promptFirst),
		clone("4b-sigint-twice", "a second Ctrl-C exits at once",
			signalAfter(time.Second, interrupt, 100*time.Millisecond, interrupt), promptSecond),
		clone("4c-sigterm-clone", "SIGTERM during a URL clone",
			signalAfter(time.Second, terminate), promptFirst),
		{
			ID: "4d-sigint-writes-reports", Point: "4", What: "Ctrl-C while probing: reports still written",
			Timeout: 30 * time.Second,
			Setup: func(e *Env) (*Invocation, error) {
				if err := needUnix(); err != nil {
					return nil, err
				}
				k := e.Key("k")
				e.Write("d/app.py", KeyFile(k))
				url, err := e.Serve(Answer(200, "application/json", "{}", time.Minute))
				if err != nil {
					return nil, err
				}
				rep := e.Path("report.json")
				return &Invocation{
					Args:     []string{"scan", "--verify", "--verify-url", url, "--report", rep, e.Path("d")},
					Reports:  []string{rep},
					WantExit: []int{130},
					During:   signalAfter(1500*time.Millisecond, interrupt),
					Check:    All(within(promptFirst), ReportFindings(rep, k)),
				}, nil
			},
		},
		{
			ID: "4e-sigint-blocked-stdin", Point: "4", What: "Ctrl-C while `scan -` waits on a silent pipe",
			Timeout: 30 * time.Second,
			Setup: func(e *Env) (*Invocation, error) {
				if err := needUnix(); err != nil {
					return nil, err
				}
				r, w, err := os.Pipe()
				if err != nil {
					return nil, err
				}
				// The harness holds the write end open and never writes.
				e.Defer(func() { r.Close(); w.Close() })
				return &Invocation{Args: []string{"scan", "-"}, Stdin: r, WantExit: []int{130},
					During: signalAfter(time.Second, interrupt), Check: within(promptFirst)}, nil
			},
		},
		{
			ID: "4f-sigpipe", Point: "4", What: "stdout a closed pipe (| head): --report still written",
			Setup: func(e *Env) (*Invocation, error) {
				if err := needUnix(); err != nil {
					return nil, err
				}
				k := e.Key("k")
				e.Write("d/app.py", KeyFile(k))
				r, w, err := os.Pipe()
				if err != nil {
					return nil, err
				}
				r.Close() // every write to w gets EPIPE (or SIGPIPE)
				e.Defer(func() { w.Close() })
				rep := e.Path("report.json")
				return &Invocation{Args: []string{"scan", "--report", rep, e.Path("d")}, Stdout: w,
					Reports: []string{rep}, WantExit: []int{1, 2}, Check: ReportFindings(rep, k)}, nil
			},
		},
	}
}
