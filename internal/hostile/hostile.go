// Package hostile is a black-box harness that runs a cambscan binary on
// hostile and broken input and says, case by case, whether it behaves as
// issue 10 asks: bounded memory and time, Ctrl-C that always works, fail
// closed, and nothing printed that holds a key, a credential or a raw
// control byte.
//
// Each [Case] builds its input at run time in a temporary directory (crafted
// loose objects and packs written with zlib and SHA-1, git plumbing,
// symlinks to /dev/zero, FIFOs, loopback servers) and describes one
// invocation of the binary. [RunAll] starts each as a child in its own process
// group under limits, so that a regression fails instead of hurting the
// machine:
//
//   - a wall-clock timeout that kills the whole process group;
//   - on Linux, a watchdog that polls the resident set of the child and
//     every descendant (/proc/PID/statm) every 10 ms and kills the group
//     when the sum passes the case's cap. RLIMIT_AS is useless for Go
//     programs (the runtime reserves far more address space than it uses)
//     and RLIMIT_DATA is not much better (the heap arena index alone is
//     64 MiB of writable mappings), so the data limit is only a coarse
//     backstop, set to 4x the cap plus 512 MiB, against an allocation
//     faster than the poll.
//
// Options.KillScale raises where the watchdog kills (not the cap of the
// verdict), so that a run on an old binary records how far past the cap it
// goes.
//
// The peak RSS reported is the kernel's ru_maxrss of the child, which on
// Linux also covers its waited-for descendants (git subprocesses). Before
// each start the harness resets its own high-water mark, which execve
// would otherwise hand down to the child (see lowerHWM); what remains is
// a floor of about 10 MiB, the harness's current RSS.
//
// Every case then checks its own outcome (a finding reported, exit 2 with a
// message, a report file written), and every case also checks that no
// generated key appears in stdout, stderr or a report unless the command
// line says --show-secrets, and that stdout and stderr hold no control bytes
// other than tab, newline and carriage return. FAIL therefore means "not
// fixed yet"; n/a means the machine cannot build the input.
package hostile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"
)

// Defaults of a case's limits.
const (
	DefaultTimeout = 20 * time.Second
	DefaultMaxRSS  = 256 << 20
)

// A Case is one hostile input and the outcome issue 10 asks for.
type Case struct {
	ID    string // short and unique, e.g. "1a-commit-cycle"
	Point string // the numbered point ("1" to "8") or "new" for the new-user list
	What  string // one line: what is checked
	// Timeout bounds the child's wall time (DefaultTimeout when zero).
	Timeout time.Duration
	// MaxRSS caps the resident memory of the child and its descendants
	// (DefaultMaxRSS when zero).
	MaxRSS int64
	// Setup builds the input in e's directory and returns the invocation.
	// It returns an error wrapping ErrNA when the machine cannot build it.
	Setup func(e *Env) (*Invocation, error)
}

// ErrNA marks a case that this machine cannot run.
var ErrNA = errors.New("n/a")

// needs returns an ErrNA error that says what is missing.
func needs(what string) error { return fmt.Errorf("%w: needs %s", ErrNA, what) }

// An Invocation is one run of the binary.
type Invocation struct {
	Args []string // after the binary's name
	Dir  string   // working directory (the case's directory when empty)
	// Stdin is the child's standard input (nothing when nil). An *os.File
	// is passed as is, so a pipe can stay open.
	Stdin io.Reader
	// Stdout replaces the capture of standard output when set (a closed
	// pipe, for SIGPIPE); the capture is then empty.
	Stdout *os.File
	Env    []string // added to the harness's clean environment
	// Reports are files the run writes; they get the same leak checks as
	// stdout.
	Reports []string
	// WantExit lists the accepted exit codes.
	WantExit []int
	// During runs while the child does (sending signals, swapping files);
	// it returns when it is done or p.Done is closed.
	During func(p *Proc) error
	// Check asserts the outcome once the child has exited with an
	// accepted code; a non-nil error is the reason for FAIL.
	Check func(r *Result) error
	// MaxRSS overrides the case's cap when the input decides it (twice
	// the size of a pack made at run time).
	MaxRSS int64
	// AllowControl turns off the control-byte check for output that is
	// not meant for a terminal.
	AllowControl bool
}

// A Result is what one run of the binary did.
type Result struct {
	Exit     int           // exit code, -1 when killed by a signal
	Signal   string        // the signal that ended it, if any
	Killed   string        // why the harness killed it: "timeout", "rss", or ""
	Wall     time.Duration // from start to exit
	MaxRSS   int64         // bytes; ru_maxrss of the child and its descendants
	Stdout   []byte
	Stderr   []byte
	Signals  []time.Time // when During sent signals
	Exited   time.Time
	Dir      string // the case's directory
	inv      *Invocation
	watchMax int64 // the watchdog's highest sum, which can exceed MaxRSS
}

// SinceLastSignal is the time from the last signal sent to the exit.
func (r *Result) SinceLastSignal() time.Duration {
	if len(r.Signals) == 0 {
		return 0
	}
	return r.Exited.Sub(r.Signals[len(r.Signals)-1])
}

// Outcome is the line of the table for one case.
type Outcome struct {
	ID       string  `json:"id"`
	Point    string  `json:"point"`
	What     string  `json:"what"`
	Verdict  string  `json:"verdict"` // PASS, FAIL or n/a
	Reason   string  `json:"reason,omitempty"`
	Exit     string  `json:"exit"`      // what the child returned: a code, "sig KILL", or "-"
	WantExit string  `json:"want_exit"` // accepted codes, "|"-separated
	WallSec  float64 `json:"wall_s"`
	RSSMiB   float64 `json:"rss_mib"`
	Limit    string  `json:"limit,omitempty"` // "timeout" or "rss" when the harness killed it
	// Stderr is the first line of the child's stderr, escaped.
	Stderr string `json:"stderr,omitempty"`
}

// Options select and configure a run of the harness.
type Options struct {
	Bin  string         // the cambscan binary
	Run  *regexp.Regexp // cases whose ID matches (all when nil)
	Keep bool           // keep each case's directory
	// TmpDir holds the case directories (os.TempDir when empty).
	TmpDir string
	// Scale multiplies every timeout (1 when zero), for slow machines.
	Scale float64
	// KillScale lets a child grow to KillScale times its RSS cap before
	// the watchdog kills it (1 when zero), so that a "before" run records
	// how far past the cap a binary goes. Verdicts still use the cap.
	KillScale float64
	// BigRepo is a large repository for the history-memory case (the case
	// is n/a without it).
	BigRepo string
	// Progress, when set, gets each outcome as soon as it is known.
	Progress func(Outcome)
}

// Select returns the cases whose ID matches re (all when re is nil).
func Select(cases []Case, re *regexp.Regexp) []Case {
	var out []Case
	for _, c := range cases {
		if re == nil || re.MatchString(c.ID) {
			out = append(out, c)
		}
	}
	return out
}

// RunAll runs the selected cases one after the other (the limits measure
// one child at a time) and returns their outcomes in order.
func RunAll(cases []Case, o Options) []Outcome {
	var outs []Outcome
	for _, c := range Select(cases, o.Run) {
		out := runCase(c, o)
		if o.Progress != nil {
			o.Progress(out)
		}
		outs = append(outs, out)
	}
	return outs
}

// runCase sets up, runs and judges one case.
func runCase(c Case, o Options) Outcome {
	out := Outcome{ID: c.ID, Point: c.Point, What: c.What, Exit: "-", WantExit: "-"}
	e, err := newEnv(c.ID, o)
	if err != nil {
		out.Verdict, out.Reason = "FAIL", "harness: "+err.Error()
		return out
	}
	defer e.close()
	inv, err := c.Setup(e)
	if err != nil {
		if errors.Is(err, ErrNA) {
			out.Verdict, out.Reason = "n/a", strings.TrimPrefix(err.Error(), "n/a: ")
		} else {
			out.Verdict, out.Reason = "FAIL", "setup: "+oneLine(err.Error())
		}
		return out
	}
	out.WantExit = joinInts(inv.WantExit)
	if inv.MaxRSS > 0 {
		c.MaxRSS = inv.MaxRSS
	}
	limits := limits{timeout: c.Timeout, maxRSS: c.MaxRSS}
	if limits.timeout == 0 {
		limits.timeout = DefaultTimeout
	}
	if o.Scale > 0 {
		limits.timeout = time.Duration(float64(limits.timeout) * o.Scale)
	}
	if limits.maxRSS == 0 {
		limits.maxRSS = DefaultMaxRSS
	}
	limits.killRSS = limits.maxRSS
	if o.KillScale > 1 {
		limits.killRSS = int64(float64(limits.maxRSS) * o.KillScale)
	}
	r, err := e.run(o.Bin, inv, limits)
	if err != nil {
		out.Verdict, out.Reason = "FAIL", "harness: "+oneLine(err.Error())
		return out
	}
	out.WallSec = r.Wall.Seconds()
	out.RSSMiB = float64(max(r.MaxRSS, r.watchMax)) / (1 << 20)
	out.Limit = r.Killed
	out.Stderr = strings.TrimPrefix(firstStderr(r), ": ")
	switch {
	case r.Signal != "":
		out.Exit = "sig " + r.Signal
	default:
		out.Exit = fmt.Sprint(r.Exit)
	}
	out.Verdict, out.Reason = "PASS", ""
	if reason := judge(e, inv, r, limits); reason != "" {
		out.Verdict, out.Reason = "FAIL", oneLine(reason)
	}
	return out
}

// judge returns why r fails c, or "".
func judge(e *Env, inv *Invocation, r *Result, l limits) string {
	switch r.Killed {
	case "timeout":
		return fmt.Sprintf("still running after %s (killed)", l.timeout)
	case "rss":
		return fmt.Sprintf("resident memory passed %d MiB (killed)", l.killRSS>>20)
	}
	if r.Signal != "" {
		return "killed by SIG" + r.Signal + firstStderr(r)
	}
	if bytes.Contains(r.Stderr, []byte("fatal error: runtime: out of memory")) {
		return fmt.Sprintf("out of memory under the harness's data limit (RLIMIT_DATA %d MiB)", dataLimit(l)>>20)
	}
	if !containsInt(inv.WantExit, r.Exit) {
		return fmt.Sprintf("exit %d, want %s%s", r.Exit, joinInts(inv.WantExit), firstStderr(r))
	}
	if max(r.MaxRSS, r.watchMax) > l.maxRSS {
		return fmt.Sprintf("peak RSS %d MiB over the cap of %d MiB", max(r.MaxRSS, r.watchMax)>>20, l.maxRSS>>20)
	}
	if reason := e.leaks(inv, r); reason != "" {
		return reason
	}
	if inv.Check != nil {
		if err := inv.Check(r); err != nil {
			return err.Error()
		}
	}
	return ""
}

// firstStderr returns ": " and the first line of r's stderr, or "".
func firstStderr(r *Result) string {
	s := strings.TrimSpace(string(r.Stderr))
	if s == "" {
		return ""
	}
	return ": " + quoteLine(s)
}
